// PmliPred and PmliPEMG plant sets (data README §1, §2). Sequences come from the data dir at run time only.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fastaMap } from "./fasta.ts";
import { parseSeparatedPairs, parseSplicedPairs } from "./formats.ts";
import { fixedFields, headerId, parseLabel, readRecords } from "./records.ts";
import {
  emptyStore,
  finishLoad,
  toRna,
  addSequence,
  type LabelledPair,
  type LoadedDataset,
  type PairRow,
} from "./pairs.ts";

export const PMLIPRED_TEST_SPECIES = { aly: "Arabidopsis_lyrata", sly: "Solanum_lycopersicum" } as const;
export type PmlipredTestSpecies = keyof typeof PMLIPRED_TEST_SPECIES;
export const PMLIPEMG_TEST_SPECIES = ["aly", "mtr"] as const;
export type PmlipemgTestSpecies = (typeof PMLIPEMG_TEST_SPECIES)[number];
export const TRAINVAL_SPECIES = ["ath", "mtr", "gma"] as const;
export type TrainvalSpecies = (typeof TRAINVAL_SPECIES)[number];

export const readData = (dataDir: string, path: string) => readFileSync(join(dataDir, path), "utf8");

const rnaMap = (map: Map<string, string>) => new Map([...map].map(([id, seq]) => [id, toRna(seq)]));

/**
 * An official PmliPred test set, read from Sequence_separated_with_commas.fasta. (The spliced
 * Sequence.fasta differs for 13 aly lncRNAs and 3 sly miRNAs, and its negative headers leak the label.)
 */
export function loadPmlipredTest(dataDir: string, species: PmlipredTestSpecies): LoadedDataset {
  const source = `pmlipred/test/${PMLIPRED_TEST_SPECIES[species]}/Sequence_separated_with_commas.fasta`;
  return finishLoad(
    parseSeparatedPairs(readData(dataDir, source), source, { species, split: "test" }, "pmlipred-commas"),
  );
}

/**
 * The same test set from the spliced Sequence.fasta that PmliPred's code reads, split with the miRNA
 * sequences of the comma-separated file. Used to check the two files against each other.
 */
export function loadPmlipredTestSpliced(dataDir: string, species: PmlipredTestSpecies): LoadedDataset {
  const separated = loadPmlipredTest(dataDir, species);
  const source = `pmlipred/test/${PMLIPRED_TEST_SPECIES[species]}/Sequence.fasta`;
  const { pairs, unsplit } = parseSplicedPairs(
    readData(dataDir, source),
    source,
    { species, split: "test" },
    separated.sequences.mirna,
  );
  const notes = unsplit.length
    ? [
        `${unsplit.length} rows do not start with the miRNA sequence of the comma-separated file (kept without sequences)`,
      ]
    : [];
  return finishLoad([...pairs, ...unsplit], notes);
}

/** PmliPEMG's TestSetH (premli/test_PmliPEMG): 7 fields per line, the two structures unused. */
export function loadPmlipemgTestSetH(dataDir: string, species: PmlipemgTestSpecies): LoadedDataset {
  const source = `premli/test_PmliPEMG/${species}-TestSetH.fasta`;
  return finishLoad(
    parseSeparatedPairs(readData(dataDir, source), source, { species, split: "test" }, "pmlipemg-testseth"),
  );
}

/**
 * The training-validation pair list (15,000 rows): all three species' pairs, miRNA sequences from
 * derived/trainval_mirna.fasta and lncRNA sequences for the A. thaliana third only (recovered in
 * derived/trainval_ath_lncrna.fasta; the mtr and gma lncRNA sequences are not obtainable).
 */
export function loadPmlipredTrainval(dataDir: string, only?: TrainvalSpecies): LoadedDataset {
  const source = "pmlipred/trainval_pairs/RNA-RNA-Interacting.csv";
  const [header, ...records] = readRecords(readData(dataDir, source), source);
  if (header?.fields.join(",") !== ",A,B,Label")
    throw new Error(`${source}: expected the header ",A,B,Label", got ${JSON.stringify(header?.fields.join(","))}`);
  const rows: PairRow[] = [];
  for (const { fields, line } of fixedFields(records, 4, source, "index,A,B,Label")) {
    const mirnaId = headerId(fields[1]!);
    const species = mirnaId.split("-")[0] as TrainvalSpecies;
    if (!TRAINVAL_SPECIES.includes(species))
      throw new Error(
        `${source} line ${line}: miRNA ${mirnaId} is of none of the species ${TRAINVAL_SPECIES.join(", ")}`,
      );
    if (only && species !== only) continue;
    rows.push({
      mirnaId,
      lncrnaId: headerId(fields[2]!),
      label: parseLabel(fields[3]!, `${source} line ${line}`),
      species,
      source,
      split: "all",
    });
  }
  const sequences = emptyStore();
  const mirnas = fastaMap(readData(dataDir, "pmlipred/derived/trainval_mirna.fasta"), "trainval_mirna.fasta");
  const lncrnas = fastaMap(
    readData(dataDir, "pmlipred/derived/trainval_ath_lncrna.fasta"),
    "trainval_ath_lncrna.fasta",
  );
  for (const row of rows) {
    const mirna = mirnas.get(row.mirnaId);
    if (mirna === undefined)
      throw new Error(`${source}: no sequence for miRNA ${row.mirnaId} in derived/trainval_mirna.fasta`);
    addSequence(sequences, "mirna", row.mirnaId, mirna);
    const lncrna = lncrnas.get(row.lncrnaId);
    if (lncrna !== undefined) addSequence(sequences, "lncrna", row.lncrnaId, lncrna);
    else if (row.species === "ath") throw new Error(`${source}: no sequence for A. thaliana lncRNA ${row.lncrnaId}`);
  }
  const notes =
    only === "ath"
      ? []
      : [
          "lncRNA sequences only for the A. thaliana third; mtr and gma pairs are ids and labels only (data README §1b, §1d)",
        ];
  return finishLoad(rows, notes, sequences);
}

/** miRNA sequences that split the pre-publication aly spliced files: test sets, then PMRD. */
function alyMirnaLibrary(dataDir: string): Map<string, string> {
  const library = new Map<string, string>();
  for (const dataset of [loadPmlipredTest(dataDir, "aly"), loadPmlipemgTestSetH(dataDir, "aly")]) {
    for (const [id, seq] of dataset.sequences.mirna) if (!library.has(id)) library.set(id, seq);
  }
  for (const [id, seq] of rnaMap(fastaMap(readData(dataDir, "premli/mirna/all_mature.fasta"), "all_mature.fasta"))) {
    if (!library.has(id)) library.set(id, seq);
  }
  return library;
}

/**
 * Pre-publication 2019 sets (README §1c), spliced format. ath: Training (train) and Test (test), split
 * with the training-validation miRNAs; 202 pairs occur in both files and are kept in test only.
 * aly: Training-test (train) and Validation (validation); miRNAs found in the aly test sets or PMRD;
 * rows whose miRNA sequence is not known anywhere keep ids and label only.
 */
export function loadPmlipredPrepub(dataDir: string, species: "ath" | "aly"): LoadedDataset {
  const files =
    species === "ath"
      ? ([
          ["Training_dataset.fasta", "train"],
          ["Test_dataset.fasta", "test"],
        ] as const)
      : ([
          ["Training-test_dataset.fasta", "train"],
          ["Validation_dataset.fasta", "validation"],
        ] as const);
  const library =
    species === "ath"
      ? rnaMap(fastaMap(readData(dataDir, "pmlipred/derived/trainval_mirna.fasta"), "trainval_mirna.fasta"))
      : alyMirnaLibrary(dataDir);
  const rows: (PairRow | LabelledPair)[] = [];
  let unsplit = 0;
  for (const [file, split] of files) {
    const source = `pmlipred/prepub_2019/${species}/${file}`;
    const parsed = parseSplicedPairs(readData(dataDir, source), source, { species, split }, library);
    rows.push(...parsed.pairs, ...parsed.unsplit);
    unsplit += parsed.unsplit.length;
  }
  const notes = unsplit
    ? [
        `${unsplit} rows: miRNA sequence unknown (not in the aly test sets or PMRD), so the spliced sequence cannot be split; ids and label kept`,
      ]
    : [];
  const loaded = finishLoad(rows, notes);
  if (loaded.report.crossSplit)
    loaded.report.notes.push(
      `${loaded.report.crossSplit} pairs occur in both files: kept in the later split (${files[1][1]}) only`,
    );
  return loaded;
}

/**
 * The two lab-validated S. lycopersicum pairs of the PmliPred README (pmlipred/examples). Each is a
 * spliced miRNA+lncRNA sequence; the miRNA part is found by name among the miRNAs of the data dir
 * (official test sets, PMRD mature miRNAs) and must be an exact prefix.
 */
export function loadPmlipredExamples(dataDir: string): LabelledPair[] {
  const known = new Map<string, string>();
  for (const species of Object.keys(PMLIPRED_TEST_SPECIES) as PmlipredTestSpecies[]) {
    for (const [id, seq] of loadPmlipredTest(dataDir, species).sequences.mirna) known.set(id, seq);
  }
  for (const [id, seq] of rnaMap(fastaMap(readData(dataDir, "premli/mirna/all_mature.fasta"), "all_mature.fasta"))) {
    if (!known.has(id)) known.set(id, seq);
  }
  return ["miR399-lnc1077", "miR482b-TCONS_00023468"].map((example) => {
    const source = `pmlipred/examples/${example}/Sequence.fasta`;
    const { pairs, unsplit } = parseSplicedPairs(
      readData(dataDir, source),
      source,
      { species: "sly", split: "test" },
      known,
    );
    const pair = pairs[0];
    if (!pair || pairs.length !== 1)
      throw new Error(
        `${source}: expected one pair whose sequence starts with a known miRNA (${unsplit[0]?.mirnaId ?? "none"} is not known or not a prefix)`,
      );
    // the file's label field is a placeholder (0); these two interactions were validated in the lab
    return { ...pair, label: 1 };
  });
}

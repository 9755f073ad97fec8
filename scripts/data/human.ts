// Human sets (data README §3–§6): ncRNAInter's lncRNASNP2/GENCODE benchmark, EPLMI's lncRNASNP graph,
// LMI-INGI's sequence set and the raw lncRNASNP2 validated list.
import { fastaMap } from "./fasta.ts";
import { fixedFields, headerId, parseLabel, readRecords } from "./records.ts";
import {
  addSequence,
  emptyStore,
  finishLoad,
  pairKey,
  type LoadedDataset,
  type OfficialSplit,
  type PairRow,
  type SequenceStore,
} from "./pairs.ts";
import { readData } from "./pmlipred.ts";

const SPECIES = "hsa";

function ncrnainterSequences(dataDir: string): SequenceStore {
  const store = emptyStore();
  for (const [id, seq] of fastaMap(
    readData(dataDir, "ncrnainter_human/mirna_names_unique_seq.fasta"),
    "mirna_names_unique_seq.fasta",
  ))
    addSequence(store, "mirna", id, seq);
  for (const [id, seq] of fastaMap(
    readData(dataDir, "ncrnainter_human/lncrna_names_unique_seq.fasta"),
    "lncrna_names_unique_seq.fasta",
  ))
    addSequence(store, "lncrna", id, seq);
  return store;
}

function requireSequences(rows: PairRow[], store: SequenceStore, what: string): void {
  for (const row of rows) {
    if (!store.mirna.has(row.mirnaId)) throw new Error(`${what}: no sequence for miRNA ${row.mirnaId}`);
    if (!store.lncrna.has(row.lncrnaId)) throw new Error(`${what}: no sequence for lncRNA ${row.lncrnaId}`);
  }
}

/**
 * ncRNAInter's human set with its fixed 90/10 split. Pairs labelled both ways are dropped (wherever the
 * two labels sit); a pair in both train and test is kept in test only, so the test set stays as
 * published and train never holds a test pair.
 */
export function loadNcrnainterHuman(dataDir: string): LoadedDataset {
  const rows: PairRow[] = [];
  for (const split of ["trainval", "test"] as const) {
    const source = `ncrnainter_human/${split}/RNA-RNA-Interacting.csv`;
    const [header, ...records] = readRecords(readData(dataDir, source), source);
    const expected = ",mirna,lncrna,Label,mirna_id,lncrna_id,pair_id";
    if (header?.fields.join(",") !== expected)
      throw new Error(`${source}: expected the header ${JSON.stringify(expected)}`);
    for (const { fields, line } of fixedFields(records, 7, source, expected)) {
      rows.push({
        mirnaId: fields[1]!,
        lncrnaId: fields[2]!,
        label: parseLabel(fields[3]!, `${source} line ${line}`),
        species: SPECIES,
        source,
        split: (split === "test" ? "test" : "train") satisfies OfficialSplit,
      });
    }
  }
  const sequences = ncrnainterSequences(dataDir);
  requireSequences(rows, sequences, "ncrnainter_human");
  const keysIn = (split: OfficialSplit) => new Set(rows.filter((r) => r.split === split).map(pairKey));
  const test = keysIn("test");
  const overlap = [...keysIn("train")].filter((k) => test.has(k)).length;
  const loaded = finishLoad(rows, [], sequences);
  const conflictingOverlap = overlap - loaded.report.crossSplit;
  loaded.report.notes.push(
    `${overlap} pairs occur in both train and test: ${conflictingOverlap} of them carry opposite labels (dropped with the other conflicting pairs), ${loaded.report.crossSplit} are kept in test only`,
  );
  return loaded;
}

/** The pair lists of ncRNAInter's LncMirNet re-run: the same positives, another negative draw. */
export function loadLncmirnetRerun(dataDir: string): LoadedDataset {
  const rows: PairRow[] = [];
  for (const [file, label] of [
    ["lnc_mir_pairs.txt", 1],
    ["negative_pairs.txt", 0],
  ] as const) {
    const source = `ncrnainter_human/lncmirnet_rerun/${file}`;
    for (const { fields } of fixedFields(readRecords(readData(dataDir, source), source), 2, source, "lncRNA,miRNA")) {
      rows.push({ mirnaId: fields[1]!, lncrnaId: fields[0]!, label, species: SPECIES, source, split: "all" });
    }
  }
  const sequences = ncrnainterSequences(dataDir);
  requireSequences(rows, sequences, "ncrnainter_human/lncmirnet_rerun");
  return finishLoad(rows, [], sequences);
}

/** Human mature miRNAs of miRBase (lncrnasnp2_validated/homo_mature_mirna.fa), U alphabet. */
function humanMirnas(dataDir: string): Map<string, string> {
  return fastaMap(readData(dataDir, "lncrnasnp2_validated/homo_mature_mirna.fa"), "homo_mature_mirna.fa");
}

function indexFile(dataDir: string, path: string, base: 0 | 1): Map<number, string> {
  const map = new Map<number, string>();
  for (const { fields, line } of fixedFields(
    readRecords(readData(dataDir, path), path, "\t"),
    2,
    path,
    "index<TAB>name",
  )) {
    const index = Number(fields[0]);
    if (!Number.isInteger(index) || index < base)
      throw new Error(`${path} line ${line}: index ${JSON.stringify(fields[0])} is not a ${base}-based integer`);
    map.set(index - base, fields[1]!);
  }
  return map;
}

export interface EplmiGraph extends LoadedDataset {
  /** Every lncRNA and miRNA of the 780 × 275 matrices: the universe negatives are drawn from. */
  lncrnas: string[];
  mirnas: string[];
}

/**
 * EPLMI's lncRNASNP interactions (positives only, no lncRNA sequences). The id list gives names; the
 * association matrix gives 1-based indices, which map to lncRNA_id.txt (0-based) as k − 1 and to
 * miRNA_id.txt (1-based) as k. Both must describe the same pairs.
 */
export function loadEplmi(dataDir: string): EplmiGraph {
  const folder = "eplmi_lncrnasnp/lncRNA-miRNA_interaction";
  const lncrnaById = indexFile(dataDir, `${folder}/lncRNA_id.txt`, 0);
  const mirnaById = indexFile(dataDir, `${folder}/miRNA_id.txt`, 1);
  const source = `${folder}/lncRNA-miRNA_idlist.txt`;
  const rows: PairRow[] = fixedFields(
    readRecords(readData(dataDir, source), source, "\t"),
    2,
    source,
    "lncRNA<TAB>miRNA",
  ).map(({ fields }) => ({
    mirnaId: fields[1]!,
    lncrnaId: fields[0]!,
    label: 1,
    species: SPECIES,
    source,
    split: "all",
  }));
  const matrixSource = "eplmi_lncrnasnp/derived/known_association_1based.csv";
  const [, ...matrixRows] = readRecords(readData(dataDir, matrixSource), matrixSource);
  const fromMatrix = new Set(
    fixedFields(matrixRows, 2, matrixSource, "lnc_index_1based,mi_index_1based").map(({ fields, line }) => {
      const lncrna = lncrnaById.get(Number(fields[0]) - 1);
      const mirna = mirnaById.get(Number(fields[1]) - 1);
      if (lncrna === undefined || mirna === undefined)
        throw new Error(`${matrixSource} line ${line}: index out of range`);
      return pairKey({ mirnaId: mirna, lncrnaId: lncrna });
    }),
  );
  const fromList = new Set(rows.map(pairKey));
  const agree = fromList.size === fromMatrix.size && [...fromList].every((k) => fromMatrix.has(k));
  if (!agree) throw new Error(`${source} and ${matrixSource} disagree: the 0/1-based index mapping does not hold`);
  const sequences = emptyStore();
  const mature = humanMirnas(dataDir);
  for (const name of mirnaById.values()) if (mature.has(name)) addSequence(sequences, "mirna", name, mature.get(name)!);
  const loaded = finishLoad(
    rows,
    [
      "positives only; every unobserved lncRNA–miRNA pair is a candidate negative",
      "no lncRNA sequences; miRNA sequences from miRBase (homo_mature_mirna.fa) where the name matches",
      `the id list and the 1-based association matrix (lncRNA index k → lncRNA_id.txt k−1, miRNA index k → miRNA_id.txt k) give the same ${fromList.size} pairs`,
    ],
    sequences,
  );
  const sorted = (map: Map<number, string>) => [...map.entries()].sort((a, b) => a[0] - b[0]).map(([, name]) => name);
  return { ...loaded, lncrnas: sorted(lncrnaById), mirnas: sorted(mirnaById) };
}

function csvSequences(dataDir: string, path: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const { fields } of fixedFields(readRecords(readData(dataDir, path), path), 2, path, "id,sequence"))
    map.set(fields[0]!, fields[1]!);
  return map;
}

/** LMI-INGI's sequence-level set: NONCODE lncRNA–miRNA positives, both sequences for every pair. */
export function loadLmiIngi(dataDir: string): LoadedDataset {
  const source = "lmi_ingi/LNC-mi_pairs.csv";
  const rows: PairRow[] = fixedFields(readRecords(readData(dataDir, source), source), 2, source, "lncRNA,miRNA").map(
    ({ fields }) => ({
      mirnaId: fields[1]!,
      lncrnaId: fields[0]!,
      label: 1,
      species: SPECIES,
      source,
      split: "all",
    }),
  );
  const sequences = emptyStore();
  for (const [id, seq] of csvSequences(dataDir, "lmi_ingi/LNCRNAseq.csv")) addSequence(sequences, "lncrna", id, seq);
  for (const [id, seq] of csvSequences(dataDir, "lmi_ingi/miRNAseq.csv")) addSequence(sequences, "mirna", id, seq);
  requireSequences(rows, sequences, source);
  return finishLoad(rows, ["positives only; negatives must be sampled"], sequences);
}

/** The raw lncRNASNP2 validated list: positives, miRNAs from miRBase, lncRNAs from LMI-INGI where present. */
export function loadLncrnasnp2Validated(dataDir: string): LoadedDataset {
  const source = "lncrnasnp2_validated/mirnas_lncrnas_validated.txt";
  const rows: PairRow[] = fixedFields(
    readRecords(readData(dataDir, source), source, "\t"),
    2,
    source,
    "lncRNA<TAB>miRNA",
  ).map(({ fields }) => ({
    mirnaId: headerId(fields[1]!),
    lncrnaId: fields[0]!,
    label: 1,
    species: SPECIES,
    source,
    split: "all",
  }));
  const sequences = emptyStore();
  const mature = humanMirnas(dataDir);
  const lncrnas = csvSequences(dataDir, "lmi_ingi/LNCRNAseq.csv");
  for (const row of rows) {
    if (mature.has(row.mirnaId)) addSequence(sequences, "mirna", row.mirnaId, mature.get(row.mirnaId)!);
    if (lncrnas.has(row.lncrnaId)) addSequence(sequences, "lncrna", row.lncrnaId, lncrnas.get(row.lncrnaId)!);
  }
  return finishLoad(
    rows,
    ["positives only; lncRNA sequences only where LMI-INGI has them (no NONCODE FASTA in the data dir)"],
    sequences,
  );
}

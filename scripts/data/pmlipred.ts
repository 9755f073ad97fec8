// PmliPred plant sets (data README §1). Sequences come from the data dir at run time only.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { fastaMap } from "./fasta.ts";
import { dedupPairs, type DedupReport, type Label, type LabelledPair } from "./pairs.ts";

export const PMLIPRED_TEST_SPECIES = { aly: "Arabidopsis_lyrata", sly: "Solanum_lycopersicum" } as const;
export type PmlipredTestSpecies = keyof typeof PMLIPRED_TEST_SPECIES;

const read = (dataDir: string, path: string) => readFileSync(join(dataDir, path), "utf8");

function label(value: string, where: string): Label {
  const n = Number(value);
  if (n !== 0 && n !== 1) throw new Error(`${where}: label ${JSON.stringify(value)} is not 0/1`);
  return n;
}

/**
 * The A. thaliana third of the training-validation set: pairs from trainval_pairs, miRNAs from
 * derived/trainval_mirna.fasta, lncRNAs recovered in derived/trainval_ath_lncrna.fasta (the mtr and
 * gma lncRNA sequences are not obtainable).
 */
export function loadPmlipredTrainvalAth(dataDir: string): { pairs: LabelledPair[]; report: DedupReport } {
  const source = "pmlipred/trainval_pairs/RNA-RNA-Interacting.csv";
  const mirnas = fastaMap(read(dataDir, "pmlipred/derived/trainval_mirna.fasta"), "trainval_mirna.fasta");
  const lncrnas = fastaMap(read(dataDir, "pmlipred/derived/trainval_ath_lncrna.fasta"), "trainval_ath_lncrna.fasta");
  const rows = parse(read(dataDir, source), { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  const pairs: LabelledPair[] = [];
  for (const [i, row] of rows.entries()) {
    const mirnaId = (row.A ?? "").replace(/^>/, "");
    const lncrnaId = (row.B ?? "").replace(/^>/, "");
    if (!mirnaId.startsWith("ath-")) continue;
    const mirna = mirnas.get(mirnaId);
    const lncrna = lncrnas.get(lncrnaId);
    if (mirna === undefined || lncrna === undefined) {
      throw new Error(`${source} row ${i + 2}: no sequence for ${mirna === undefined ? mirnaId : lncrnaId}`);
    }
    pairs.push({ mirnaId, lncrnaId, mirna, lncrna, label: label(row.Label ?? "", `${source} row ${i + 2}`), species: "ath", source });
  }
  return dedupPairs(pairs);
}

/**
 * An official PmliPred test set, read from Sequence_separated_with_commas.fasta: one line per pair,
 * `>miRNA,lncRNA,miRNA_seq,lncRNA_seq,label`. (The spliced Sequence.fasta differs for 13 aly lncRNAs
 * and 3 sly miRNAs, and its negative headers leak the label.)
 */
export function loadPmlipredTest(dataDir: string, species: PmlipredTestSpecies): { pairs: LabelledPair[]; report: DedupReport } {
  const source = `pmlipred/test/${PMLIPRED_TEST_SPECIES[species]}/Sequence_separated_with_commas.fasta`;
  const rows = parse(read(dataDir, source), { relax_column_count: false, skip_empty_lines: true, trim: true }) as string[][];
  const pairs = rows.map((fields, i): LabelledPair => {
    if (fields.length !== 5) throw new Error(`${source} line ${i + 1}: expected 5 fields, got ${fields.length}`);
    const [mirnaField, lncrnaId, mirna, lncrna, value] = fields as [string, string, string, string, string];
    const mirnaId = mirnaField.replace(/^>/, "").split(/\s+/)[0]!;
    return { mirnaId, lncrnaId, mirna, lncrna, label: label(value, `${source} line ${i + 1}`), species, source };
  });
  return dedupPairs(pairs);
}

const toRna = (s: string) => s.toUpperCase().replace(/T/g, "U");

/**
 * The two lab-validated S. lycopersicum pairs of the PmliPred README (pmlipred/examples). Each is a
 * spliced miRNA+lncRNA sequence; the miRNA part is found by name among the miRNAs of the data dir
 * (official test sets, PMRD mature miRNAs) and must be an exact prefix.
 */
export function loadPmlipredExamples(dataDir: string): LabelledPair[] {
  const known = new Map<string, string>();
  for (const species of Object.keys(PMLIPRED_TEST_SPECIES) as PmlipredTestSpecies[]) {
    for (const p of loadPmlipredTest(dataDir, species).pairs) known.set(p.mirnaId, toRna(p.mirna));
  }
  for (const [id, seq] of fastaMap(read(dataDir, "premli/mirna/all_mature.fasta"), "all_mature.fasta")) {
    if (!known.has(id)) known.set(id, toRna(seq));
  }
  return ["miR399-lnc1077", "miR482b-TCONS_00023468"].map((example) => {
    const source = `pmlipred/examples/${example}/Sequence.fasta`;
    const [fields] = parse(read(dataDir, source), { skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][];
    const [mirnaField, lncrnaField, spliced] = (fields ?? []).map((f) => f.replace(/^>/, "").trim());
    if (!mirnaField || !lncrnaField || !spliced) throw new Error(`${source}: expected >miRNA,>lncRNA,SEQUENCE`);
    const mirnaId = mirnaField.split(/\s+/)[0]!;
    const lncrnaId = lncrnaField;
    const mirna = known.get(mirnaId);
    if (!mirna) throw new Error(`${source}: miRNA ${mirnaId} not found among the data dir's miRNAs`);
    if (!toRna(spliced).startsWith(mirna)) throw new Error(`${source}: the sequence does not start with ${mirnaId} (${mirna})`);
    return { mirnaId, lncrnaId, mirna, lncrna: spliced.slice(mirna.length), label: 1, species: "sly", source };
  });
}

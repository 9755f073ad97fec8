// The labelled-pair file formats of the benchmark (and of a user's own data), text → canonical rows.
// Only the first token of a header field is an id: the rest can carry the label (data README §1a).
import { fixedFields, headerId, parseLabel, readRecords } from "./records.ts";
import { toRna, type LabelledPair, type OfficialSplit, type PairRow } from "./pairs.ts";

export const PAIR_FORMATS = {
  "pmlipred-spliced":
    "PmliPred Sequence.fasta: >miRNA,lncRNA,miRNA+lncRNA spliced,label (needs the miRNA sequences to split)",
  "pmlipred-commas": "PmliPred Sequence_separated_with_commas.fasta: >miRNA,lncRNA,miRNA_seq,lncRNA_seq,label",
  "pmlipemg-testseth": "PmliPEMG TestSetH: >miRNA,lncRNA,miRNA_seq,lncRNA_seq,miRNA_structure,lncRNA_structure,label",
  "canonical-tsv":
    "tab-separated with a header: mirna_id, lncrna_id, label, mirna, lncrna (sequences); optional species, source, split",
} as const;
export type PairFormat = keyof typeof PAIR_FORMATS;

export interface RowContext {
  species: string;
  split: OfficialSplit;
}

const firstLine = (text: string) =>
  text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .find((l) => l.trim() !== "") ?? "";

/** The format of a pair file, from its first non-empty line; an unknown shape is a clear error. */
export function detectFormat(text: string, source: string): PairFormat {
  const line = firstLine(text).trim();
  if (line === "") throw new Error(`${source}: the file is empty`);
  if (line.startsWith(">")) {
    const fields = line.split(",").length;
    if (fields === 4) return "pmlipred-spliced";
    if (fields === 5) return "pmlipred-commas";
    if (fields === 7) return "pmlipemg-testseth";
    throw new Error(
      `${source}: a ">" line with ${fields} comma-separated fields is none of the known formats (4: PmliPred spliced, 5: PmliPred commas, 7: PmliPEMG TestSetH)`,
    );
  }
  const header = line.split("\t").map((h) => h.trim().toLowerCase());
  if (header.includes("mirna_id") && header.includes("lncrna_id")) return "canonical-tsv";
  throw new Error(
    `${source}: unknown format (first line ${JSON.stringify(line.slice(0, 60))}); supported:\n${Object.entries(
      PAIR_FORMATS,
    )
      .map(([k, v]) => `  ${k}: ${v}`)
      .join("\n")}`,
  );
}

function sequenceField(value: string, where: string): string {
  if (value.trim() === "") throw new Error(`${where}: empty sequence`);
  return toRna(value);
}

/** One line per pair with the two sequences given apart (PmliPred commas: 5 fields; TestSetH: 7). */
export function parseSeparatedPairs(
  text: string,
  source: string,
  context: RowContext,
  format: "pmlipred-commas" | "pmlipemg-testseth",
): LabelledPair[] {
  const count = format === "pmlipred-commas" ? 5 : 7;
  const records = fixedFields(readRecords(text, source), count, source, PAIR_FORMATS[format]);
  return records.map(({ fields, line }) => {
    const where = `${source} line ${line}`;
    const mirnaId = headerId(fields[0]!);
    const lncrnaId = headerId(fields[1]!);
    if (!mirnaId || !lncrnaId) throw new Error(`${where}: empty miRNA or lncRNA id`);
    return {
      mirnaId,
      lncrnaId,
      mirna: sequenceField(fields[2]!, `${where}, miRNA`),
      lncrna: sequenceField(fields[3]!, `${where}, lncRNA`),
      label: parseLabel(fields[count - 1]!, where),
      species: context.species,
      source,
      split: context.split,
    };
  });
}

export interface SplicedParse {
  /** Rows whose spliced sequence starts with the known miRNA sequence, split into the two RNAs. */
  pairs: LabelledPair[];
  /** Rows whose miRNA sequence is unknown or is not a prefix of the spliced sequence (ids and label only). */
  unsplit: PairRow[];
}

/**
 * PmliPred's spliced format: `>miRNA,lncRNA,SEQ,label`, SEQ = miRNA followed by lncRNA. The file does
 * not say where the miRNA ends, so the miRNA's sequence must be known by id (`mirnas`: one
 * sequence or several candidates per id).
 */
export function parseSplicedPairs(
  text: string,
  source: string,
  context: RowContext,
  mirnas: ReadonlyMap<string, string | readonly string[]>,
): SplicedParse {
  const records = fixedFields(readRecords(text, source), 4, source, PAIR_FORMATS["pmlipred-spliced"]);
  const result: SplicedParse = { pairs: [], unsplit: [] };
  for (const { fields, line } of records) {
    const where = `${source} line ${line}`;
    const row: PairRow = {
      mirnaId: headerId(fields[0]!),
      lncrnaId: headerId(fields[1]!),
      label: parseLabel(fields[3]!, where),
      species: context.species,
      source,
      split: context.split,
    };
    const spliced = sequenceField(fields[2]!, where);
    const known = mirnas.get(row.mirnaId) ?? [];
    // several sources may spell a miRNA differently: the longest one that prefixes the sequence wins
    const mirna = (typeof known === "string" ? [known] : known)
      .map(toRna)
      .filter((m) => spliced.length > m.length && spliced.startsWith(m))
      .sort((a, b) => b.length - a.length)[0];
    if (mirna !== undefined) {
      result.pairs.push({ ...row, mirna, lncrna: spliced.slice(mirna.length) });
    } else {
      result.unsplit.push(row);
    }
  }
  return result;
}

const CANONICAL_REQUIRED = ["mirna_id", "lncrna_id", "label", "mirna", "lncrna"] as const;

/** The canonical TSV a user writes: a header naming the columns, sequences included. */
export function parseCanonicalTsv(text: string, source: string): LabelledPair[] {
  const [header, ...records] = readRecords(text, source, "\t");
  if (!header) throw new Error(`${source}: the file is empty`);
  const column = new Map(header.fields.map((name, i) => [name.trim().toLowerCase(), i]));
  const missing = CANONICAL_REQUIRED.filter((name) => !column.has(name));
  if (missing.length)
    throw new Error(`${source}: header lacks column(s) ${missing.join(", ")} (needs ${CANONICAL_REQUIRED.join(", ")})`);
  const splits = new Set<OfficialSplit>(["train", "validation", "test", "all"]);
  return records.map(({ fields, line }) => {
    const where = `${source} line ${line}`;
    if (fields.length !== header.fields.length)
      throw new Error(`${where}: ${fields.length} fields, the header has ${header.fields.length}`);
    const get = (name: string) => (column.has(name) ? fields[column.get(name)!]!.trim() : "");
    const split = (get("split") || "test") as OfficialSplit;
    if (!splits.has(split))
      throw new Error(`${where}: split ${JSON.stringify(split)} is not one of ${[...splits].join(", ")}`);
    const mirnaId = get("mirna_id");
    const lncrnaId = get("lncrna_id");
    if (!mirnaId || !lncrnaId) throw new Error(`${where}: empty mirna_id or lncrna_id`);
    return {
      mirnaId,
      lncrnaId,
      mirna: sequenceField(get("mirna"), `${where}, mirna`),
      lncrna: sequenceField(get("lncrna"), `${where}, lncrna`),
      label: parseLabel(get("label"), where),
      species: get("species") || "unknown",
      source: get("source") || source,
      split,
    };
  });
}

/** Writes pairs as the canonical TSV (the inverse of parseCanonicalTsv). */
export function formatCanonicalTsv(pairs: LabelledPair[]): string {
  const header = ["mirna_id", "lncrna_id", "label", "species", "source", "split", "mirna", "lncrna"];
  return (
    [header, ...pairs.map((p) => [p.mirnaId, p.lncrnaId, p.label, p.species, p.source, p.split, p.mirna, p.lncrna])]
      .map((r) => r.join("\t"))
      .join("\n") + "\n"
  );
}

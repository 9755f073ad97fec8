// The canonical pair table that every loader produces, the sequence store beside it, and the clean-up
// every dataset needs: exact duplicates kept once, pairs labelled both ways dropped, a pair found in
// two splits kept in the later one only — each counted, never silent.

export type Label = 0 | 1;

/** The split a row has in its dataset as published ("all" when the dataset has none). */
export type OfficialSplit = "train" | "validation" | "test" | "all";
const SPLIT_PRIORITY: Record<OfficialSplit, number> = { all: 0, train: 1, validation: 2, test: 3 };

/** One row of the canonical pair table: ids only, no sequences. */
export interface PairRow {
  mirnaId: string;
  lncrnaId: string;
  label: Label;
  species: string;
  /** Which file (relative to the data dir) the row came from. */
  source: string;
  split: OfficialSplit;
}

/** A row joined with its sequences (as given, upper case, U for T): what scoring and featurizing take. */
export interface LabelledPair extends PairRow {
  mirna: string;
  lncrna: string;
}

/** Sequences by id, one map per RNA kind (a miRNA and a lncRNA may share an id string). */
export interface SequenceStore {
  mirna: Map<string, string>;
  lncrna: Map<string, string>;
}

export interface DedupReport {
  rows: number;
  /** Rows dropped as repeats of a kept pair (same label), cross-split repeats included. */
  duplicates: number;
  /** Pairs dropped because their rows carry both labels. */
  conflicting: number;
  /** Kept pairs that occurred in more than one split: kept in the later split (test > validation > train). */
  crossSplit: number;
  kept: number;
}

export const pairKey = (p: Pick<PairRow, "mirnaId" | "lncrnaId">) => `${p.mirnaId}\t${p.lncrnaId}`;

export function dedupPairs<T extends Pick<PairRow, "mirnaId" | "lncrnaId" | "label"> & { split?: OfficialSplit }>(
  rows: T[],
): { pairs: T[]; report: DedupReport } {
  const byKey = new Map<string, T[]>();
  for (const row of rows) {
    const key = pairKey(row);
    const group = byKey.get(key);
    if (group) group.push(row);
    else byKey.set(key, [row]);
  }
  const pairs: T[] = [];
  let duplicates = 0;
  let conflicting = 0;
  let crossSplit = 0;
  for (const group of byKey.values()) {
    if (new Set(group.map((p) => p.label)).size > 1) {
      conflicting++;
      continue;
    }
    duplicates += group.length - 1;
    const splits = new Set(group.map((p) => p.split ?? "all"));
    if (splits.size > 1) crossSplit++;
    pairs.push(
      group.reduce((best, p) => (SPLIT_PRIORITY[p.split ?? "all"] > SPLIT_PRIORITY[best.split ?? "all"] ? p : best)),
    );
  }
  return { pairs, report: { rows: rows.length, duplicates, conflicting, crossSplit, kept: pairs.length } };
}

/** Upper case, T → U, whitespace removed: one spelling per sequence so that repeats compare equal. */
export const toRna = (sequence: string) => sequence.replace(/\s+/g, "").toUpperCase().replace(/T/g, "U");

export function emptyStore(): SequenceStore {
  return { mirna: new Map(), lncrna: new Map() };
}

/**
 * Stores a sequence under its id and returns the id the row should use: a second, different sequence
 * for the same id (a few files disagree with themselves) is stored as `id#2`, `#3`, … so that each
 * row keeps the sequence its file gave it; `variants` collects those ids.
 */
export function addSequence(
  store: SequenceStore,
  kind: keyof SequenceStore,
  id: string,
  sequence: string,
  variants?: Set<string>,
): string {
  const rna = toRna(sequence);
  for (let n = 1; ; n++) {
    const key = n === 1 ? id : `${id}${VARIANT_MARK}${n}`;
    const seen = store[kind].get(key);
    if (seen === undefined) {
      store[kind].set(key, rna);
      if (n > 1) variants?.add(`${kind} ${id}`);
      return key;
    }
    if (seen === rna) return key;
  }
}

export const VARIANT_MARK = "#";
/** The id as the file wrote it (without a sequence-variant suffix). */
export const baseId = (id: string) => id.split(VARIANT_MARK)[0]!;

/** Rows joined with their sequences; rows lacking either sequence are left out and counted. */
export function joinSequences(rows: PairRow[], store: SequenceStore): { pairs: LabelledPair[]; missing: number } {
  const pairs: LabelledPair[] = [];
  let missing = 0;
  for (const row of rows) {
    const mirna = store.mirna.get(row.mirnaId);
    const lncrna = store.lncrna.get(row.lncrnaId);
    if (mirna === undefined || lncrna === undefined) missing++;
    else pairs.push({ ...row, mirna, lncrna });
  }
  return { pairs, missing };
}

export interface LoadReport extends DedupReport {
  /** Input rows by label, before deduplication. */
  positiveRows: number;
  negativeRows: number;
  /** Ids that came with two different sequences in the dataset's files (the first is kept). */
  sequenceConflicts: number;
  /** What the loader did beyond the counts, in words (missing sequences, dropped overlaps …). */
  notes: string[];
}

/** What a loader returns: the canonical pair table (deduplicated) and the sequence store. */
export interface LoadedDataset {
  pairs: PairRow[];
  sequences: SequenceStore;
  report: LoadReport;
}

/** Deduplicates the rows and stores the sequences of labelled pairs; the common end of every loader. */
export function finishLoad(
  rows: (PairRow | LabelledPair)[],
  notes: string[] = [],
  sequences = emptyStore(),
): LoadedDataset {
  const conflicts = new Set<string>();
  const table = rows.map((row): PairRow => {
    const { label, species, source, split } = row;
    if (!("mirna" in row)) return { mirnaId: row.mirnaId, lncrnaId: row.lncrnaId, label, species, source, split };
    const mirnaId = addSequence(sequences, "mirna", row.mirnaId, row.mirna, conflicts);
    const lncrnaId = addSequence(sequences, "lncrna", row.lncrnaId, row.lncrna, conflicts);
    return { mirnaId, lncrnaId, label, species, source, split };
  });
  if (conflicts.size)
    notes = [
      ...notes,
      `the file gives ${[...conflicts].join(", ")} two different sequences: rows with the second one use the id with "${VARIANT_MARK}2"`,
    ];
  const { pairs, report } = dedupPairs(table);
  const positiveRows = rows.filter((r) => r.label === 1).length;
  return {
    pairs,
    sequences,
    report: {
      ...report,
      positiveRows,
      negativeRows: rows.length - positiveRows,
      sequenceConflicts: conflicts.size,
      notes,
    },
  };
}

// The canonical labelled pair that every loader produces, and the clean-up every dataset needs:
// exact duplicates kept once, pairs labelled both ways dropped — each counted, never silent.

export type Label = 0 | 1;

export interface LabelledPair {
  mirnaId: string;
  lncrnaId: string;
  mirna: string;
  lncrna: string;
  label: Label;
  species: string;
  /** Which file (relative to the data dir) the row came from. */
  source: string;
}

export interface DedupReport {
  rows: number;
  duplicates: number;
  conflicting: number;
  kept: number;
}

export const pairKey = (p: Pick<LabelledPair, "mirnaId" | "lncrnaId">) => `${p.mirnaId}\t${p.lncrnaId}`;

export function dedupPairs(rows: LabelledPair[]): { pairs: LabelledPair[]; report: DedupReport } {
  const byKey = new Map<string, LabelledPair[]>();
  for (const row of rows) {
    const key = pairKey(row);
    byKey.set(key, [...(byKey.get(key) ?? []), row]);
  }
  const pairs: LabelledPair[] = [];
  let duplicates = 0;
  let conflicting = 0;
  for (const group of byKey.values()) {
    const labels = new Set(group.map((p) => p.label));
    if (labels.size > 1) {
      conflicting++;
      continue;
    }
    duplicates += group.length - 1;
    pairs.push(group[0]!);
  }
  return { pairs, report: { rows: rows.length, duplicates, conflicting, kept: pairs.length } };
}

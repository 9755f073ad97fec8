// The test sets of every benchmark, and an index of their pairs and lncRNAs: a test set must not share
// rows with another benchmark's, and a training set built here must share none with any of them.
import { pairKey, toRna, type LoadedDataset, type OfficialSplit, type PairRow, type SequenceStore } from "./pairs.ts";

/** A benchmark's test rows: a dataset, or one split of it. */
export interface TestSetSpec {
  dataset: string;
  split?: OfficialSplit;
}

/** Every independent test set of the benchmarks (k-fold sets, where every row is tested once, are not). */
export const BENCHMARK_TEST_SETS: readonly TestSetSpec[] = [
  { dataset: "pmlipred-test-aly" },
  { dataset: "pmlipred-test-sly" },
  { dataset: "pmlipemg-testseth-aly" },
  { dataset: "pmlipemg-testseth-mtr" },
  { dataset: "ncrnainter-human", split: "test" },
  { dataset: "pmlipred-prepub-aly", split: "validation" },
  { dataset: "pmlipred-prepub-ath", split: "test" },
];

/** A pair row with its sequences where the dataset has them. */
export type RowWithSequences = PairRow & { mirna?: string; lncrna?: string };

/** Rows with their sequences joined where the store has both (rows without keep ids and label only). */
export const withSequences = (rows: PairRow[], store: SequenceStore): RowWithSequences[] =>
  rows.map((r) => {
    const mirna = store.mirna.get(r.mirnaId);
    const lncrna = store.lncrna.get(r.lncrnaId);
    return mirna !== undefined && lncrna !== undefined ? { ...r, mirna, lncrna } : { ...r };
  });

export function testRowsOf(spec: TestSetSpec, load: (dataset: string) => LoadedDataset): RowWithSequences[] {
  const loaded = load(spec.dataset);
  const rows = withSequences(loaded.pairs, loaded.sequences);
  return spec.split ? rows.filter((r) => r.split === spec.split) : rows;
}

/** Pairs (by ids or by sequences) and lncRNAs (by sequence) of test sets. */
export class TestSetIndex {
  private readonly idPairs = new Set<string>();
  private readonly sequencePairs = new Set<string>();
  private readonly lncrnas = new Set<string>();

  add(rows: RowWithSequences[]): void {
    for (const r of rows) {
      this.idPairs.add(pairKey(r));
      if (r.mirna === undefined || r.lncrna === undefined) continue;
      this.sequencePairs.add(`${toRna(r.mirna)}|${toRna(r.lncrna)}`);
      this.lncrnas.add(toRna(r.lncrna));
    }
  }

  hasPair(r: RowWithSequences): boolean {
    return (
      this.idPairs.has(pairKey(r)) ||
      (r.mirna !== undefined &&
        r.lncrna !== undefined &&
        this.sequencePairs.has(`${toRna(r.mirna)}|${toRna(r.lncrna)}`))
    );
  }

  hasLncrna(r: RowWithSequences): boolean {
    return r.lncrna !== undefined && this.lncrnas.has(toRna(r.lncrna));
  }
}

/**
 * One split of a dataset as a training set: its rows with both sequences, less every pair and every
 * pair whose lncRNA is in a benchmark's test set, with the counts of what was dropped in the notes.
 */
export function trainingRowsWithoutTests(
  loaded: LoadedDataset,
  split: OfficialSplit,
  load: (dataset: string) => LoadedDataset,
): LoadedDataset {
  const tests = new TestSetIndex();
  for (const spec of BENCHMARK_TEST_SETS) tests.add(testRowsOf(spec, load));
  const inSplit = withSequences(loaded.pairs, loaded.sequences).filter((r) => r.split === split);
  const withBoth = inSplit.filter((r) => r.mirna !== undefined && r.lncrna !== undefined);
  const sharedPair = withBoth.filter((r) => tests.hasPair(r));
  const sharedLncrna = withBoth.filter((r) => !tests.hasPair(r) && tests.hasLncrna(r));
  const kept = withBoth.filter((r) => !tests.hasPair(r) && !tests.hasLncrna(r));
  const keptIds = new Set(kept.map(pairKey));
  const sets = BENCHMARK_TEST_SETS.map((t) => (t.split ? `${t.dataset} (${t.split})` : t.dataset)).join(", ");
  return {
    pairs: loaded.pairs
      .filter((r) => r.split === split && keptIds.has(pairKey(r)))
      .map((r) => ({ ...r, split: "train" })),
    sequences: loaded.sequences,
    report: {
      ...loaded.report,
      notes: [
        ...loaded.report.notes,
        `training rows: the ${split} split's ${inSplit.length} pairs less ${inSplit.length - withBoth.length} without both sequences, ${sharedPair.length} that are pairs of a benchmark test set and ${sharedLncrna.length} more whose lncRNA is in one (${sets}): ${kept.length} kept`,
      ],
    },
  };
}

// Per-dataset counts computed from a loaded dataset, and their comparison with the data README.
import type { Dataset, ReadmeCounts } from "./datasets.ts";
import { baseId, pairKey, type LoadedDataset, type OfficialSplit } from "./pairs.ts";

export interface DatasetCounts extends Required<ReadmeCounts> {
  /** Pairs kept after dropping conflicting ones and merging duplicates. */
  kept: number;
  positives: number;
  negatives: number;
  duplicates: number;
  /** Kept pairs with both sequences in the store. */
  withSequences: number;
  /** lncRNAs seen in both classes (0 in every plant set: the identity shortcut). */
  lncrnasInBothClasses: number;
  bySplit: Partial<Record<OfficialSplit, { positives: number; negatives: number }>>;
  species: string[];
}

export function countDataset(loaded: LoadedDataset): DatasetCounts {
  const { pairs, report, sequences } = loaded;
  const positives = pairs.filter((p) => p.label === 1).length;
  const classesOf = new Map<string, Set<number>>();
  for (const p of pairs) classesOf.set(p.lncrnaId, (classesOf.get(p.lncrnaId) ?? new Set()).add(p.label));
  const bySplit: DatasetCounts["bySplit"] = {};
  for (const p of pairs) {
    const entry = (bySplit[p.split] ??= { positives: 0, negatives: 0 });
    p.label === 1 ? entry.positives++ : entry.negatives++;
  }
  return {
    rows: report.rows,
    positiveRows: report.positiveRows,
    negativeRows: report.negativeRows,
    uniquePairs: report.kept + report.conflicting,
    uniqueNegatives: new Set(pairs.filter((p) => p.label === 0).map(pairKey)).size + report.conflicting,
    mirnas: new Set(pairs.map((p) => baseId(p.mirnaId))).size,
    lncrnas: new Set(pairs.map((p) => baseId(p.lncrnaId))).size,
    conflicting: report.conflicting,
    crossSplit: report.crossSplit,
    kept: report.kept,
    positives,
    negatives: pairs.length - positives,
    duplicates: report.duplicates,
    withSequences: pairs.filter((p) => sequences.mirna.has(p.mirnaId) && sequences.lncrna.has(p.lncrnaId)).length,
    lncrnasInBothClasses: [...classesOf.values()].filter((s) => s.size === 2).length,
    bySplit,
    species: [...new Set(pairs.map((p) => p.species))].sort(),
  };
}

export interface CountCheck {
  name: keyof ReadmeCounts;
  readme: number;
  ours: number;
  /** Why they differ, when they do (from the registry); undefined when they match. */
  explanation?: string;
}

/** Every count the README gives for the dataset, beside ours. */
export function compareWithReadme(dataset: Dataset, counts: DatasetCounts): CountCheck[] {
  return (Object.entries(dataset.readme) as [keyof ReadmeCounts, number][]).map(([name, readme]) => ({
    name,
    readme,
    ours: counts[name],
    explanation: counts[name] === readme ? undefined : (dataset.differences?.[name] ?? "UNEXPLAINED"),
  }));
}

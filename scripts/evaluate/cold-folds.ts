// Summaries of a score over the ten human lncRNA-cold folds (npm run evaluate:cold): each fold is scored by
// the models trained without its test lncRNAs, so every lncRNA of the data set is held out once, and one
// fold's quirks (a gene whose many transcripts share one partner set) weigh a tenth, not the whole figure.

export interface FoldSpread {
  mean: number;
  sd: number;
  min: number;
  max: number;
  /** Folds with a value (a fold with one class has none). */
  folds: number;
}

/** Mean, sample standard deviation and range of per-fold values, skipping folds without one (NaN). */
export function foldSpread(values: readonly number[]): FoldSpread {
  const present = values.filter((v) => Number.isFinite(v));
  if (present.length === 0) return { mean: NaN, sd: NaN, min: NaN, max: NaN, folds: 0 };
  const mean = present.reduce((s, v) => s + v, 0) / present.length;
  const sd =
    present.length > 1 ? Math.sqrt(present.reduce((s, v) => s + (v - mean) ** 2, 0) / (present.length - 1)) : 0;
  return { mean, sd, min: Math.min(...present), max: Math.max(...present), folds: present.length };
}

/** A value at the reports' precision: a win is strictly higher here, an equal value a tie. */
const rounded = (x: number) => Math.round(x * 1000);

/** Per fold, the best of the baselines' values (-Infinity where none has one). */
export const bestPerFold = (baselines: readonly (readonly number[])[], folds: number): number[] =>
  Array.from({ length: folds }, (_, f) =>
    Math.max(...baselines.map((b) => b[f] ?? NaN).filter((v) => Number.isFinite(v))),
  );

/**
 * How many folds `model` wins outright (strictly above the best baseline of the fold, `bestPerFold`, at 3
 * decimals) and ties. A fold where the model or every baseline has no value counts as neither.
 */
export function foldsAgainstBaselines(
  model: readonly number[],
  best: readonly number[],
): { wins: number; ties: number } {
  let wins = 0;
  let ties = 0;
  model.forEach((v, f) => {
    if (!Number.isFinite(v) || !Number.isFinite(best[f]!)) return;
    if (rounded(v) > rounded(best[f]!)) wins++;
    else if (rounded(v) === rounded(best[f]!)) ties++;
  });
  return { wins, ties };
}

export const formatSpread = (s: FoldSpread) =>
  s.folds === 0 ? "—" : `${s.mean.toFixed(3)} ± ${s.sd.toFixed(3)} [${s.min.toFixed(3)}, ${s.max.toFixed(3)}]`;

// Runs scorers on a benchmark variant: per fold, fit on train, choose the threshold on validation
// (Youden's J; never on test), score test; pool the folds' test scores and predicted labels; metrics
// with bootstrap CIs and curve points.
import type { Label } from "../data/pairs.ts";
import type { Fitted, Scorer, ScoringRow } from "./baselines.ts";
import { capRows, type Variant } from "./benchmarks.ts";
import {
  areProbabilities,
  bootstrapMetrics,
  calibrationMetrics,
  meanAucWithin,
  prCurve,
  rocAuc,
  rocCurve,
  youdenThreshold,
  type Calibration,
  type CiMetric,
  type Interval,
  type PrPoint,
  type RocPoint,
} from "./metrics.ts";

export interface ScorerResult {
  scorer: string;
  kind: Scorer["kind"];
  /** Why the scorer does not apply here (then no metrics). */
  notApplicable?: string;
  n?: number;
  positives?: number;
  thresholds?: number[];
  metrics?: Record<CiMetric, Interval>;
  roc?: RocPoint[];
  pr?: PrPoint[];
  note?: string;
  /** Why this committed model's score here is not a held-out score (it trained on test pairs or held-out RNAs). */
  contaminated?: string;
  /** With options.within: ROC-AUC within each group of test rows (e.g. each lncRNA), averaged (meanAucWithin). */
  within?: Interval & { groups: number };
  /** Each fold's own test ROC-AUC, in fold order (the metrics above pool every fold's test rows). */
  foldRocAuc?: number[];
  /** With options.calibration: a model's probabilities against the test labels (a baseline's score is none). */
  calibration?: Calibration;
}

export interface VariantResult {
  variant: Variant;
  results: ScorerResult[];
}

const hasSequences = (rows: ScoringRow[]) => rows.every((r) => r.mirna !== undefined && r.lncrna !== undefined);

/** A scorer, run on every variant or, when `variants` is given, on those variants only (a fold model). */
export type VariantScorer = Scorer & { variants?: string[] };

/** Says why a committed model's score on a variant's test rows is contaminated, or undefined when clean. */
export type Contamination = (scorer: string, variant: Variant, test: ScoringRow[]) => string | undefined;

/** Fitted scorers by (scorer, training rows), shared across variants with the same training set. */
export type FitCache = Map<string, Promise<Fitted>>;

export async function runVariant(
  variant: Variant,
  scorers: VariantScorer[],
  cache: FitCache,
  options: {
    resamples?: number;
    log?: (line: string) => void;
    contamination?: Contamination;
    /** Groups the test rows (e.g. by lncRNA) for the within-group ROC-AUC. */
    within?: (row: ScoringRow) => string;
    /** Measures the calibration of every model whose scores are probabilities. */
    calibration?: boolean;
  } = {},
): Promise<VariantResult> {
  const results: ScorerResult[] = [];
  for (const scorer of scorers) {
    if (variant.only && !variant.only.includes(scorer.name)) continue;
    if (scorer.variants && !scorer.variants.includes(variant.id)) continue;
    const base = { scorer: scorer.name, kind: scorer.kind };
    if (variant.skip?.scorers.includes(scorer.name)) {
      results.push({ ...base, notApplicable: variant.skip.reason });
      continue;
    }
    const rowsUsed = variant.folds.flatMap((f) => [f.train, f.validation, f.test]);
    if (scorer.needsSequences && !rowsUsed.every(hasSequences)) {
      results.push({ ...base, notApplicable: "needs sequences, which this set lacks" });
      continue;
    }
    const started = Date.now();
    const scores: number[] = [];
    const labels: Label[] = [];
    const predicted: (0 | 1)[] = [];
    const clusters: string[] = [];
    const withinGroups: string[] = [];
    const thresholds: number[] = [];
    const foldRocAuc: number[] = [];
    let note: string | undefined;
    let subsampled: string | undefined;
    const testNotes = new Set<string>();
    try {
      for (const fold of variant.folds) {
        if (fold.test.length === 0) continue;
        const key = `${scorer.name}\t${fold.trainKey}`;
        if (!cache.has(key)) cache.set(key, scorer.fit(fold.train, fold.trainKey));
        const fitted = await cache.get(key)!;
        note = fitted.note;
        let threshold = fitted.threshold;
        if (threshold === undefined) {
          const validation = scorer.validationCap ? capRows(fold.validation, scorer.validationCap) : fold.validation;
          threshold = youdenThreshold(
            await fitted.score(validation),
            validation.map((r) => r.label),
          );
        }
        thresholds.push(threshold);
        const test = scorer.testCap ? capRows(fold.test, scorer.testCap) : fold.test;
        if (test.length < fold.test.length)
          subsampled = `scored on a class-stratified subsample of ${test.length} of the ${fold.test.length} test pairs (run time)`;
        const overlap = fitted.describeTest?.(test);
        if (overlap) testNotes.add(overlap);
        const testScores = await fitted.score(test);
        const testLabels = test.map((r) => r.label);
        // a fold with one class has no ROC-AUC of its own; the pooled metrics still count its rows
        foldRocAuc.push(new Set(testLabels).size === 2 ? rocAuc(testScores, testLabels) : NaN);
        testScores.forEach((s, i) => {
          scores.push(s);
          labels.push(test[i]!.label);
          predicted.push(s >= threshold ? 1 : 0);
          if (variant.resampleBy) clusters.push(variant.resampleBy.key(test[i]!));
          if (options.within) withinGroups.push(options.within(test[i]!));
        });
      }
      // every interval resamples alike: whole clusters where the variant names them
      const bootstrap = {
        resamples: options.resamples ?? 1000,
        seed: 1,
        clusters: variant.resampleBy ? clusters : undefined,
      };
      results.push({
        ...base,
        n: scores.length,
        positives: labels.filter((l) => l === 1).length,
        thresholds,
        metrics: bootstrapMetrics(scores, labels, predicted, bootstrap),
        ...(options.within
          ? {
              within: meanAucWithin(scores, labels, withinGroups, bootstrap),
            }
          : {}),
        foldRocAuc,
        ...(options.calibration && scorer.kind === "model" && areProbabilities(scores)
          ? {
              calibration: calibrationMetrics(scores, labels, bootstrap),
            }
          : {}),
        roc: rocCurve(scores, labels),
        pr: prCurve(scores, labels),
        note: [note, subsampled, ...testNotes].filter(Boolean).join("; ") || undefined,
        contaminated:
          scorer.kind === "model"
            ? options.contamination?.(
                scorer.name,
                variant,
                variant.folds.flatMap((f) => f.test),
              )
            : undefined,
      });
    } catch (error) {
      results.push({ ...base, notApplicable: `failed: ${(error as Error).message}` });
    }
    options.log?.(
      `  ${variant.id} · ${scorer.name}: ${results[results.length - 1]!.metrics?.rocAuc.value.toFixed(4) ?? results[results.length - 1]!.notApplicable} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
  }
  return { variant, results };
}

// Binary-classification metrics named by the review (confusion matrix, accuracy, precision, recall,
// F1, ROC/AUC) plus specificity, MCC and average precision, ROC and PR curve points, and class-
// stratified bootstrap confidence intervals. Scores: higher = more likely positive.
import type { Label } from "../data/pairs.ts";
import { seededRandom } from "../lib/random.ts";

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export interface ThresholdMetrics extends Confusion {
  threshold: number;
  accuracy: number;
  precision: number;
  recall: number;
  specificity: number;
  f1: number;
  mcc: number;
}

export function checkInput(
  scores: ArrayLike<number>,
  labels: ArrayLike<Label>,
): { positives: number; negatives: number } {
  if (scores.length !== labels.length) throw new Error(`${scores.length} scores but ${labels.length} labels`);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 0 && labels[i] !== 1) throw new Error(`label ${labels[i]} at ${i} is not 0/1`);
    if (Number.isNaN(scores[i])) throw new Error(`score at ${i} is NaN`);
    positives += labels[i]!;
  }
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) {
    throw new Error(`ROC/PR metrics need both classes; got ${positives} positive and ${negatives} negative`);
  }
  return { positives, negatives };
}

/** Area under the ROC curve (Mann–Whitney U); tied scores count one half. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<Label>): number {
  const { positives, negatives } = checkInput(scores, labels);
  const order = Array.from(scores, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let rankSumPositive = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (labels[order[k]!] === 1) rankSumPositive += averageRank;
    i = j + 1;
  }
  return (rankSumPositive - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * ROC-AUC within each group (e.g. each lncRNA's candidate miRNAs), averaged over the groups that hold
 * both classes: how well a score ranks one RNA's partners among its own candidates, which is what a
 * screen needs. Unlike the pooled AUC, it gives no credit for telling apart groups whose shares of
 * positives differ. The interval resamples whole groups, or whole clusters of groups when each row
 * names one (NaN and 0 groups when no group holds both classes).
 */
export function meanAucWithin(
  scores: ArrayLike<number>,
  labels: ArrayLike<Label>,
  groups: ArrayLike<string>,
  { resamples = 1000, seed = 1, level = 0.95, clusters }: BootstrapOptions = {},
): Interval & { groups: number } {
  if (groups.length !== labels.length) throw new Error(`${groups.length} groups but ${labels.length} labels`);
  const members = new Map<string, number[]>();
  for (let i = 0; i < groups.length; i++) {
    const rows = members.get(groups[i]!);
    if (rows) rows.push(i);
    else members.set(groups[i]!, [i]);
  }
  const byCluster = new Map<string, number[]>();
  for (const rows of members.values()) {
    const positives = rows.filter((i) => labels[i] === 1).length;
    if (positives === 0 || positives === rows.length) continue;
    const auc = rocAuc(
      rows.map((i) => scores[i]!),
      rows.map((i) => labels[i]!),
    );
    const cluster = clusters ? clusters[rows[0]!]! : String(rows[0]);
    const aucs = byCluster.get(cluster);
    if (aucs) aucs.push(auc);
    else byCluster.set(cluster, [auc]);
  }
  const units = [...byCluster.values()];
  const count = units.reduce((n, u) => n + u.length, 0);
  if (count === 0) return { value: NaN, lo: NaN, hi: NaN, groups: 0 };
  const mean = (drawn: number[][]) => {
    const aucs = drawn.flat();
    return aucs.reduce((a, b) => a + b, 0) / aucs.length;
  };
  const random = seededRandom(seed);
  const samples = Float64Array.from({ length: resamples }, () =>
    mean(Array.from(units, () => units[Math.floor(random() * units.length)]!)),
  );
  return { ...percentileInterval(mean(units), samples, level), groups: count };
}

/** Average precision: Σ (R_n − R_{n−1}) P_n over distinct score thresholds, high to low. */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<Label>): number {
  const { positives } = checkInput(scores, labels);
  const order = Array.from(scores, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let tp = 0;
  let seen = 0;
  let ap = 0;
  let lastRecall = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]!] === scores[order[i]!]) j++;
    for (let k = i; k <= j; k++) tp += labels[order[k]!]!;
    seen += j - i + 1;
    const recall = tp / positives;
    ap += (recall - lastRecall) * (tp / seen);
    lastRecall = recall;
    i = j + 1;
  }
  return ap;
}

export function confusionAt(scores: ArrayLike<number>, labels: ArrayLike<Label>, threshold: number): Confusion {
  const c = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < scores.length; i++) {
    const predicted = scores[i]! >= threshold;
    if (labels[i] === 1) predicted ? c.tp++ : c.fn++;
    else predicted ? c.fp++ : c.tn++;
  }
  return c;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

export function thresholdMetrics(
  scores: ArrayLike<number>,
  labels: ArrayLike<Label>,
  threshold: number,
): ThresholdMetrics {
  return { threshold, ...metricsOfConfusion(confusionAt(scores, labels, threshold)) };
}

/** Accuracy … MCC of a confusion matrix (counts may be bootstrap weights). */
export function metricsOfConfusion(c: Confusion): Omit<ThresholdMetrics, "threshold"> {
  const precision = ratio(c.tp, c.tp + c.fp);
  const recall = ratio(c.tp, c.tp + c.fn);
  const mccDenominator = Math.sqrt((c.tp + c.fp) * (c.tp + c.fn) * (c.tn + c.fp) * (c.tn + c.fn));
  return {
    ...c,
    accuracy: ratio(c.tp + c.tn, c.tp + c.tn + c.fp + c.fn),
    precision,
    recall,
    specificity: ratio(c.tn, c.tn + c.fp),
    f1: ratio(2 * precision * recall, precision + recall),
    mcc: ratio(c.tp * c.tn - c.fp * c.fn, mccDenominator),
  };
}

/** The score threshold (predict positive at ≥) that maximizes Youden's J = TPR − FPR. */
export function youdenThreshold(scores: ArrayLike<number>, labels: ArrayLike<Label>): number {
  const { positives, negatives } = checkInput(scores, labels);
  const order = Array.from(scores, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let tp = 0;
  let fp = 0;
  let best = { j: -Infinity, threshold: scores[order[0]!]! };
  for (let i = 0; i < order.length;) {
    let k = i;
    while (k + 1 < order.length && scores[order[k + 1]!] === scores[order[i]!]) k++;
    for (let m = i; m <= k; m++) labels[order[m]!] === 1 ? tp++ : fp++;
    const j = tp / positives - fp / negatives;
    if (j > best.j) best = { j, threshold: scores[order[i]!]! };
    i = k + 1;
  }
  return best.threshold;
}

export interface Evaluation {
  n: number;
  positives: number;
  rocAuc: number;
  averagePrecision: number;
  atThreshold: ThresholdMetrics;
}

export function evaluate(scores: ArrayLike<number>, labels: ArrayLike<Label>, threshold: number): Evaluation {
  const { positives } = checkInput(scores, labels);
  return {
    n: scores.length,
    positives,
    rocAuc: rocAuc(scores, labels),
    averagePrecision: averagePrecision(scores, labels),
    atThreshold: thresholdMetrics(scores, labels, threshold),
  };
}

/** Ranks 1..n with ties given their average rank. */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const order = Array.from(values, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]!] === values[order[i]!]) j++;
    for (let k = i; k <= j; k++) ranks[order[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return ranks;
}

export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length < 2)
    throw new Error(`correlation needs two series of equal length ≥ 2 (got ${a.length} and ${b.length})`);
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < a.length; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= a.length;
  mb /= b.length;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < a.length; i++) {
    cov += (a[i]! - ma) * (b[i]! - mb);
    va += (a[i]! - ma) ** 2;
    vb += (b[i]! - mb) ** 2;
  }
  if (va === 0 || vb === 0) throw new Error("correlation is undefined for a constant series");
  return cov / Math.sqrt(va * vb);
}

/** Spearman's rank correlation (Pearson on average ranks). */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return pearson(averageRanks(a), averageRanks(b));
}

export interface RocPoint {
  /** Predict positive at score ≥ threshold (Infinity: nothing predicted positive). */
  threshold: number;
  fpr: number;
  tpr: number;
}

export interface PrPoint {
  threshold: number;
  recall: number;
  precision: number;
}

/** Tie blocks of the scores, highest first: each block's positive and negative counts. */
function blocksDescending(
  scores: ArrayLike<number>,
  labels: ArrayLike<Label>,
): { threshold: number; positives: number; negatives: number }[] {
  const order = Array.from(scores, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const blocks: { threshold: number; positives: number; negatives: number }[] = [];
  for (const i of order) {
    const last = blocks[blocks.length - 1];
    const block =
      last && last.threshold === scores[i]
        ? last
        : (blocks.push({ threshold: scores[i]!, positives: 0, negatives: 0 }), blocks[blocks.length - 1]!);
    labels[i] === 1 ? block.positives++ : block.negatives++;
  }
  return blocks;
}

/** ROC curve: one point per distinct score (a tie block is one step), from (0, 0) to (1, 1). */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<Label>): RocPoint[] {
  const { positives, negatives } = checkInput(scores, labels);
  const points: RocPoint[] = [{ threshold: Infinity, fpr: 0, tpr: 0 }];
  let tp = 0;
  let fp = 0;
  for (const block of blocksDescending(scores, labels)) {
    tp += block.positives;
    fp += block.negatives;
    points.push({ threshold: block.threshold, fpr: fp / negatives, tpr: tp / positives });
  }
  return points;
}

/** Precision–recall curve: one point per distinct score, recall rising; the step sum is average precision. */
export function prCurve(scores: ArrayLike<number>, labels: ArrayLike<Label>): PrPoint[] {
  const { positives } = checkInput(scores, labels);
  const points: PrPoint[] = [];
  let tp = 0;
  let seen = 0;
  for (const block of blocksDescending(scores, labels)) {
    tp += block.positives;
    seen += block.positives + block.negatives;
    points.push({ threshold: block.threshold, recall: tp / positives, precision: tp / seen });
  }
  return points;
}

export const CI_METRICS = [
  "rocAuc",
  "averagePrecision",
  "accuracy",
  "precision",
  "recall",
  "specificity",
  "f1",
  "mcc",
] as const;
export type CiMetric = (typeof CI_METRICS)[number];

export interface Interval {
  value: number;
  lo: number;
  hi: number;
}

export interface BootstrapOptions {
  resamples?: number;
  seed?: number;
  /** Two-sided level, 0.95 by default. */
  level?: number;
  /**
   * One key per item: items with equal keys (e.g. isoforms of one gene, whose labels were copied from
   * one record) are resampled together, as one unit, instead of pair by pair.
   */
  clusters?: ArrayLike<string>;
}

/** Tries at drawing a cluster resample that holds both classes before giving up. */
const CLUSTER_DRAWS = 100;

/**
 * Every CI metric on items weighted by `weights` (bootstrap counts; all 1 for the plain value).
 * `order` sorts the items by score, highest first; `predicted` holds the labels at the threshold.
 */
function weightedMetrics(
  order: Int32Array,
  scores: ArrayLike<number>,
  labels: ArrayLike<Label>,
  predicted: ArrayLike<number>,
  weights: ArrayLike<number>,
): Record<CiMetric, number> {
  let positives = 0;
  let negatives = 0;
  const c = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < labels.length; i++) {
    const w = weights[i]!;
    if (labels[i] === 1) {
      positives += w;
      predicted[i] ? (c.tp += w) : (c.fn += w);
    } else {
      negatives += w;
      predicted[i] ? (c.fp += w) : (c.tn += w);
    }
  }
  // AUC: each positive beats the negatives below its tie block and ties half of its own
  let aucSum = 0;
  let ap = 0;
  let tp = 0;
  let seen = 0;
  let negativesAbove = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    let blockPositives = 0;
    let blockNegatives = 0;
    while (end < order.length && scores[order[end]!] === scores[order[start]!]) {
      const i = order[end]!;
      labels[i] === 1 ? (blockPositives += weights[i]!) : (blockNegatives += weights[i]!);
      end++;
    }
    aucSum += blockPositives * (negatives - negativesAbove - blockNegatives + blockNegatives / 2);
    negativesAbove += blockNegatives;
    if (blockPositives + blockNegatives > 0) {
      const lastRecall = tp / positives;
      tp += blockPositives;
      seen += blockPositives + blockNegatives;
      ap += (tp / positives - lastRecall) * (tp / seen);
    }
    start = end;
  }
  const m = metricsOfConfusion(c);
  return {
    rocAuc: aucSum / (positives * negatives),
    averagePrecision: ap,
    accuracy: m.accuracy,
    precision: m.precision,
    recall: m.recall,
    specificity: m.specificity,
    f1: m.f1,
    mcc: m.mcc,
  };
}

/** Fills `weights` with one class-stratified resample of the items. */
function stratifiedDraw(labels: ArrayLike<Label>, weights: Float64Array, random: () => number): () => void {
  const byClass: number[][] = [[], []];
  for (let i = 0; i < labels.length; i++) byClass[labels[i]!]!.push(i);
  return () => {
    weights.fill(0);
    for (const members of byClass)
      for (let k = 0; k < members.length; k++) weights[members[Math.floor(random() * members.length)]!]!++;
  };
}

/** Fills `weights` with one resample of whole clusters that holds both classes. */
function clusterDraw(
  clusters: ArrayLike<string>,
  labels: ArrayLike<Label>,
  weights: Float64Array,
  random: () => number,
): () => void {
  if (clusters.length !== labels.length) throw new Error(`${clusters.length} cluster keys but ${labels.length} labels`);
  const members = new Map<string, number[]>();
  for (let i = 0; i < clusters.length; i++) {
    const list = members.get(clusters[i]!) ?? [];
    list.push(i);
    members.set(clusters[i]!, list);
  }
  const units = [...members.values()];
  return () => {
    for (let attempt = 0; attempt < CLUSTER_DRAWS; attempt++) {
      weights.fill(0);
      const drawn = [0, 0];
      for (let k = 0; k < units.length; k++)
        for (const i of units[Math.floor(random() * units.length)]!) {
          weights[i]!++;
          drawn[labels[i]!]!++;
        }
      if (drawn[0]! > 0 && drawn[1]! > 0) return;
    }
    throw new Error(`no resample of ${units.length} clusters held both classes in ${CLUSTER_DRAWS} draws`);
  };
}

/**
 * Point values and percentile bootstrap intervals of every CI metric. Without `clusters`, resampling
 * is stratified by class (each resample keeps the positive and negative counts) and pairs are drawn
 * independently: pairs that share an RNA are not independent, so these intervals are, if anything,
 * narrow. With `clusters`, whole clusters are drawn (as many as there are), and a draw without both
 * classes is drawn again.
 */
export function bootstrapMetrics(
  scores: ArrayLike<number>,
  labels: ArrayLike<Label>,
  predicted: ArrayLike<0 | 1>,
  { resamples = 1000, seed = 1, level = 0.95, clusters }: BootstrapOptions = {},
): Record<CiMetric, Interval> {
  checkInput(scores, labels);
  if (predicted.length !== labels.length)
    throw new Error(`${predicted.length} predicted labels but ${labels.length} labels`);
  const order = Int32Array.from(Array.from(scores, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!));
  const point = weightedMetrics(order, scores, labels, predicted, new Float64Array(labels.length).fill(1));
  const random = seededRandom(seed);
  const weights = new Float64Array(labels.length);
  const draw = clusters ? clusterDraw(clusters, labels, weights, random) : stratifiedDraw(labels, weights, random);
  const samples = Object.fromEntries(CI_METRICS.map((m) => [m, new Float64Array(resamples)])) as Record<
    CiMetric,
    Float64Array
  >;
  for (let r = 0; r < resamples; r++) {
    draw();
    const values = weightedMetrics(order, scores, labels, predicted, weights);
    for (const m of CI_METRICS) samples[m][r] = values[m];
  }
  return Object.fromEntries(CI_METRICS.map((m) => [m, percentileInterval(point[m], samples[m], level)])) as Record<
    CiMetric,
    Interval
  >;
}

/** A point value with the two-sided percentile interval of its bootstrap samples (sorted in place). */
function percentileInterval(value: number, samples: Float64Array, level: number): Interval {
  const sorted = samples.sort();
  const quantile = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
  return { value, lo: quantile((1 - level) / 2), hi: quantile(1 - (1 - level) / 2) };
}

/** One bin of a reliability diagram: the scores in [lo, hi) (the last bin includes 1). */
export interface ReliabilityBin {
  lo: number;
  hi: number;
  n: number;
  meanScore: number;
  positiveShare: number;
}

export interface Calibration {
  /** Mean squared difference between score and label. */
  brier: Interval;
  /** Expected calibration error: the bins' |mean score − share of positives|, weighted by their rows. */
  ece: Interval;
  /** Equal-width bins over [0, 1]; empty bins left out. */
  bins: ReliabilityBin[];
}

const binOf = (score: number, bins: number) => Math.min(bins - 1, Math.floor(score * bins));

const isProbability = (score: number) => score >= 0 && score <= 1;

/** Whether every score lies in [0, 1] (NaN does not), so that calibration applies. */
export const areProbabilities = (scores: ArrayLike<number>) => Array.prototype.every.call(scores, isProbability);

function checkProbabilities(scores: ArrayLike<number>): void {
  for (let i = 0; i < scores.length; i++)
    if (!isProbability(scores[i]!)) throw new Error(`score ${scores[i]} at ${i} is not a probability`);
}

/** Brier score and ECE of the items weighted by `weights` (bootstrap counts; all 1 for the plain value). */
function weightedCalibration(
  scores: ArrayLike<number>,
  labels: ArrayLike<Label>,
  weights: ArrayLike<number>,
  bins: number,
): { brier: number; ece: number } {
  const scoreSum = new Float64Array(bins);
  const positiveSum = new Float64Array(bins);
  let squares = 0;
  let total = 0;
  for (let i = 0; i < scores.length; i++) {
    const w = weights[i]!;
    const s = scores[i]!;
    const b = binOf(s, bins);
    scoreSum[b]! += w * s;
    positiveSum[b]! += w * labels[i]!;
    squares += w * (s - labels[i]!) ** 2;
    total += w;
  }
  let gap = 0;
  for (let b = 0; b < bins; b++) gap += Math.abs(scoreSum[b]! - positiveSum[b]!);
  return { brier: squares / total, ece: gap / total };
}

/** A reliability diagram's bins: equal width over [0, 1], each with its mean score and share of positives. */
export function reliabilityBins(scores: ArrayLike<number>, labels: ArrayLike<Label>, bins = 10): ReliabilityBin[] {
  checkInput(scores, labels);
  checkProbabilities(scores);
  const members: number[][] = Array.from({ length: bins }, () => []);
  for (let i = 0; i < scores.length; i++) members[binOf(scores[i]!, bins)]!.push(i);
  return members.flatMap((rows, b) =>
    rows.length === 0
      ? []
      : [
          {
            lo: b / bins,
            hi: (b + 1) / bins,
            n: rows.length,
            meanScore: rows.reduce((sum, i) => sum + scores[i]!, 0) / rows.length,
            positiveShare: rows.reduce((sum, i) => sum + labels[i]!, 0) / rows.length,
          },
        ],
  );
}

/**
 * How far probabilities are from the rates they claim: the Brier score and the expected calibration
 * error over equal-width bins, with percentile bootstrap intervals (whole clusters when given, else
 * single rows, not stratified by class), and the reliability bins. A calibrated score on a set with the
 * training rows' share of positives can still be off on a set with another share.
 */
export function calibrationMetrics(
  scores: ArrayLike<number>,
  labels: ArrayLike<Label>,
  { resamples = 1000, seed = 1, level = 0.95, clusters, bins = 10 }: BootstrapOptions & { bins?: number } = {},
): Calibration {
  const reliability = reliabilityBins(scores, labels, bins);
  const point = weightedCalibration(scores, labels, new Float64Array(labels.length).fill(1), bins);
  const random = seededRandom(seed);
  const weights = new Float64Array(labels.length);
  // not stratified: a calibration error depends on the share of positives, which a resample must vary
  const units = clusters ?? Array.from(labels, (_, i) => String(i));
  const draw = clusterDraw(units, labels, weights, random);
  const brier = new Float64Array(resamples);
  const ece = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    draw();
    const values = weightedCalibration(scores, labels, weights, bins);
    brier[r] = values.brier;
    ece[r] = values.ece;
  }
  return {
    brier: percentileInterval(point.brier, brier, level),
    ece: percentileInterval(point.ece, ece, level),
    bins: reliability,
  };
}

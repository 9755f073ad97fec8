// Binary-classification metrics named by the review (confusion matrix, accuracy, precision, recall,
// F1, ROC/AUC) plus specificity, MCC and average precision. Scores: higher = more likely positive.
import type { Label } from "../data/pairs.ts";

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

function checkInput(scores: ArrayLike<number>, labels: ArrayLike<Label>): { positives: number; negatives: number } {
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
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (labels[order[k]!] === 1) rankSumPositive += averageRank;
    i = j + 1;
  }
  return (rankSumPositive - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Average precision: Σ (R_n − R_{n−1}) P_n over distinct score thresholds, high to low. */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<Label>): number {
  const { positives } = checkInput(scores, labels);
  const order = Array.from(scores, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let tp = 0;
  let seen = 0;
  let ap = 0;
  let lastRecall = 0;
  for (let i = 0; i < order.length; ) {
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

export function thresholdMetrics(scores: ArrayLike<number>, labels: ArrayLike<Label>, threshold: number): ThresholdMetrics {
  const c = confusionAt(scores, labels, threshold);
  const precision = ratio(c.tp, c.tp + c.fp);
  const recall = ratio(c.tp, c.tp + c.fn);
  const mccDenominator = Math.sqrt((c.tp + c.fp) * (c.tp + c.fn) * (c.tn + c.fp) * (c.tn + c.fn));
  return {
    threshold,
    ...c,
    accuracy: ratio(c.tp + c.tn, scores.length),
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
  for (let i = 0; i < order.length; ) {
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
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]!] === values[order[i]!]) j++;
    for (let k = i; k <= j; k++) ranks[order[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return ranks;
}

export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length < 2) throw new Error(`correlation needs two series of equal length ≥ 2 (got ${a.length} and ${b.length})`);
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

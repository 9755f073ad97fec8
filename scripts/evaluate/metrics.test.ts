import { describe, expect, it } from "vitest";
import {
  averagePrecision,
  averageRanks,
  bootstrapMetrics,
  calibrationMetrics,
  CI_METRICS,
  evaluate,
  meanAucWithin,
  prCurve,
  reliabilityBins,
  rocAuc,
  rocCurve,
  spearman,
  thresholdMetrics,
  youdenThreshold,
} from "./metrics.ts";
import type { Label } from "../data/pairs.ts";
import { seededRandom } from "../lib/random.ts";

const labels: Label[] = [1, 1, 0, 1, 0, 0];

describe("ROC-AUC", () => {
  it("is 1 for a perfect scorer and 0 for an inverted one", () => {
    expect(rocAuc([0.9, 0.8, 0.3, 0.7, 0.2, 0.1], labels)).toBe(1);
    expect(rocAuc([0.1, 0.2, 0.7, 0.3, 0.8, 0.9], labels)).toBe(0);
  });

  it("counts ties as one half", () => {
    expect(rocAuc([0.5, 0.5, 0.5, 0.5, 0.5, 0.5], labels)).toBe(0.5);
    // positives 0.9, 0.5, 0.5; negatives 0.5, 0.1, 0.1: pairs won 3+2+2 = 7, tied 2 × ½ → 8/9
    expect(rocAuc([0.9, 0.5, 0.1, 0.5, 0.5, 0.1], labels)).toBeCloseTo(8 / 9, 12);
  });

  it("is computed by hand on a small mixed case", () => {
    // positives 0.8, 0.4; negatives 0.6, 0.2: 0.8 beats both, 0.4 beats 0.2 → 3/4
    expect(rocAuc([0.8, 0.6, 0.4, 0.2], [1, 0, 1, 0])).toBe(0.75);
  });

  it("refuses a single class with a clear error", () => {
    expect(() => rocAuc([0.1, 0.2], [1, 1])).toThrow(/both classes.*2 positive and 0 negative/);
    expect(() => averagePrecision([0.1, 0.2], [0, 0])).toThrow(/both classes/);
    expect(() => rocAuc([0.1], [1, 0])).toThrow(/1 scores but 2 labels/);
  });
});

describe("ROC-AUC within groups", () => {
  it("ranks inside each group only: a group-level score scores 0.5 within, however well it pools", () => {
    // group a: 3 of 4 positive, group b: 1 of 4; the score is each group's share of positives
    const groups = ["a", "a", "a", "a", "b", "b", "b", "b"];
    const mixed: Label[] = [1, 1, 1, 0, 1, 0, 0, 0];
    const share = [0.75, 0.75, 0.75, 0.75, 0.25, 0.25, 0.25, 0.25];
    expect(rocAuc(share, mixed)).toBe(0.75);
    expect(meanAucWithin(share, mixed, groups)).toMatchObject({ value: 0.5, groups: 2 });
  });

  it("averages each group's AUC and skips groups of one class", () => {
    const groups = ["a", "a", "a", "b", "b", "c"];
    // a: positive 0.9 over negatives 0.8 and 0.1 → 1; b: positive 0.2 under negative 0.3 → 0; c: one row
    const within = meanAucWithin([0.9, 0.8, 0.1, 0.2, 0.3, 0.5], [1, 0, 0, 1, 0, 1], groups);
    expect(within).toMatchObject({ value: 0.5, groups: 2 });
    // two groups resampled: each draw is both (0.5), a twice (1) or b twice (0)
    expect(within.lo).toBe(0);
    expect(within.hi).toBe(1);
    // one cluster holding both groups: every draw is the whole set
    const clustered = meanAucWithin([0.9, 0.8, 0.1, 0.2, 0.3, 0.5], [1, 0, 0, 1, 0, 1], groups, {
      clusters: ["x", "x", "x", "x", "x", "x"],
    });
    expect(clustered).toEqual({ value: 0.5, lo: 0.5, hi: 0.5, groups: 2 });
    expect(meanAucWithin([0.1, 0.2], [1, 1], ["a", "a"]).groups).toBe(0);
    expect(() => meanAucWithin([0.1], [1], ["a", "b"])).toThrow(/2 groups but 1 labels/);
  });
});

describe("average precision", () => {
  it("is 1 for a perfect ranking and matches a hand computation otherwise", () => {
    expect(averagePrecision([0.9, 0.8, 0.3, 0.7, 0.2, 0.1], labels)).toBe(1);
    // ranking: P N P N → precision at the two positives 1 and 2/3, recall steps ½ each → 5/6
    expect(averagePrecision([0.8, 0.6, 0.4, 0.2], [1, 0, 1, 0])).toBeCloseTo(5 / 6, 12);
  });

  it("treats a tie block as one threshold", () => {
    // all tied: one step to recall 1 at precision ½
    expect(averagePrecision([0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0])).toBe(0.5);
  });
});

describe("threshold metrics", () => {
  it("fills the confusion matrix and derived rates", () => {
    const m = thresholdMetrics([0.8, 0.6, 0.4, 0.2], [1, 0, 1, 0], 0.5);
    expect(m).toMatchObject({
      tp: 1,
      fp: 1,
      tn: 1,
      fn: 1,
      accuracy: 0.5,
      precision: 0.5,
      recall: 0.5,
      specificity: 0.5,
      f1: 0.5,
      mcc: 0,
    });
  });

  it("gives MCC 1 and −1 for perfect and inverted predictions", () => {
    expect(thresholdMetrics([0.9, 0.1], [1, 0], 0.5).mcc).toBe(1);
    expect(thresholdMetrics([0.1, 0.9], [1, 0], 0.5).mcc).toBe(-1);
  });

  it("picks the Youden threshold on validation scores", () => {
    expect(youdenThreshold([0.9, 0.8, 0.3, 0.7, 0.2, 0.1], labels)).toBe(0.7);
    expect(evaluate([0.9, 0.8, 0.3, 0.7, 0.2, 0.1], labels, 0.7).atThreshold.accuracy).toBe(1);
  });
});

describe("rank correlation", () => {
  it("is 1 for any increasing transform and −1 for a decreasing one", () => {
    const x = [3, 1, 4, 1.5, 9, 2.6];
    expect(
      spearman(
        x,
        x.map((v) => Math.exp(v)),
      ),
    ).toBeCloseTo(1, 12);
    expect(
      spearman(
        x,
        x.map((v) => -v * v),
      ),
    ).toBeCloseTo(-1, 12);
  });

  it("averages tied ranks", () => {
    expect(Array.from(averageRanks([10, 20, 10, 30]))).toEqual([1.5, 3, 1.5, 4]);
    // ranks (1.5,1.5,3) vs (1,2,3): by hand 0.8660…
    expect(spearman([1, 1, 2], [1, 2, 3])).toBeCloseTo(Math.sqrt(3) / 2, 12);
  });

  it("refuses a constant series", () => {
    expect(() => spearman([1, 1, 1], [1, 2, 3])).toThrow(/constant/);
  });
});

describe("ROC and PR curve points", () => {
  it("steps once per distinct score, from (0, 0) to (1, 1)", () => {
    // scores 0.8 P, 0.6 N, 0.4 P, 0.2 N
    expect(rocCurve([0.8, 0.6, 0.4, 0.2], [1, 0, 1, 0]).map((p) => [p.fpr, p.tpr])).toEqual([
      [0, 0],
      [0, 0.5],
      [0.5, 0.5],
      [0.5, 1],
      [1, 1],
    ]);
    expect(prCurve([0.8, 0.6, 0.4, 0.2], [1, 0, 1, 0]).map((p) => [p.recall, p.precision])).toEqual([
      [0.5, 1],
      [0.5, 0.5],
      [1, 2 / 3],
      [1, 0.5],
    ]);
  });

  it("makes one diagonal step of a tie block", () => {
    const roc = rocCurve([0.5, 0.5, 0.9, 0.1], [1, 0, 1, 0]);
    expect(roc.map((p) => [p.threshold, p.fpr, p.tpr])).toEqual([
      [Infinity, 0, 0],
      [0.9, 0, 0.5],
      [0.5, 0.5, 1],
      [0.1, 1, 1],
    ]);
  });

  it("agrees with the AUC (trapezoids) and AP (steps) on random scores with ties", () => {
    const random = (i: number) => ((i * 7919) % 13) / 13;
    const scores = Array.from({ length: 60 }, (_, i) => random(i));
    const labels = Array.from({ length: 60 }, (_, i): Label => (i % 3 === 0 ? 1 : 0));
    const roc = rocCurve(scores, labels);
    let area = 0;
    for (let i = 1; i < roc.length; i++)
      area += ((roc[i]!.fpr - roc[i - 1]!.fpr) * (roc[i]!.tpr + roc[i - 1]!.tpr)) / 2;
    expect(area).toBeCloseTo(rocAuc(scores, labels), 12);
    const pr = prCurve(scores, labels);
    const ap = pr.reduce((sum, p, i) => sum + (p.recall - (i ? pr[i - 1]!.recall : 0)) * p.precision, 0);
    expect(ap).toBeCloseTo(averagePrecision(scores, labels), 12);
  });

  it("refuses a single class", () => {
    expect(() => rocCurve([0.1, 0.2], [0, 0])).toThrow(/both classes/);
    expect(() => prCurve([0.1, 0.2], [1, 1])).toThrow(/both classes/);
  });
});

describe("bootstrap confidence intervals", () => {
  const predictedAt = (scores: number[], t: number) => scores.map((s): 0 | 1 => (s >= t ? 1 : 0));
  const scores = [0.9, 0.5, 0.1, 0.5, 0.5, 0.1, 0.7, 0.3, 0.6, 0.2];
  const mixed: Label[] = [1, 1, 0, 1, 0, 0, 1, 0, 0, 1];

  it("gives the plain metrics as point values, ties included", () => {
    const ci = bootstrapMetrics(scores, mixed, predictedAt(scores, 0.5), { resamples: 200 });
    const plain = evaluate(scores, mixed, 0.5);
    expect(ci.rocAuc.value).toBeCloseTo(plain.rocAuc, 12);
    expect(ci.averagePrecision.value).toBeCloseTo(plain.averagePrecision, 12);
    for (const m of ["accuracy", "precision", "recall", "specificity", "f1", "mcc"] as const)
      expect(ci[m].value).toBeCloseTo(plain.atThreshold[m], 12);
    for (const m of CI_METRICS) {
      expect(ci[m].lo).toBeLessThanOrEqual(ci[m].value + 1e-12);
      expect(ci[m].hi).toBeGreaterThanOrEqual(ci[m].value - 1e-12);
    }
    expect(ci.rocAuc.hi - ci.rocAuc.lo).toBeGreaterThan(0.1);
  });

  it("is reproducible for a seed and changes with it", () => {
    const a = bootstrapMetrics(scores, mixed, predictedAt(scores, 0.5), { resamples: 300, seed: 3 });
    expect(bootstrapMetrics(scores, mixed, predictedAt(scores, 0.5), { resamples: 300, seed: 3 })).toEqual(a);
    expect(bootstrapMetrics(scores, mixed, predictedAt(scores, 0.5), { resamples: 300, seed: 4 })).not.toEqual(a);
  });

  it("is exactly 1 for a perfect scorer and 0 (MCC −1) for an inverted one", () => {
    const perfect = [0.9, 0.8, 0.3, 0.7, 0.2, 0.1];
    const ci = bootstrapMetrics(perfect, labels, predictedAt(perfect, 0.5), { resamples: 100 });
    for (const m of CI_METRICS) expect([ci[m].lo, ci[m].value, ci[m].hi]).toEqual([1, 1, 1]);
    const inverted = perfect.map((s) => 1 - s);
    const bad = bootstrapMetrics(inverted, labels, predictedAt(inverted, 0.5), { resamples: 100 });
    expect([bad.rocAuc.lo, bad.rocAuc.hi, bad.mcc.value, bad.accuracy.hi]).toEqual([0, 0, -1, 0]);
  });

  it("narrows as the sample grows", () => {
    const big = Array.from({ length: 2000 }, (_, i) => scores[i % 10]!);
    const bigLabels = Array.from({ length: 2000 }, (_, i) => mixed[i % 10]!);
    const small = bootstrapMetrics(scores, mixed, predictedAt(scores, 0.5), { resamples: 300 });
    const large = bootstrapMetrics(big, bigLabels, predictedAt(big, 0.5), { resamples: 300 });
    expect(large.rocAuc.hi - large.rocAuc.lo).toBeLessThan((small.rocAuc.hi - small.rocAuc.lo) / 5);
  });

  it("resamples whole clusters, which widens the interval when pairs within one agree", () => {
    // 40 clusters of 25 copies each: as many pairs as 1,000 independent ones, as much evidence as 40
    const base = Array.from({ length: 40 }, (_, k) => ({
      score: (k * 37) % 40,
      label: (k % 3 === 0 ? 1 : 0) as Label,
    }));
    const items = base.flatMap((b, k) => Array.from({ length: 25 }, () => ({ ...b, cluster: `c${k}` })));
    const s = items.map((i) => i.score);
    const l = items.map((i) => i.label);
    const rowWise = bootstrapMetrics(s, l, predictedAt(s, 20), { resamples: 300 });
    const clustered = bootstrapMetrics(s, l, predictedAt(s, 20), {
      resamples: 300,
      clusters: items.map((i) => i.cluster),
    });
    expect(clustered.rocAuc.value).toBe(rowWise.rocAuc.value);
    const width = (i: { lo: number; hi: number }) => i.hi - i.lo;
    expect(width(clustered.rocAuc)).toBeGreaterThan(3 * width(rowWise.rocAuc));
    // one cluster per item is the plain (unstratified) bootstrap: about as wide as the row-wise one
    const singletons = bootstrapMetrics(s, l, predictedAt(s, 20), {
      resamples: 300,
      clusters: items.map((_, i) => `${i}`),
    });
    expect(width(singletons.rocAuc)).toBeLessThan(2 * width(rowWise.rocAuc));
  });

  it("refuses cluster keys that do not match the items", () => {
    expect(() => bootstrapMetrics([0.1, 0.2], [1, 0], [0, 1], { clusters: ["a"] })).toThrow(
      /1 cluster keys but 2 labels/,
    );
  });

  it("refuses a single class and mismatched lengths", () => {
    expect(() => bootstrapMetrics([0.1, 0.2], [1, 1], [0, 1])).toThrow(/both classes.*2 positive and 0 negative/);
    expect(() => bootstrapMetrics([0.1, 0.2], [1, 0], [0])).toThrow(/1 predicted labels but 2 labels/);
  });
});

describe("calibration", () => {
  const scores = [0.9, 0.2, 0.6, 0.4];
  const four: Label[] = [1, 0, 0, 1];

  it("computes the Brier score and the expected calibration error by hand", () => {
    const c = calibrationMetrics(scores, four, { bins: 2, resamples: 50 });
    // (0.1² + 0.2² + 0.6² + 0.6²) / 4
    expect(c.brier.value).toBeCloseTo(0.1925, 10);
    // bin [0, 0.5): mean 0.3, share 0.5; bin [0.5, 1]: mean 0.75, share 0.5; each holds 2 of 4
    expect(c.ece.value).toBeCloseTo((2 * 0.2 + 2 * 0.25) / 4, 10);
    expect(c.bins).toEqual([
      { lo: 0, hi: 0.5, n: 2, meanScore: expect.closeTo(0.3, 10), positiveShare: 0.5 },
      { lo: 0.5, hi: 1, n: 2, meanScore: expect.closeTo(0.75, 10), positiveShare: 0.5 },
    ]);
  });

  it("puts a score of 1 in the last bin, leaves empty bins out and refuses non-probabilities", () => {
    expect(reliabilityBins([1, 0.05, 0.95], [1, 0, 1]).map((b) => [b.lo, b.n])).toEqual([
      [0, 1],
      [0.9, 2],
    ]);
    expect(() => reliabilityBins([1.5, 0.2], [1, 0])).toThrow(/1.5 at 0 is not a probability/);
    expect(() => reliabilityBins([-0.1, 0.2], [1, 0])).toThrow(/not a probability/);
  });

  it("tells labels drawn at the stated rate from scores that overstate it", () => {
    const random = seededRandom(7);
    const honest = Array.from({ length: 4000 }, () => random());
    const drawn = honest.map((p) => (random() < p ? 1 : 0) as Label);
    const calibrated = calibrationMetrics(honest, drawn, { resamples: 200 });
    const overstated = calibrationMetrics(
      honest.map((p) => Math.sqrt(p)),
      drawn,
      { resamples: 200 },
    );
    expect(calibrated.ece.hi).toBeLessThan(0.05);
    expect(overstated.ece.lo).toBeGreaterThan(0.1);
    expect(overstated.brier.value).toBeGreaterThan(calibrated.brier.value);
    for (const m of [calibrated.brier, calibrated.ece]) {
      expect(m.lo).toBeLessThanOrEqual(m.value);
      expect(m.value).toBeLessThanOrEqual(m.hi);
    }
    for (const bin of calibrated.bins) expect(Math.abs(bin.meanScore - bin.positiveShare)).toBeLessThan(0.1);
  });

  it("widens its intervals when whole clusters are drawn", () => {
    const random = seededRandom(3);
    const clusterRate = Array.from({ length: 20 }, () => random());
    const rows = Array.from({ length: 2000 }, (_, i) => i % 20);
    const s = rows.map(() => 0.5);
    const y = rows.map((c) => (random() < clusterRate[c]! ? 1 : 0) as Label);
    const byPair = calibrationMetrics(s, y, { resamples: 300 });
    const byCluster = calibrationMetrics(s, y, { resamples: 300, clusters: rows.map(String) });
    expect(byPair.ece.hi - byPair.ece.lo).toBeGreaterThan(0);
    expect(byCluster.ece.hi - byCluster.ece.lo).toBeGreaterThan(2 * (byPair.ece.hi - byPair.ece.lo));
  });
});

import { describe, expect, it } from "vitest";
import { averagePrecision, averageRanks, evaluate, rocAuc, spearman, thresholdMetrics, youdenThreshold } from "./metrics.ts";
import type { Label } from "../data/pairs.ts";

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
    expect(m).toMatchObject({ tp: 1, fp: 1, tn: 1, fn: 1, accuracy: 0.5, precision: 0.5, recall: 0.5, specificity: 0.5, f1: 0.5, mcc: 0 });
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
    expect(spearman(x, x.map((v) => Math.exp(v)))).toBeCloseTo(1, 12);
    expect(spearman(x, x.map((v) => -v * v))).toBeCloseTo(-1, 12);
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

import { describe, expect, it } from "vitest";
import { DEFAULT_MODEL } from "./default.ts";
import { NewLncrnaAccuracySchema, newLncrnaAccuracy, type NewLncrnaAccuracy } from "./new-lncrna.ts";

const file: NewLncrnaAccuracy = {
  model: "m",
  modelSha256: "a".repeat(64),
  measuredBy: "npm run evaluate:cold",
  report: "reports/cold.md",
  split: "s",
  folds: 10,
  testPairs: 100,
  testLncrnas: 20,
  rocAuc: { mean: 0.7, sd: 0.03, min: 0.65, max: 0.74 },
  pooledRocAuc: { value: 0.7, lo: 0.66, hi: 0.73 },
  perLncrnaRocAuc: { value: 0.72, lo: 0.7, hi: 0.75 },
  bestBaselineRocAuc: 0.65,
  foldsAboveEveryBaseline: 10,
  calibration: {
    brier: { value: 0.22, lo: 0.2, hi: 0.24 },
    ece: { value: 0.05, lo: 0.03, hi: 0.08 },
    positiveShare: 0.5,
    bins: [
      { lo: 0.3, hi: 0.4, n: 60, meanScore: 0.35, positiveShare: 0.4 },
      { lo: 0.6, hi: 0.7, n: 40, meanScore: 0.65, positiveShare: 0.65 },
    ],
  },
};

describe("newLncrnaAccuracy", () => {
  it("gives the measurement only to the model and version it was measured for", () => {
    expect(newLncrnaAccuracy("m", "a".repeat(64), file)).toBe(file);
    expect(newLncrnaAccuracy("other", "a".repeat(64), file)).toBeUndefined();
    expect(newLncrnaAccuracy("m", "b".repeat(64), file)).toBeUndefined();
  });

  it("accepts a well-formed file and names what a malformed one lacks", () => {
    expect(NewLncrnaAccuracySchema.parse(file)).toEqual(file);
    const { perLncrnaRocAuc: _dropped, ...lacking } = file;
    const result = NewLncrnaAccuracySchema.safeParse(lacking);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["perLncrnaRocAuc"]);
    expect(NewLncrnaAccuracySchema.safeParse({ ...file, folds: 2.5 }).success).toBe(false);
  });

  it("is measured for the bundled default over several folds, with consistent figures (evaluate:cold has run)", async () => {
    const card = (await import("../../models/ensemble-lite.json")).default;
    expect(card.name).toBe(DEFAULT_MODEL);
    const measured = newLncrnaAccuracy(DEFAULT_MODEL, card.onnx.sha256)!;
    expect(measured).toBeDefined();
    expect(measured.folds).toBeGreaterThan(1);
    const { mean, min, max, sd } = measured.rocAuc;
    expect(min).toBeLessThanOrEqual(mean);
    expect(mean).toBeLessThanOrEqual(max);
    expect(sd).toBeGreaterThanOrEqual(0);
    for (const { value, lo, hi } of [measured.pooledRocAuc, measured.perLncrnaRocAuc]) {
      expect(lo).toBeLessThanOrEqual(value);
      expect(value).toBeLessThanOrEqual(hi);
    }
    expect(measured.foldsAboveEveryBaseline).toBeLessThanOrEqual(measured.folds);
    // the reliability bins hold every test pair, and the calibration error is theirs
    const { bins, ece, positiveShare } = measured.calibration;
    expect(bins.reduce((n, b) => n + b.n, 0)).toBe(measured.testPairs);
    const positives = bins.reduce((sum, b) => sum + b.n * b.positiveShare, 0);
    expect(positives / measured.testPairs).toBeCloseTo(positiveShare, 3);
    const gap = bins.reduce((sum, b) => sum + b.n * Math.abs(b.meanScore - b.positiveShare), 0);
    expect(gap / measured.testPairs).toBeCloseTo(ece.value, 3);
    expect(ece.lo).toBeLessThanOrEqual(ece.value);
    expect(ece.value).toBeLessThanOrEqual(ece.hi);
  });
});

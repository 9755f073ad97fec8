import { describe, expect, it } from "vitest";
import { bestPerFold, foldSpread, foldsAgainstBaselines, formatSpread } from "./cold-folds.ts";

describe("foldSpread", () => {
  it("gives the mean, sample standard deviation and range of the folds that have a value", () => {
    const s = foldSpread([0.6, NaN, 0.8, 0.7]);
    expect(s.folds).toBe(3);
    expect(s.mean).toBeCloseTo(0.7, 12);
    expect(s.sd).toBeCloseTo(0.1, 12);
    expect([s.min, s.max]).toEqual([0.6, 0.8]);
    expect(formatSpread(s)).toBe("0.700 ± 0.100 [0.600, 0.800]");
  });

  it("says so when no fold has a value", () => {
    expect(foldSpread([NaN]).folds).toBe(0);
    expect(formatSpread(foldSpread([]))).toBe("—");
  });
});

describe("foldsAgainstBaselines", () => {
  it("counts a fold as a win only when the model is strictly above every baseline at 3 decimals", () => {
    const model = [0.71, 0.7004, 0.65, NaN];
    const baselines = [
      [0.7, 0.7001, 0.66, 0.5],
      [0.69, 0.6, NaN, 0.6],
    ];
    const best = bestPerFold(baselines, model.length);
    expect(best).toEqual([0.7, 0.7001, 0.66, 0.6]);
    const { wins, ties } = foldsAgainstBaselines(model, best);
    expect(wins).toBe(1);
    expect(ties).toBe(1);
  });
});

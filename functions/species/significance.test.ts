import { describe, expect, it } from "vitest";
import { benjaminiHochberg, normalUpperTail, pValue, residualUpperTail, type Significance } from "./significance.ts";

describe("significance", () => {
  it("computes the normal upper tail", () => {
    expect(normalUpperTail(0)).toBeCloseTo(0.5, 6);
    expect(normalUpperTail(1.959964)).toBeCloseTo(0.025, 5);
    expect(normalUpperTail(-1.644854)).toBeCloseTo(0.95, 5);
    expect(normalUpperTail(5)).toBeCloseTo(2.8665e-7, 8);
  });

  it("reads tails off the pooled quantiles, decreasing, and extrapolates past the last", () => {
    const quantiles = Array.from({ length: 99 }, (_, i) => -2.5 + (5 * i) / 98);
    const tails = [-3, -1, 0, 1, 2.4, 2.6, 4].map((z) => residualUpperTail(quantiles, z));
    for (let i = 1; i < tails.length; i++) expect(tails[i]!).toBeLessThan(tails[i - 1]!);
    expect(residualUpperTail(quantiles, 0)).toBeCloseTo(0.5, 2);
    expect(residualUpperTail(quantiles, 4)).toBeLessThan(0.5 / 99);
  });

  it("standardizes a score by its row's location, length term and scale", () => {
    const quantiles = Array.from({ length: 199 }, (_, i) => -3 + (6 * i) / 198);
    const significance: Significance = {
      model: "m",
      modelSha256: "0".repeat(64),
      head: null,
      lengths: [300, 3000],
      perLength: 4,
      rows: [
        [-3, 0, 1],
        [-3, 0.5, 2],
      ],
      quantiles,
      pooled: 800,
    };
    const atMean = 1 / (1 + Math.exp(3)); // logit −3: z = 0 for row 0
    expect(pValue(significance, 0, atMean, 1000)).toBeCloseTo(0.5, 2);
    // row 1's location at 1000 nt is −3 + 0.5·ln 1000 ≈ 0.45: z = (−3 − 0.45) / 2 ≈ −1.73 (= −0.5·ln 1000 / 2), and the
    // residuals here are uniform on [−3, 3], so P(Z ≥ z) ≈ (3 + 1.73) / 6
    expect(pValue(significance, 1, atMean, 1000)).toBeCloseTo((3 + (0.5 * Math.log(1000)) / 2) / 6, 2);
  });

  it("gives Benjamini–Hochberg q-values, monotone in p, counting untested candidates", () => {
    const p = [0.01, 0.04, 0.03, 0.2];
    expect(benjaminiHochberg(p).map((q) => +q.toFixed(6))).toEqual([0.04, 0.053333, 0.053333, 0.2]);
    expect(benjaminiHochberg(p, 8).map((q) => +q.toFixed(6))).toEqual([0.08, 0.106667, 0.106667, 0.4]);
    expect(() => benjaminiHochberg(p, 3)).toThrow(RangeError);
  });
  it("never gives a q-value below its p-value, where p · n / n rounds down", () => {
    const p = 0.6683597199288236; // (p * 3) / 3 < p in floating point
    for (const q of benjaminiHochberg([p, p, p])) expect(q).toBeGreaterThanOrEqual(p);
  });
});

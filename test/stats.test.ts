import { describe, expect, it } from "vitest";
import { seededRandom } from "../scripts/lib/random.ts";
import { ksDistanceToUniform, ksUniformPValue } from "./stats.ts";

describe("Kolmogorov–Smirnov against the uniform", () => {
  it("measures the distance and accepts uniform draws", () => {
    expect(ksDistanceToUniform([0.5])).toBe(0.5);
    const random = seededRandom(11);
    const uniform = Array.from({ length: 400 }, random);
    expect(ksUniformPValue(uniform)).toBeGreaterThan(0.05);
  });
  it("rejects draws piled towards 0", () => {
    const random = seededRandom(12);
    const skewed = Array.from({ length: 400 }, () => random() ** 2);
    expect(ksUniformPValue(skewed)).toBeLessThan(1e-6);
  });
  it("matches the Kolmogorov distribution's 5 % point (D·√n ≈ 1.358 for large n)", () => {
    const n = 10_000;
    const d = 1.358 / (Math.sqrt(n) + 0.12 + 0.11 / Math.sqrt(n));
    const values = Array.from({ length: n }, (_, i) => Math.min(1, (i + 0.5) / n + d));
    expect(ksUniformPValue(values)).toBeCloseTo(0.05, 2);
  });
});

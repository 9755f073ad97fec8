import { describe, expect, it } from "vitest";
import { combine } from "./scoring.ts";
import { topIndices } from "./screen.ts";
import { bestSite } from "./evidence.ts";

describe("combine", () => {
  it("is the member itself for one model", () => {
    expect(combine([{ model: "a", score: 0.4, label: 1, threshold: 0.3 }], false)).toEqual({ score: 0.4, label: 1, threshold: 0.3 });
  });

  it("averages scores and thresholds for an ensemble, keeping each member", () => {
    const members = [
      { model: "a", score: 0.9, label: 1 as const, threshold: 0.5 },
      { model: "b", score: 0.2, label: 0 as const, threshold: 0.3 },
    ];
    const combined = combine(members, true);
    expect(combined.score).toBeCloseTo(0.55, 12);
    expect(combined.threshold).toBeCloseTo(0.4, 12);
    expect(combined.label).toBe(1);
    expect(combined.members).toEqual(members);
  });
});

describe("topIndices", () => {
  it("ranks by score, ties in input order", () => {
    expect(topIndices([0.1, 0.9, 0.5, 0.9, 0.2], 3)).toEqual([1, 3, 2]);
    expect(topIndices([0.3], 10)).toEqual([0]);
  });
});

describe("bestSite", () => {
  it("prefers the stronger type, then Watson–Crick, then the 5′-most", () => {
    const site = (start: number, type: "8mer" | "7mer-m8" | "7mer-A1" | "6mer", wobble = 0) => ({ start, end: start + 7, type, wobble });
    expect(bestSite([site(5, "6mer"), site(9, "8mer", 1), site(20, "7mer-m8"), site(30, "8mer")])).toEqual(site(30, "8mer"));
    expect(bestSite([site(10, "7mer-A1"), site(40, "7mer-A1")])).toEqual(site(10, "7mer-A1")); // sites come in lncRNA order
    expect(bestSite([])).toBeNull();
  });
});

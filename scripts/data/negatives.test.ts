import { describe, expect, it } from "vitest";
import { filterReliableNegatives, sampleSharedLncrnaNegatives, sampleUniformNegatives } from "./negatives.ts";
import { pairKey, type PairRow } from "./pairs.ts";

const row = (mirnaId: string, lncrnaId: string, label: 0 | 1 = 1): PairRow => ({
  mirnaId,
  lncrnaId,
  label,
  species: "xx",
  source: "f",
  split: "train",
});
const positives = [row("m1", "a"), row("m2", "a"), row("m1", "b"), row("m3", "c"), row("m1", "c"), row("m2", "c")];
const pool = ["m1", "m2", "m3", "m4", "m5", "m6"];
const known = new Set(positives.map(pairKey));

describe("negative sampling", () => {
  it("gives each lncRNA as many negatives as positives, never a known pair or a repeat", () => {
    const { negatives, report } = sampleSharedLncrnaNegatives(positives, pool, known, { seed: 1 });
    for (const l of ["a", "b", "c"]) {
      expect(negatives.filter((n) => n.lncrnaId === l)).toHaveLength(positives.filter((p) => p.lncrnaId === l).length);
    }
    expect(negatives.some((n) => known.has(pairKey(n)))).toBe(false);
    expect(new Set(negatives.map(pairKey)).size).toBe(negatives.length);
    expect(report).toEqual({ drawn: 6, refused: {}, shortLncrnas: 0 });
    expect(sampleSharedLncrnaNegatives(positives, pool, known, { seed: 1 }).negatives).toEqual(negatives);
  });

  it("degree-matched sampling draws high-degree miRNAs more often", () => {
    const many = Array.from({ length: 300 }, (_, i) => row(i % 2 ? "hub" : `m${i}`, `l${i}`));
    const count = (degreeMatched: boolean) =>
      sampleSharedLncrnaNegatives(many, ["hub", "x1", "x2", "x3", "x4", "x5"], new Set(many.map(pairKey)), {
        seed: 3,
        degreeMatched,
      }).negatives.filter((n) => n.mirnaId === "hub").length;
    // uniform: hub drawn for ~1/6 of the 150 lncRNAs it is not a partner of; matched: far more
    expect(count(false)).toBeLessThan(45);
    expect(count(true)).toBeGreaterThan(120);
  });

  it("never draws what the reliable-negative rule flags, and counts the refusals", () => {
    const rule = (m: string) => (m === "m4" ? "same seed as a partner" : undefined);
    const { negatives, report } = sampleSharedLncrnaNegatives(positives, pool, known, { seed: 1, looksPositive: rule });
    expect(negatives.some((n) => n.mirnaId === "m4")).toBe(false);
    // c's partners are m1–m3, so m5 and m6 are its only admissible negatives: 2 of 3
    expect(negatives).toHaveLength(5);
    expect(report.shortLncrnas).toBe(1);
    const tight = sampleSharedLncrnaNegatives(positives, ["m1", "m2", "m3", "m4"], known, {
      seed: 1,
      looksPositive: rule,
    });
    expect(tight.report.shortLncrnas).toBe(2); // a: only m3 left; c: nothing admissible
    expect(tight.report.refused["same seed as a partner"]).toBeGreaterThan(0);
  });

  it("filters fixed negatives, keeping every positive", () => {
    const pairs = [...positives, row("m4", "a", 0), row("m5", "b", 0)];
    const { pairs: kept, dropped } = filterReliableNegatives(pairs, (m) => (m === "m4" ? "site" : undefined));
    expect(kept).toHaveLength(7);
    expect(dropped).toEqual({ site: 1 });
  });

  it("draws uniform negatives among unobserved pairs and refuses an impossible count", () => {
    const negatives = sampleUniformNegatives(["a", "b", "c"], pool, known, 10, 2, {
      species: "xx",
      source: "s",
      split: "all",
    });
    expect(negatives).toHaveLength(10);
    expect(negatives.some((n) => known.has(pairKey(n)))).toBe(false);
    expect(() =>
      sampleUniformNegatives(["a"], ["m1", "m2"], known, 5, 2, { species: "xx", source: "s", split: "all" }),
    ).toThrow(/cannot draw 5/);
  });
});

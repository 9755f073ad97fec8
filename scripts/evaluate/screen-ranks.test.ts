import { describe, expect, it } from "vitest";
import { median, rankAmong, summarizeRanks } from "./screen-ranks.ts";

describe("rankAmong", () => {
  const scores = [0.1, 0.9, 0.5, 0.5, 0.7, 0.5];

  it("counts the candidates scored higher", () => {
    expect(rankAmong(scores, 1)).toBe(1);
    expect(rankAmong(scores, 4)).toBe(2);
    expect(rankAmong(scores, 0)).toBe(6);
  });

  it("gives tied candidates their mid-rank", () => {
    // three at 0.5 behind two higher: ranks 3, 4, 5 → 4 each
    expect(rankAmong(scores, 2)).toBe(4);
    expect(rankAmong(scores, 5)).toBe(4);
    expect(rankAmong([1, 1, 1, 1], 0)).toBe(2.5);
  });

  it("ranks within a subset of the candidates only", () => {
    expect(rankAmong(scores, 2, [0, 2, 3])).toBe(1.5);
    expect(rankAmong(scores, 0, [0, 2, 4])).toBe(3);
    expect(() => rankAmong(scores, 1, [0, 2])).toThrow(/not among/);
  });
});

describe("summarizeRanks", () => {
  it("reports the median rank and the shares within 10, 25 and the top 5 %", () => {
    const summary = summarizeRanks([
      { rank: 1, candidates: 1000 },
      { rank: 12, candidates: 1000 },
      { rank: 30, candidates: 1000 },
      { rank: 60, candidates: 1000 },
      { rank: 20, candidates: 200 },
    ]);
    expect(summary.partners).toBe(5);
    expect(summary.medianRank).toBe(20);
    expect(summary.hitAt10).toBeCloseTo(1 / 5);
    expect(summary.hitAt25).toBeCloseTo(3 / 5);
    // 5 % of 1,000 is 50 (ranks 1, 12, 30), of 200 is 10 (rank 20 misses)
    expect(summary.top5Percent).toBeCloseTo(3 / 5);
  });

  it("says nothing (NaN) about no partners", () => {
    expect(summarizeRanks([]).medianRank).toBeNaN();
    expect(median([3, 1])).toBe(2);
  });
});

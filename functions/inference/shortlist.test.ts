import { describe, expect, it } from "vitest";
import { shortlist, topIndices, withPrior } from "./shortlist.ts";

describe("topIndices", () => {
  it("ranks by score, ties in input order", () => {
    expect(topIndices([0.1, 0.9, 0.5, 0.9, 0.2], 3)).toEqual([1, 3, 2]);
    expect(topIndices([0.3], 10)).toEqual([0]);
  });
});

describe("shortlist", () => {
  it("keeps the union of each signal's best, in panel order", () => {
    const a = { name: "a", scores: [5, 1, 4, 0, 3] };
    const b = { name: "b", scores: [0, 9, 0, 8, 0] };
    expect(shortlist([a], 5, 2)).toEqual([0, 2]);
    expect(shortlist([a, b], 5, 2)).toEqual([0, 1, 2, 3]);
    expect(shortlist([a, b], 5, 10)).toEqual([0, 1, 2, 3, 4]);
  });

  it("breaks ties by panel order and refuses a signal of the wrong length", () => {
    expect(shortlist([{ name: "flat", scores: [1, 1, 1, 1] }], 4, 2)).toEqual([0, 1]);
    expect(() => shortlist([{ name: "short", scores: [1, 2] }], 3, 1)).toThrow(/2 scores for 3 candidates/);
  });
});

describe("withPrior", () => {
  const prior = (logOdds: number) => ({ family: "AAAAAAA", partners: 0, logOdds });

  it("adds each candidate's prior log-odds to a model signal's logit, and leaves the kernel's signal", () => {
    const kernel = { name: "complementarity", scores: [3, 2] };
    const model = { name: "m", scores: [0.9, 0.5], probability: true };
    const [k, m] = withPrior([kernel, model], [prior(-4), prior(1)]);
    expect(k).toBe(kernel);
    expect(m!.name).toBe("m + partner prior");
    expect(m!.scores[0]).toBeCloseTo(Math.log(9) - 4, 9);
    expect(m!.scores[1]).toBeCloseTo(1, 9);
    // the prior turns the order round
    expect(topIndices(m!.scores, 1)).toEqual([1]);
    expect(withPrior([model], undefined)).toEqual([model]);
  });
});

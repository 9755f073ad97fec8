import { describe, expect, it } from "vitest";
import { bothDisjointRole, groupKFold, leaveOneGroupOut, stratifiedKFold } from "./splits.ts";

const items = Array.from({ length: 103 }, (_, i) => ({ key: `pair-${i}`, label: (i % 3 === 0 ? 1 : 0) as 0 | 1 }));

describe("splits", () => {
  it("stratified k-fold: class counts per fold differ by at most one, independent of row order", () => {
    const folds = stratifiedKFold(items, 5, 7);
    for (const label of [0, 1]) {
      const counts = [0, 1, 2, 3, 4].map((f) => items.filter((it, i) => it.label === label && folds[i] === f).length);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
    const reversed = [...items].reverse();
    const again = stratifiedKFold(reversed, 5, 7);
    expect(reversed.map((it, i) => [it.key, again[i]])).toEqual(
      reversed.map((it) => [it.key, folds[items.indexOf(it)]]),
    );
    expect(stratifiedKFold(items, 5, 8)).not.toEqual(folds);
  });

  it("group k-fold keeps every group in one fold and balances fold sizes", () => {
    const groups = items.map((_, i) => `g${i % 17}`);
    const folds = groupKFold(groups, 4, 1);
    const foldOf = new Map<string, Set<number>>();
    groups.forEach((g, i) => foldOf.set(g, (foldOf.get(g) ?? new Set()).add(folds[i]!)));
    for (const set of foldOf.values()) expect(set.size).toBe(1);
    const sizes = [0, 1, 2, 3].map((f) => folds.filter((x) => x === f).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(7);
    expect(() => groupKFold(groups, 1, 1)).toThrow(/k ≥ 2/);
  });

  it("both-disjoint: test pairs share no RNA with train pairs", () => {
    const pairs = Array.from({ length: 400 }, (_, i) => ({ l: `l${i % 23}`, m: `m${(i * 7) % 19}` }));
    const lf = groupKFold(
      pairs.map((p) => p.l),
      3,
      1,
    );
    const mf = groupKFold(
      pairs.map((p) => p.m),
      3,
      2,
    );
    for (let f = 0; f < 3; f++) {
      const roles = pairs.map((_, i) => bothDisjointRole(lf[i]!, mf[i]!, f));
      const test = pairs.filter((_, i) => roles[i] === "test");
      const train = pairs.filter((_, i) => roles[i] === "train");
      expect(test.length).toBeGreaterThan(0);
      const trainRnas = new Set(train.flatMap((p) => [p.l, p.m]));
      expect(test.some((p) => trainRnas.has(p.l) || trainRnas.has(p.m))).toBe(false);
    }
  });

  it("leave one species out", () => {
    expect(leaveOneGroupOut(["sly", "ath", "sly", "aly"])).toEqual({
      folds: [2, 1, 2, 0],
      names: ["aly", "ath", "sly"],
    });
  });
});

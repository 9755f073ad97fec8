// Deterministic splits. Every assignment depends only on the ids and the seed — never on row order —
// so a split is regenerated exactly from its rule and seed (and checked against the committed
// splits/manifest.json by test/data/benchmark-splits.test.ts).

/** FNV-1a of seed and key, mapped to [0, 1). */
export function hashUnit(key: string, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h >>> 0) / 4294967296;
}

export type SplitName = "train" | "validation" | "test";

/** The training holdout every trainer uses (featurize, the ensemble's inputs): lncRNA-grouped, 20 %. */
export const VALIDATION_FRACTION = 0.2;
export const SPLIT_SEED = 17;

/** "validation" for a fraction of the groups, "train" for the rest. */
export function groupHoldout(groups: string[], fraction: number, seed: number): SplitName[] {
  return groups.map((g) => (hashUnit(g, seed) < fraction ? "validation" : "train"));
}

/** Keys in seeded-hash order (ties broken by the key), the same whatever order they came in. */
function hashOrder(keys: string[], seed: number): string[] {
  return [...keys].sort((a, b) => hashUnit(a, seed) - hashUnit(b, seed) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Stratified k-fold by pair: each class is dealt round-robin in hash order, so folds differ by ≤ 1 per class. */
export function stratifiedKFold(items: { key: string; label: 0 | 1 }[], k: number, seed: number): number[] {
  checkK(k);
  const fold = new Map<string, number>();
  for (const label of [0, 1]) {
    hashOrder(
      items.filter((i) => i.label === label).map((i) => i.key),
      seed,
    ).forEach((key, n) => fold.set(key, n % k));
  }
  return items.map((i) => fold.get(i.key)!);
}

/**
 * Group k-fold: all items of a group share a fold. Groups go largest first (hash order within a size)
 * to the fold with the fewest items so far, which keeps folds close in size.
 */
export function groupKFold(groups: string[], k: number, seed: number): number[] {
  checkK(k);
  const sizes = new Map<string, number>();
  for (const g of groups) sizes.set(g, (sizes.get(g) ?? 0) + 1);
  const ordered = hashOrder([...sizes.keys()], seed).sort((a, b) => sizes.get(b)! - sizes.get(a)!);
  const load = new Array<number>(k).fill(0);
  const foldOf = new Map<string, number>();
  for (const g of ordered) {
    const f = load.indexOf(Math.min(...load));
    foldOf.set(g, f);
    load[f]! += sizes.get(g)!;
  }
  return groups.map((g) => foldOf.get(g)!);
}

export type FoldRole = "train" | "test" | "excluded";

/**
 * Both-disjoint cold start: lncRNA groups and miRNA groups get folds independently; in fold f a pair
 * is test when both its RNAs are in fold f, train when neither is, and excluded otherwise (it would
 * leak one side of a test pair into training).
 */
export function bothDisjointRole(lncrnaFold: number, mirnaFold: number, fold: number): FoldRole {
  if (lncrnaFold === fold && mirnaFold === fold) return "test";
  if (lncrnaFold !== fold && mirnaFold !== fold) return "train";
  return "excluded";
}

/** Leave one group out (e.g. species): fold = index of the item's group in sorted order. */
export function leaveOneGroupOut(groups: string[]): { folds: number[]; names: string[] } {
  const names = [...new Set(groups)].sort();
  return { folds: groups.map((g) => names.indexOf(g)), names };
}

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 2) throw new Error(`k-fold needs an integer k ≥ 2, got ${k}`);
}

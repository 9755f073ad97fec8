// Deterministic splits: a group (e.g. a lncRNA id) goes to validation by a seeded hash of its key,
// so the assignment does not depend on row order and whole groups stay on one side.

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

/** "validation" for a fraction of the groups, "train" for the rest. */
export function groupHoldout(groups: string[], fraction: number, seed: number): SplitName[] {
  return groups.map((g) => (hashUnit(g, seed) < fraction ? "validation" : "train"));
}

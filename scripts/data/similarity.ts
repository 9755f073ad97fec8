// Similarity-aware grouping of lncRNAs: MinHash sketches of their 8-mer sets (k-mer token ids from the
// AS kernel — no encoding is re-implemented here), candidate pairs from LSH bands, and union–find over
// the pairs whose estimated Jaccard similarity reaches the threshold. Similar lncRNAs then share a
// group, so a group split keeps near-copies on one side.
import type { Encoders } from "../../functions/kernels/encoders.ts";

export const SKETCH_K = 8;
export const SKETCH_SIZE = 64;
const BANDS = 32; // 32 bands × 2 rows: a pair at Jaccard 0.3 is a candidate with probability ≈ 0.95

/** 64 minimum hashes of the sequence's 8-mer token ids (windows with an unknown base skipped). */
export function minhashSketch(encoders: Encoders, codes: Uint8Array): Uint32Array {
  const windows = Math.max(codes.length - SKETCH_K + 1, 1);
  const { tokens } = encoders.kmerTokens(codes, SKETCH_K, 1, windows);
  const sketch = new Uint32Array(SKETCH_SIZE).fill(0xffffffff);
  for (const token of tokens) {
    if (token < 2) continue;
    for (let h = 0; h < SKETCH_SIZE; h++) {
      let x = Math.imul(token ^ Math.imul(h + 1, 0x9e3779b1), 0x85ebca6b);
      x ^= x >>> 13;
      x = Math.imul(x, 0xc2b2ae35);
      x = (x ^ (x >>> 16)) >>> 0;
      if (x < sketch[h]!) sketch[h] = x;
    }
  }
  return sketch;
}

/** Fraction of equal minimum hashes: an estimate of the Jaccard similarity of the two 8-mer sets. */
export function sketchSimilarity(a: Uint32Array, b: Uint32Array): number {
  let equal = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i] && a[i] !== 0xffffffff) equal++;
  return equal / a.length;
}

/** Pairs of sketches (i < j) sharing at least one LSH band: the only ones worth comparing. */
function candidatePairs(sketches: Uint32Array[]): [number, number][] {
  const rows = SKETCH_SIZE / BANDS;
  const seen = new Set<number>();
  const pairs: [number, number][] = [];
  for (let band = 0; band < BANDS; band++) {
    const buckets = new Map<string, number[]>();
    sketches.forEach((s, i) => {
      if (s[band * rows] === 0xffffffff) return;
      const key = Array.from(s.subarray(band * rows, (band + 1) * rows)).join(",");
      const bucket = buckets.get(key);
      if (bucket) bucket.push(i);
      else buckets.set(key, [i]);
    });
    for (const bucket of buckets.values()) {
      for (let x = 0; x < bucket.length; x++) {
        for (let y = x + 1; y < bucket.length; y++) {
          const id = bucket[x]! * sketches.length + bucket[y]!;
          if (!seen.has(id)) {
            seen.add(id);
            pairs.push([bucket[x]!, bucket[y]!]);
          }
        }
      }
    }
  }
  return pairs;
}

/**
 * Group label per id: ids joined (transitively) when their sketch similarity is ≥ threshold. The label
 * is the group's smallest id, so it does not depend on input order.
 */
export function similarityGroups(ids: string[], sketches: Uint32Array[], threshold: number): string[] {
  const parent = ids.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (const [a, b] of candidatePairs(sketches)) {
    if (sketchSimilarity(sketches[a]!, sketches[b]!) >= threshold) parent[find(a)] = find(b);
  }
  const smallest = new Map<number, string>();
  ids.forEach((id, i) => {
    const root = find(i);
    const current = smallest.get(root);
    if (current === undefined || id < current) smallest.set(root, id);
  });
  return ids.map((_, i) => smallest.get(find(i))!);
}

/** For each query sketch, the highest similarity to any reference sketch (LSH candidates only). */
export function maxSimilarityTo(queries: Uint32Array[], references: Uint32Array[]): number[] {
  const all = [...queries, ...references];
  const best = new Array<number>(queries.length).fill(0);
  for (const [a, b] of candidatePairs(all)) {
    if (a < queries.length && b >= queries.length) best[a] = Math.max(best[a]!, sketchSimilarity(all[a]!, all[b]!));
  }
  return best;
}

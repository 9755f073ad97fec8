// Similarity-aware grouping of lncRNAs: MinHash sketches of their 8-mer sets (k-mer token ids from the
// AS kernel — no encoding is re-implemented here), candidate pairs from LSH bands, and union–find over
// the pairs whose estimated Jaccard similarity reaches the threshold. Similar lncRNAs then share a
// group, so a group split keeps near-copies on one side. A Jaccard similarity misses a short isoform
// inside a long one (their k-mer sets differ in size), so shared exact stretches join lncRNAs too.
import type { Encoders } from "../../functions/kernels/encoders.ts";
import { STRETCH_SHARE, stretchKeys } from "../../functions/features/isoforms.ts";

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

/** Two sequences (i < j) that share exact 24-mers: how many, and how many distinct ones the shorter holds. */
export interface StretchOverlap {
  pair: [number, number];
  shared: number;
  shorter: number;
}

/** Every pair of sequences that shares at least one exact 24-mer, in index order. */
export function stretchOverlaps(encoders: Encoders, codes: Uint8Array[]): StretchOverlap[] {
  const keySets = codes.map((c) => stretchKeys(encoders, c));
  const holders = new Map<number, number | number[]>();
  keySets.forEach((keys, i) => {
    for (const key of keys) {
      const held = holders.get(key);
      if (held === undefined) holders.set(key, i);
      else if (typeof held === "number") holders.set(key, [held, i]);
      else held.push(i);
    }
  });
  const shared = new Map<number, number>();
  for (const held of holders.values()) {
    if (typeof held === "number") continue;
    for (let x = 0; x < held.length; x++)
      for (let y = x + 1; y < held.length; y++) {
        const id = held[x]! * codes.length + held[y]!;
        shared.set(id, (shared.get(id) ?? 0) + 1);
      }
  }
  const overlaps: StretchOverlap[] = [];
  for (const [id, count] of shared) {
    const a = Math.floor(id / codes.length),
      b = id % codes.length;
    overlaps.push({ pair: [a, b], shared: count, shorter: Math.min(keySets[a]!.size, keySets[b]!.size) });
  }
  return overlaps.sort((p, q) => p.pair[0] - q.pair[0] || p.pair[1] - q.pair[1]);
}

/** Whether an overlap reaches `share` of the shorter sequence's distinct 24-mers. */
export const overlapReaches = (o: StretchOverlap, share = STRETCH_SHARE) => o.shared >= share * o.shorter;

/**
 * Pairs (i < j) of sequences whose shared exact 24-mers are at least `share` of the shorter one's distinct
 * 24-mers: transcripts that share exons, such as a gene's isoforms, whatever their lengths.
 */
export function sharedStretchPairs(encoders: Encoders, codes: Uint8Array[], share = STRETCH_SHARE): [number, number][] {
  return stretchOverlaps(encoders, codes)
    .filter((o) => overlapReaches(o, share))
    .map((o) => o.pair);
}

/**
 * Group label per sequence under the cold splits' rule: 8-mer MinHash similarity ≥ threshold, or shared
 * exact stretches (sharedStretchPairs), joined transitively; labels as similarityGroups gives them.
 */
export function lncrnaGroups(encoders: Encoders, ids: string[], codes: Uint8Array[], threshold: number): string[] {
  return similarityGroups(
    ids,
    codes.map((c) => minhashSketch(encoders, c)),
    threshold,
    sharedStretchPairs(encoders, codes),
  );
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
 * Group label per id: ids joined (transitively) when their sketch similarity is ≥ threshold, and the
 * `joined` pairs of indices whatever their sketches say. The label is the group's smallest id, so it
 * does not depend on input order.
 */
export function similarityGroups(
  ids: string[],
  sketches: Uint32Array[],
  threshold: number,
  joined: readonly [number, number][] = [],
): string[] {
  const parent = ids.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (const [a, b] of candidatePairs(sketches)) {
    if (sketchSimilarity(sketches[a]!, sketches[b]!) >= threshold) parent[find(a)] = find(b);
  }
  for (const [a, b] of joined) parent[find(a)] = find(b);
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

/** For each query, whether it shares exact stretches with a reference as sharedStretchPairs joins them. */
export function sharesStretchWith(encoders: Encoders, queries: Uint8Array[], references: Uint8Array[]): boolean[] {
  const shares = new Array<boolean>(queries.length).fill(false);
  for (const [a, b] of sharedStretchPairs(encoders, [...queries, ...references])) {
    if (a < queries.length && b >= queries.length) shares[a] = true;
  }
  return shares;
}

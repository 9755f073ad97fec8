import { describe, expect, it } from "vitest";
import { loadEncoders } from "../lib/kernels-node.ts";
import {
  maxSimilarityTo,
  minhashSketch,
  sharedStretchPairs,
  sharesStretchWith,
  similarityGroups,
  sketchSimilarity,
} from "./similarity.ts";
import { randomRna, seededRandom } from "../lib/generators.ts";

describe("similarity-aware lncRNA grouping", () => {
  const encoders = loadEncoders();
  const random = seededRandom(11);
  const sketch = (s: string) => minhashSketch(encoders, encoders.normalize(s).codes);
  const base = Array.from({ length: 30 }, () => randomRna(random, 800));
  const mutate = (s: string, rate: number) =>
    [...s].map((b) => (random() < rate ? "ACGU"[Math.floor(random() * 4)] : b)).join("");

  it("estimates high similarity for near-copies and ~0 for unrelated sequences", () => {
    expect(sketchSimilarity(sketch(base[0]!), sketch(base[0]!))).toBe(1);
    expect(sketchSimilarity(sketch(base[0]!), sketch(mutate(base[0]!, 0.01)))).toBeGreaterThan(0.6);
    expect(sketchSimilarity(sketch(base[0]!), sketch(base[1]!))).toBeLessThan(0.1);
  });

  it("groups near-copies together (transitively) and leaves unrelated sequences alone", () => {
    const ids = [...base.map((_, i) => `u${String(i).padStart(2, "0")}`), "copyA", "copyB"];
    const seqs = [...base, mutate(base[3]!, 0.01), mutate(base[7]!, 0.01)];
    const groups = similarityGroups(ids, seqs.map(sketch), 0.2);
    expect(groups[ids.indexOf("copyA")]).toBe(groups[3]);
    expect(groups[ids.indexOf("copyB")]).toBe(groups[7]);
    expect(new Set(groups).size).toBe(30);
    expect(
      maxSimilarityTo([sketch(seqs[30]!), sketch(randomRna(random, 800))], base.map(sketch)).map((s) => s > 0.2),
    ).toEqual([true, false]);
  });

  describe("shared exact stretches", () => {
    const codes = (s: string) => encoders.normalize(s).codes;
    // a long transcript of twenty 300-nt exons; its short isoform keeps exons 2 and 7
    const exons = Array.from({ length: 20 }, () => randomRna(random, 300));
    const long = exons.join("");
    const isoform = exons[2]! + exons[7]! + randomRna(random, 100);

    it("joins a short isoform to the long transcript whose exons it holds, which MinHash misses", () => {
      expect(sketchSimilarity(sketch(long), sketch(isoform))).toBeLessThan(0.2);
      const seqs = [long, randomRna(random, 3000), isoform, randomRna(random, 700)];
      expect(sharedStretchPairs(encoders, seqs.map(codes))).toEqual([[0, 2]]);
      const groups = similarityGroups(
        ["a", "b", "c", "d"],
        seqs.map(sketch),
        0.2,
        sharedStretchPairs(encoders, seqs.map(codes)),
      );
      expect(groups).toEqual(["a", "b", "a", "d"]);
    });

    it("counts the share of the shorter transcript's 24-mers, not single matches", () => {
      const one = randomRna(random, 2000);
      // one 30-nt stretch in common: 7 shared 24-mers of ~1,977, far below a tenth
      const other = randomRna(random, 1000) + one.slice(500, 530) + randomRna(random, 1000);
      expect(sharedStretchPairs(encoders, [one, other].map(codes))).toEqual([]);
      expect(sharedStretchPairs(encoders, [one, other].map(codes), 0.003)).toEqual([[0, 1]]);
      // a stretch with an unknown base inside joins nothing through its windows
      const masked = one.slice(0, 1000) + "N" + one.slice(1001);
      expect(sharedStretchPairs(encoders, [one.slice(990, 1012), masked].map(codes))).toEqual([]);
    });

    it("tells which queries share stretches with a reference", () => {
      expect(sharesStretchWith(encoders, [isoform, randomRna(random, 500)].map(codes), [long].map(codes))).toEqual([
        true,
        false,
      ]);
    });
  });
});

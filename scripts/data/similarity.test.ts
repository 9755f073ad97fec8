import { describe, expect, it } from "vitest";
import { loadEncoders } from "../lib/kernels-node.ts";
import { maxSimilarityTo, minhashSketch, similarityGroups, sketchSimilarity } from "./similarity.ts";
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
});

import { describe, expect, it } from "vitest";
import type { Label } from "../data/pairs.ts";
import { randomRna, seededRandom } from "../lib/generators.ts";
import { loadEncoders } from "../lib/kernels-node.ts";
import { FeatureCache, lncrnaSequenceBaseline, type ScoringRow } from "./baselines.ts";
import { rocAuc } from "./metrics.ts";

describe("the lncRNA-sequence baseline", () => {
  const random = seededRandom(5);
  const mirnas = Array.from({ length: 6 }, () => randomRna(random, 22));
  // lncRNAs with many partners are AU-rich here, the others GC-rich: a sequence trait the score can learn
  const rowsOf = (prefix: string, count: number): ScoringRow[] =>
    Array.from({ length: count }, (_, l) => {
      const many = l % 2 === 0;
      const lncrna = randomRna(random, 400, many ? "AAUUUCG" : "GGCCCAU");
      return mirnas.map((mirna, m) => ({
        mirnaId: `m${m}`,
        lncrnaId: `${prefix}${l}`,
        label: (many ? m < 5 : m < 1) ? (1 as Label) : (0 as Label),
        species: "hsa",
        source: "generated",
        split: "train" as const,
        mirna,
        lncrna,
      }));
    }).flat();
  const scorer = lncrnaSequenceBaseline(new FeatureCache(loadEncoders()));

  it("gives every miRNA of a lncRNA the same score and learns the lncRNAs' share from their sequence", async () => {
    const { score } = await scorer.fit(rowsOf("train", 20));
    const test = rowsOf("test", 10);
    const scores = await score(test);
    for (let l = 0; l < 10; l++) {
      const own = test.flatMap((r, i) => (r.lncrnaId === `test${l}` ? [scores[i]!] : []));
      expect(new Set(own).size).toBe(1);
    }
    expect(
      rocAuc(
        scores,
        test.map((r) => r.label),
      ),
    ).toBeGreaterThan(0.6);
  });
});

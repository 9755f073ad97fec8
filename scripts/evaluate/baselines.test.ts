import { describe, expect, it } from "vitest";
import type { Label } from "../data/pairs.ts";
import { randomRna, reverseComplement, seededRandom } from "../lib/generators.ts";
import { loadEncoders } from "../lib/kernels-node.ts";
import { FeatureCache, isoformSeedBaseline, lncrnaSequenceBaseline, type ScoringRow } from "./baselines.ts";
import { IsoformReference } from "../../functions/features/isoforms.ts";
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

describe("the isoform seed-site baseline", () => {
  const random = seededRandom(11);
  const encoders = loadEncoders();
  const mirna = randomRna(random, 22);
  // a 7mer-m8 site: the reverse complement of miRNA nt 2–8
  const site = reverseComplement(mirna.slice(1, 8));
  const exons = Array.from({ length: 5 }, () => randomRna(random, 300));
  // one gene: the scored transcript holds exons 0–3; its isoform skips exon 3 and carries the site in exon 4
  const scored = exons.slice(0, 4).join("");
  const isoform = exons[0]! + exons[1]! + exons[4]! + site + randomRna(random, 40);
  // an unrelated transcript with two sites
  const unrelated = randomRna(random, 800) + site + randomRna(random, 50) + site + randomRna(random, 50);
  const row = (lncrna: string): ScoringRow => ({
    mirnaId: "m",
    lncrnaId: lncrna.slice(0, 12),
    label: 1,
    species: "hsa",
    source: "generated",
    split: "test",
    mirna,
    lncrna,
  });
  const sites = (target: string) => {
    const { counts } = encoders.seedSites(encoders.normalize(mirna).codes, encoders.normalize(target).codes, 1);
    return counts["8mer"] + counts["7mer-m8"] + counts["7mer-A1"];
  };

  it("reads a site on an isoform the reference holds, and none on unrelated transcripts", async () => {
    expect(sites(scored)).toBe(0);
    const reference = IsoformReference.fromSequences(encoders, [scored, isoform, unrelated]);
    expect(reference.withIsoforms()).toBe(2);
    const { score } = await isoformSeedBaseline(encoders, reference).fit([]);
    expect([...(await score([row(scored), row(isoform), row(unrelated)]))]).toEqual([1, 1, 2]);
  });

  it("scores the transcript alone when the reference lacks its isoforms", async () => {
    const { score } = await isoformSeedBaseline(
      encoders,
      IsoformReference.fromSequences(encoders, [scored, unrelated]),
    ).fit([]);
    expect([...(await score([row(scored), row(isoform)]))]).toEqual([0, 1]);
  });
});

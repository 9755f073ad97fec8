// A query's isoforms among reference transcripts (shared exons, read from a sample of the 24-mers),
// the miRNA's canonical sites on them, and the gene head that reads both. Generated genes only.
import { describe, expect, it } from "vitest";
import {
  IsoformReference,
  geneEvidence,
  geneWorkNt,
  GENE_SCORED_ISOFORMS,
  mostCanonicalSites,
  sampledStretchKeys,
  stretchKeys,
  STRETCH_SAMPLE,
} from "../../functions/features/isoforms.ts";
import {
  geneFeatures,
  geneHeadApplies,
  geneHeadScore,
  reviseByGene,
  type GeneHead,
  type GeneRoute,
} from "../../functions/inference/gene-head.ts";
import type { EncodedPair } from "../../functions/inference/pipeline.ts";
import { randomRna, reverseComplement, seededRandom } from "../../scripts/lib/generators.ts";
import { loadEncoders } from "../../scripts/lib/kernels-node.ts";

describe("isoforms in a reference", () => {
  const encoders = loadEncoders();
  const random = seededRandom(23);
  const codes = (s: string) => encoders.normalize(s).codes;
  const mirna = randomRna(random, 22);
  // an 8mer site: the reverse complement of nt 2–8, then an A across nt 1
  const site = reverseComplement(mirna.slice(1, 8)) + "A";
  const exons = Array.from({ length: 6 }, () => randomRna(random, 400));
  // one gene: the query holds exons 0–3; an isoform skips exon 3 and carries a site in exon 4
  const query = exons.slice(0, 4).join("");
  const isoform = exons[0]! + exons[1]! + exons[4]! + site + randomRna(random, 60);
  // a transcript sharing one short stretch only (under a tenth of either), and an unrelated one with two sites
  const stretch = randomRna(random, 900) + exons[3]!.slice(0, 60) + randomRna(random, 900);
  const unrelated = randomRna(random, 1200) + site + randomRna(random, 80) + site;
  const reference = IsoformReference.fromSequences(encoders, [query, isoform, stretch, unrelated, isoform]);

  it("keeps about one 24-mer in the sample rate, the same ones in every sequence", () => {
    const all = stretchKeys(encoders, codes(query)).size;
    const sampled = sampledStretchKeys(encoders, codes(query));
    expect(sampled.length).toBeGreaterThan(all / STRETCH_SAMPLE / 2);
    expect(sampled.length).toBeLessThan((all / STRETCH_SAMPLE) * 2);
    // the shared exons' sampled keys are in both
    const shared = sampledStretchKeys(encoders, codes(exons[0]! + exons[1]!));
    const inIsoform = new Set(sampledStretchKeys(encoders, codes(isoform)));
    expect(shared.length).toBeGreaterThan(0);
    expect([...shared].every((k) => inIsoform.has(k))).toBe(true);
  });

  it("finds a transcript's isoforms both ways round, never itself, and keeps identical copies once", () => {
    expect(reference.size).toBe(4);
    expect(reference.isoformsOf(codes(query)).map((c) => c.length)).toEqual([isoform.length]);
    expect(reference.isoformsOf(codes(isoform)).map((c) => c.length)).toEqual([query.length]);
    expect(reference.isoformsOf(codes(stretch))).toEqual([]);
    expect(reference.isoformsOf(codes(unrelated))).toEqual([]);
    expect(reference.withIsoforms()).toBe(2);
  });

  it("finds the isoforms of a query the reference does not hold, the one sharing most first", () => {
    const unseen = exons[1]! + exons[2]! + exons[3]! + exons[5]!;
    expect(reference.isoformsOf(codes(unseen)).map((c) => c.length)).toEqual([query.length, isoform.length]);
  });

  it("reads the most canonical sites on the isoforms, and none where there are none", () => {
    expect(mostCanonicalSites(encoders, codes(mirna), [codes(query)])).toBe(0);
    expect(mostCanonicalSites(encoders, codes(mirna), [codes(query), codes(unrelated)])).toBe(2);
    expect(geneEvidence(encoders, reference, codes(mirna), codes(query), 0)).toEqual({
      isoforms: 1,
      ownSites: 0,
      isoformSites: 1,
      sitedIsoforms: [codes(isoform)],
    });
    expect(geneEvidence(encoders, undefined, codes(mirna), codes(query), 0)).toEqual({
      isoforms: 0,
      ownSites: 0,
      isoformSites: 0,
      sitedIsoforms: [],
    });
  });

  it("lists for scoring only the isoforms with a site, and bounds their work by the isoforms' lengths", () => {
    const other = randomRna(random, 22);
    expect(geneEvidence(encoders, reference, codes(other), codes(query), 0).sitedIsoforms).toEqual([]);
    expect(geneWorkNt(reference, codes(query))).toBe(isoform.length);
    expect(geneWorkNt(reference, codes(unrelated))).toBe(0);
  });

  it("scores at most the most-shared isoforms with a site", () => {
    // more isoforms than are scored, each the query's exons 0–2 plus its own tail with a site
    const many = Array.from(
      { length: GENE_SCORED_ISOFORMS + 3 },
      (_, k) => exons.slice(0, 3 + (k % 2)).join("") + randomRna(random, 50 + 10 * k) + site,
    );
    const crowded = IsoformReference.fromSequences(encoders, many);
    const evidence = geneEvidence(encoders, crowded, codes(mirna), codes(query), 0);
    expect(evidence.isoforms).toBe(many.length);
    expect(evidence.sitedIsoforms).toHaveLength(GENE_SCORED_ISOFORMS);
    expect(geneWorkNt(crowded, codes(query))).toBe(
      evidence.sitedIsoforms.reduce((sum, isoform) => sum + isoform.length, 0),
    );
  });
});

describe("the gene head", () => {
  const head: GeneHead = {
    head: "human",
    weights: { geneLogit: 0.5, ownSite: 1.5, isoformSite: 1.7, isoformFound: -0.2 },
    bias: -0.8,
    fittedOn: "generated",
  };

  it("flags a site on the transcript, or only on an isoform, and whether an isoform was found", () => {
    expect(geneFeatures(0.5, { isoforms: 2, ownSites: 1, isoformSites: 3 })).toEqual([0, 1, 0, 1]);
    expect(geneFeatures(0.5, { isoforms: 2, ownSites: 0, isoformSites: 1 })).toEqual([0, 0, 1, 1]);
    expect(geneFeatures(0.5, { isoforms: 0, ownSites: 0, isoformSites: 0 })).toEqual([0, 0, 0, 0]);
  });

  it("raises a pair whose isoform holds a site above the same pair without one, and keeps the order of scores", () => {
    const none = { isoforms: 1, ownSites: 0, isoformSites: 0 };
    const onIsoform = { isoforms: 1, ownSites: 0, isoformSites: 1 };
    expect(geneHeadScore(head, 0.3, onIsoform)).toBeGreaterThan(geneHeadScore(head, 0.3, none));
    expect(geneHeadScore(head, 0.2, none)).toBeLessThan(geneHeadScore(head, 0.6, none));
    const z = 0.5 * Math.log(0.3 / 0.7) + 1.7 - 0.2 - 0.8;
    expect(geneHeadScore(head, 0.3, onIsoform)).toBeCloseTo(1 / (1 + Math.exp(-z)), 12);
  });

  it("applies to a new lncRNA on its head only", () => {
    expect(geneHeadApplies(head, { lncrnaKnown: false, speciesHead: "human" })).toBe(true);
    expect(geneHeadApplies(head, { lncrnaKnown: false, mirnaHead: "human" })).toBe(true);
    expect(geneHeadApplies(head, { lncrnaKnown: false, speciesHead: "plant", mirnaHead: "human" })).toBe(false);
    expect(geneHeadApplies(head, { lncrnaKnown: true, speciesHead: "human" })).toBe(false);
    expect(geneHeadApplies(head, { speciesHead: "human" })).toBe(false);
    expect(geneHeadApplies(head, { lncrnaKnown: false })).toBe(false);
  });

  it("reads the best score over the transcript and its isoforms with a site, one scoring call per route", async () => {
    const encoders = loadEncoders();
    const random = seededRandom(29);
    const codes = (s: string) => encoders.normalize(s).codes;
    const mirna = randomRna(random, 22);
    const site = reverseComplement(mirna.slice(1, 8)) + "A";
    const exons = Array.from({ length: 4 }, () => randomRna(random, 400));
    const query = codes(exons[0]! + exons[1]! + exons[2]!);
    const sited = exons[0]! + exons[1]! + exons[3]! + site;
    const siteless = exons[0]! + exons[1]! + exons[2]! + randomRna(random, 300);
    const reference = IsoformReference.fromSequences(encoders, [sited, siteless]);
    // the scorer stands for the model: a fixed score per isoform, none for an isoform it knows
    const scoredBy: { route: GeneRoute; pairs: EncodedPair[] }[] = [];
    const isoformScore = (known: boolean) => (route: GeneRoute) => async (pairs: EncodedPair[]) => {
      scoredBy.push({ route, pairs });
      return pairs.map(() => (known ? undefined : 0.9));
    };
    const pair = { mirna: codes(mirna), lncrna: query, ownSites: () => 0 };
    const items = [
      { score: 0.2, pair, route: { lncrnaKnown: false, speciesHead: "human" } },
      { score: 0.2, pair, route: { lncrnaKnown: true, speciesHead: "human" } },
      { score: 0.95, pair, route: { lncrnaKnown: false, speciesHead: "human" } },
    ];
    const [low, known, high] = await reviseByGene(head, encoders, reference, items, isoformScore(false));
    expect(scoredBy).toHaveLength(1);
    // only the isoform with a site is scored, once for each pair the head applies to
    expect(scoredBy[0]!.pairs.map((p) => p.lncrna)).toEqual([codes(sited), codes(sited)]);
    expect(low).toMatchObject({ geneScore: 0.9, isoformsScored: 1, evidence: { isoforms: 2, isoformSites: 1 } });
    expect(low!.score).toBeCloseTo(geneHeadScore(head, 0.9, low!.evidence), 12);
    expect(known).toBeUndefined();
    expect(high).toMatchObject({ geneScore: 0.95, isoformsScored: 1 });
    // an isoform the model knows gives no score: the transcript's own stands
    const [alone] = await reviseByGene(head, encoders, reference, items.slice(0, 1), isoformScore(true));
    expect(alone).toMatchObject({ geneScore: 0.2, isoformsScored: 0 });
    expect(await reviseByGene(undefined, encoders, reference, items, isoformScore(false))).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});

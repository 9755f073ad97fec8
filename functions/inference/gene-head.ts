// The gene-level head: a new lncRNA's human-head score, revised by the rest of its gene in the
// deployment's reference. Human partners are validated per gene and copied to each of its
// transcripts, so a transcript that lacks the exon with the site still carries the partner; the
// members read the scored transcript alone. The gene score is the highest of the model's scores of
// the transcript and of its most-shared isoforms that hold a site of the miRNA, each scored as a new
// lncRNA; a logistic head over its logit and three site flags, fitted on the lncRNA-cold folds' test
// rows, each scored by the fold model that never saw them (scripts/train/gene-head.ts).
import { z } from "zod";
import { logit } from "./logit.ts";
import { canonicalSites, geneEvidence, type GeneEvidence, type IsoformReference } from "../features/isoforms.ts";
import type { EncodedPair } from "./pipeline.ts";
import type { Codes } from "../kernels/codes.ts";
import type { Encoders } from "../kernels/encoders.ts";

export const GENE_FEATURES = ["geneLogit", "ownSite", "isoformSite", "isoformFound"] as const;

export const GeneHeadSchema = z
  .object({
    head: z.string().describe("The stacking head whose score it revises (that of the human domain)"),
    weights: z
      .object({
        geneLogit: z
          .number()
          .describe(
            "On the logit of the gene score: the highest model score of the transcript and of its most-shared isoforms with a site of the miRNA",
          ),
        ownSite: z.number().describe("On a canonical seed site of the miRNA on the transcript (1 or 0)"),
        isoformSite: z.number().describe("On a canonical site only on an isoform, none on the transcript (1 or 0)"),
        isoformFound: z.number().describe("On any isoform found in the reference (1 or 0)"),
      } satisfies Record<(typeof GENE_FEATURES)[number], z.ZodNumber>)
      .describe("Weight of each feature"),
    bias: z.number().describe("The intercept"),
    fittedOn: z.string().describe("The rows it was fitted on"),
  })
  // the id names the OpenAPI component of /v1/models' `geneHead`
  .meta({
    id: "GeneHead",
    description:
      "Revises a new lncRNA's human score where the deployment holds reference lncRNAs (an answer's `gene` field): sigmoid(w · features + bias), the gene score being the highest model score of the transcript and of its most-shared isoforms with a site of the miRNA; fitted on the lncRNA-cold folds' test rows, each scored by the fold model that never saw them.",
  });
export type GeneHead = z.infer<typeof GeneHeadSchema>;

/** The head's feature row for a gene score and the evidence, in GENE_FEATURES order. */
export function geneFeatures(geneScore: number, evidence: GeneEvidence): number[] {
  const own = evidence.ownSites > 0 ? 1 : 0;
  return [logit(geneScore), own, own === 0 && evidence.isoformSites > 0 ? 1 : 0, evidence.isoforms > 0 ? 1 : 0];
}

/** The revised probability. */
export function geneHeadScore(head: GeneHead, geneScore: number, evidence: GeneEvidence): number {
  const row = geneFeatures(geneScore, evidence);
  const z = GENE_FEATURES.reduce((sum, f, j) => sum + head.weights[f] * row[j]!, head.bias);
  return 1 / (1 + Math.exp(-z));
}

/** Where a score came from: whether the lncRNA is new, and which head scored it. */
export interface GeneRoute {
  lncrnaKnown?: boolean;
  speciesHead?: string;
  mirnaHead?: string;
}

/**
 * Whether the gene head revises this score: a new lncRNA (none of the model's human training pairs
 * held it) scored by its head, chosen by the request's species or by the miRNA's species list.
 */
export function geneHeadApplies(head: GeneHead, { lncrnaKnown, speciesHead, mirnaHead }: GeneRoute): boolean {
  return lncrnaKnown === false && (speciesHead ?? mirnaHead) === head.head;
}

/** A pair as the gene head reads it; `ownSites` counts the canonical sites on the lncRNA (from a seed scan the caller may hold). */
export interface GenePair {
  mirna: Codes;
  lncrna: Codes;
  ownSites: () => number;
}

/** A pair whose scoring ran no seed scan the gene head could reuse (a screen's): its own sites scanned on demand. */
export const scannedPair = (encoders: Encoders, mirna: Codes, lncrna: Codes): GenePair => ({
  mirna,
  lncrna,
  ownSites: () => canonicalSites(encoders.seedSites(mirna, lncrna, 0).counts),
});

/** A scored pair for the gene head: the model's score and its route. */
export interface GeneItem {
  score: number;
  pair: GenePair;
  route: GeneRoute;
}

/**
 * The model's scores of pairs as it scores a new lncRNA on the route's head; undefined for a pair whose
 * lncRNA the model knows (its score would read the model's training labels, which the head never saw).
 */
export type NewLncrnaScores = (pairs: EncodedPair[]) => Promise<(number | undefined)[]>;

/** What the gene head reads of a pair. */
export interface GeneReading {
  evidence: GeneEvidence;
  /** The highest model score of the transcript and its scored isoforms. */
  geneScore: number;
  /** The isoforms the model scored (those with a site, of the most shared). */
  isoformsScored: number;
}

export interface GeneRevision extends GeneReading {
  /** The gene head's probability. */
  score: number;
}

/**
 * What the gene head would read of each pair where `applies` holds for its route: the evidence from
 * the reference and the gene score, the isoforms with a site scored by `scoreNew` (all pairs of one
 * route in one call); undefined elsewhere.
 */
export async function readGenes(
  encoders: Encoders,
  reference: IsoformReference,
  items: readonly GeneItem[],
  scoreNew: (route: GeneRoute) => NewLncrnaScores,
  applies: (route: GeneRoute) => boolean,
): Promise<(GeneReading | undefined)[]> {
  const evidence = items.map(({ pair, route }) =>
    applies(route) ? geneEvidence(encoders, reference, pair.mirna, pair.lncrna, pair.ownSites()) : undefined,
  );
  // the isoform pairs, grouped by the route that scores them
  const byRoute = new Map<string, { route: GeneRoute; pairs: EncodedPair[]; owners: number[] }>();
  evidence.forEach((e, i) => {
    if (!e) return;
    const route = items[i]!.route;
    const key = `${route.speciesHead ?? ""} ${route.mirnaHead ?? ""}`;
    if (!byRoute.has(key)) byRoute.set(key, { route, pairs: [], owners: [] });
    const group = byRoute.get(key)!;
    for (const isoform of e.sitedIsoforms) {
      group.pairs.push({ mirna: items[i]!.pair.mirna, lncrna: isoform });
      group.owners.push(i);
    }
  });
  const geneScores = items.map((item) => item.score);
  const scored = items.map(() => 0);
  for (const { route, pairs, owners } of byRoute.values()) {
    if (pairs.length === 0) continue;
    (await scoreNew(route)(pairs)).forEach((s, k) => {
      if (s === undefined) return;
      const i = owners[k]!;
      geneScores[i] = Math.max(geneScores[i]!, s);
      scored[i]!++;
    });
  }
  return evidence.map((e, i) => {
    if (!e) return undefined;
    const { isoforms, ownSites, isoformSites } = e;
    return { evidence: { isoforms, ownSites, isoformSites }, geneScore: geneScores[i]!, isoformsScored: scored[i]! };
  });
}

/**
 * The gene head's revision of each score where it applies, with what it read (readGenes); undefined
 * where it does not (no head, a known lncRNA, another head).
 */
export async function reviseByGene(
  head: GeneHead | undefined,
  encoders: Encoders,
  reference: IsoformReference,
  items: readonly GeneItem[],
  scoreNew: (route: GeneRoute) => NewLncrnaScores,
): Promise<(GeneRevision | undefined)[]> {
  if (!head) return items.map(() => undefined);
  const readings = await readGenes(encoders, reference, items, scoreNew, (route) => geneHeadApplies(head, route));
  return readings.map((r) => r && { ...r, score: geneHeadScore(head, r.geneScore, r.evidence) });
}

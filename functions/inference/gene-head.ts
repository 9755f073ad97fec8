// The gene-level head: a new lncRNA's human-head score, revised by where the miRNA's canonical seed
// sites lie — on the transcript itself, or only on an isoform the deployment's reference holds. Human
// partners are validated per gene and copied to each of its transcripts, so a transcript that lacks
// the exon with the site still carries the partner; the members read the scored transcript alone.
// A logistic head over the score's logit and three flags, fitted on the lncRNA-cold folds' test rows,
// each scored by the fold model that never saw them (scripts/train/gene-head.ts).
import { z } from "zod";
import { logit } from "./logit.ts";
import { geneEvidence, type GeneEvidence, type IsoformReference } from "../features/isoforms.ts";
import type { Codes } from "../kernels/codes.ts";
import type { Encoders } from "../kernels/encoders.ts";

export const GENE_FEATURES = ["logit", "ownSite", "isoformSite", "isoformFound"] as const;

export const GeneHeadSchema = z
  .object({
    head: z.string().describe("The stacking head whose score it revises (that of the human domain)"),
    weights: z
      .object({
        logit: z.number().describe("On the logit of the model's score"),
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
      "Revises a new lncRNA's human score where the deployment holds reference lncRNAs (an answer's `gene` field): sigmoid(w · features + bias), fitted on the lncRNA-cold folds' test rows, each scored by the fold model that never saw them.",
  });
export type GeneHead = z.infer<typeof GeneHeadSchema>;

/** The head's feature row for a score and its evidence, in GENE_FEATURES order. */
export function geneFeatures(score: number, evidence: GeneEvidence): number[] {
  const own = evidence.ownSites > 0 ? 1 : 0;
  return [logit(score), own, own === 0 && evidence.isoformSites > 0 ? 1 : 0, evidence.isoforms > 0 ? 1 : 0];
}

/** The revised probability. */
export function geneHeadScore(head: GeneHead, score: number, evidence: GeneEvidence): number {
  const row = geneFeatures(score, evidence);
  const z = GENE_FEATURES.reduce((sum, f, j) => sum + head.weights[f] * row[j]!, head.bias);
  return 1 / (1 + Math.exp(-z));
}

/**
 * Whether the gene head revises this score: a new lncRNA (none of the model's human training pairs
 * held it) scored by its head, chosen by the request's species or by the miRNA's species list.
 */
export function geneHeadApplies(
  head: GeneHead,
  { lncrnaKnown, speciesHead, mirnaHead }: { lncrnaKnown?: boolean; speciesHead?: string; mirnaHead?: string },
): boolean {
  return lncrnaKnown === false && (speciesHead ?? mirnaHead) === head.head;
}

/** A pair as the gene head reads it; `ownSites` counts the canonical sites on the lncRNA (from a seed scan the caller may hold). */
export interface GenePair {
  mirna: Codes;
  lncrna: Codes;
  ownSites: () => number;
}

/**
 * The gene head's revision of a score where it applies, with the evidence it read from the reference;
 * undefined where it does not (no head, a known lncRNA, another head). The evidence is read only then.
 */
export function reviseByGene(
  head: GeneHead | undefined,
  encoders: Encoders,
  reference: IsoformReference,
  score: number,
  pair: GenePair,
  route: { lncrnaKnown?: boolean; speciesHead?: string; mirnaHead?: string },
): { score: number; evidence: GeneEvidence } | undefined {
  if (!head || !geneHeadApplies(head, route)) return undefined;
  const evidence = geneEvidence(encoders, reference, pair.mirna, pair.lncrna, pair.ownSites());
  return { score: geneHeadScore(head, score, evidence), evidence };
}

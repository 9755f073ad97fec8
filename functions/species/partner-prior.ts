// A species screen's prior over its candidate miRNAs: how many validated lncRNA partners the
// candidate's seed family (miRNA nt 2–8) has in the model's training rows. Human positives come from
// experiments, which favour abundant, well-studied miRNAs; the partners of a new lncRNA follow the same
// bias, and nothing in the pair shows it. The ranking adds it to the model's logit as prior log-odds
// (posterior odds = the model's odds × prior odds); p-values stay the pair's own, since the set's null
// has a location per miRNA.
import { z } from "zod";
import { logit } from "../inference/logit.ts";
import { codesToSequence, type Codes } from "../kernels/codes.ts";

/** A seed family's name: miRNA nt 2–8 in the U alphabet, no ambiguity code. */
export const SEED_FAMILY = /^[ACGU]{7}$/;

export const PartnerPriorSchema = z.object({
  /** Species set prefixes the prior applies to: those whose pairs it was counted from. */
  species: z.array(z.string()).min(1),
  /** Validated partners per seed family (nt 2–8, U alphabet), from the training rows of `datasets`. */
  families: z.record(z.string().regex(SEED_FAMILY), z.number().int().positive()),
  /** Validated partners per distinct miRNA of those rows: the model's odds are relative to that. */
  meanPartners: z.number().positive(),
  /** Added to every family's count: a family with no known partner keeps a finite prior. */
  pseudocount: z.number().positive(),
  datasets: z.array(z.string()).min(1),
});
export type PartnerPrior = z.infer<typeof PartnerPriorSchema>;

export interface PriorEvidence {
  /** The candidate's seed family: miRNA nt 2–8. */
  family: string;
  /** The family's validated partners in the prior's rows. */
  partners: number;
  /** ln((partners + pseudocount) / (meanPartners + pseudocount)), added to the model's logit. */
  logOdds: number;
}

export const seedFamily = (mirna: Codes): string => codesToSequence(mirna.subarray(1, 8));

export function priorEvidence(prior: PartnerPrior, mirna: Codes): PriorEvidence {
  const family = seedFamily(mirna);
  const partners = prior.families[family] ?? 0;
  const logOdds = Math.log((partners + prior.pseudocount) / (prior.meanPartners + prior.pseudocount));
  return { family, partners, logOdds };
}

/** The model card's prior for a species set, if it has one for that species. */
export function priorFor(
  card: { screenPrior?: PartnerPrior } | undefined,
  species: string | undefined,
): PartnerPrior | undefined {
  const prior = card?.screenPrior;
  return prior && species !== undefined && prior.species.includes(species.toLowerCase()) ? prior : undefined;
}

/** What a screen ranks by: the model's logit plus the prior's log-odds (a probability when no prior). */
export const rankScore = (score: number, evidence: PriorEvidence | undefined): number =>
  evidence ? logit(score) + evidence.logOdds : score;

/** Each candidate's prior evidence, in panel order. */
export const panelPriors = (prior: PartnerPrior, candidates: readonly Codes[]): PriorEvidence[] =>
  candidates.map((codes) => priorEvidence(prior, codes));

/**
 * The scores a species screen ranks candidates by: `rankScore` of each with its candidate's evidence
 * (`panelPriors`, the same order); the scores themselves when there is no prior.
 */
export function rankingScores(
  priors: readonly PriorEvidence[] | undefined,
  scores: ArrayLike<number>,
): ArrayLike<number> {
  if (!priors) return scores;
  return Float64Array.from(scores, (score, i) => rankScore(score, priors[i]));
}

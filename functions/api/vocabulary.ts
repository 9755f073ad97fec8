// Which site vocabulary an answer's evidence speaks. Plant miRNAs are called on near-perfect
// complementarity (psRNATarget's expectation, the cleavage site, mimicry); animal miRNAs on seed
// sites (8mer, 7mer, 6mer). Listing animal seed types beside a plant pair, or an expectation beside
// a human one, invites the wrong reading, so an answer gives the vocabulary of the pairs' species
// unless the request asks for another; without a species it gives both.
import type { SpeciesDomain } from "../species/domains.ts";

export const SITE_VOCABULARIES = ["plant", "animal", "both"] as const;
export type SiteVocabulary = (typeof SITE_VOCABULARIES)[number];

export interface VocabularyChoice {
  name: SiteVocabulary;
  /** request: asked for; species: the named species' domain; default: no species (or one of no domain). */
  from: "request" | "species" | "default";
}

export function chooseVocabulary(
  requested: SiteVocabulary | undefined,
  domain: SpeciesDomain | undefined,
): VocabularyChoice {
  if (requested !== undefined) return { name: requested, from: "request" };
  if (domain !== undefined) return { name: domain, from: "species" };
  return { name: "both", from: "default" };
}

/** The seed-site evidence (`seed`) belongs to the animal vocabulary. */
export const showsSeedSites = (vocabulary: VocabularyChoice) => vocabulary.name !== "plant";

/** The complementarity evidence (`plantTarget`) belongs to the plant vocabulary. */
export const showsPlantTarget = (vocabulary: VocabularyChoice) => vocabulary.name !== "animal";

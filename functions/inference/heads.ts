// Which stacking head scores which species domain, in a module of its own: the widget reads it without
// the ensemble's code or the species prefix lists.
import type { SpeciesDomain } from "../species/domains.ts";

/** The stacking head that scores an animal's or a plant's pairs (the human head: the only animal data). */
export const HEAD_OF_DOMAIN: Readonly<Record<SpeciesDomain, string>> = Object.freeze({
  plant: "plant",
  animal: "human",
});

/** The domain whose pairs a head scores: HEAD_OF_DOMAIN read backwards. */
export const DOMAIN_OF_HEAD: Readonly<Record<string, SpeciesDomain>> = Object.freeze(
  Object.fromEntries(Object.entries(HEAD_OF_DOMAIN).map(([domain, head]) => [head, domain as SpeciesDomain])),
);

/** What chose a gated ensemble's head weights: the pair's k-mer gate, the miRNA's species list or the request's species. */
export const DOMAIN_SOURCES = ["gate", "mirna", "species"] as const;
export type DomainFrom = (typeof DOMAIN_SOURCES)[number];

/** The request's species comes first, then a listed miRNA; otherwise the gate weighed the heads. */
export const domainFrom = (speciesNamed: boolean, mirnaHead: string | undefined): DomainFrom =>
  speciesNamed ? "species" : mirnaHead ? "mirna" : "gate";

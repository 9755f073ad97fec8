// Validated partners per miRNA seed family, the counts behind a model card's screen prior.
import { SEED_FAMILY, seedFamily, type PartnerPrior } from "../../functions/species/partner-prior.ts";
import { codesToSequence } from "../../functions/kernels/codes.ts";
import type { Encoders } from "../../functions/kernels/encoders.ts";
import type { LabelledPair } from "../data/pairs.ts";

/** Partners per seed family, and per distinct miRNA, over the labelled pairs given (test rows left out). */
export function countPartners(
  encoders: Encoders,
  pairs: readonly LabelledPair[],
): Pick<PartnerPrior, "families" | "meanPartners"> {
  const families: Record<string, number> = {};
  const mirnas = new Set<string>();
  let partners = 0;
  for (const p of pairs) {
    if (p.split === "test" || p.label !== 1) continue;
    const codes = encoders.normalize(p.mirna).codes;
    const family = seedFamily(codes);
    if (!SEED_FAMILY.test(family)) continue; // an ambiguous seed names no family
    families[family] = (families[family] ?? 0) + 1;
    mirnas.add(codesToSequence(codes));
    partners++;
  }
  if (partners === 0) throw new Error("no positive non-test rows to count partners from");
  const sorted = Object.fromEntries(Object.entries(families).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { families: sorted, meanPartners: Number((partners / mirnas.size).toFixed(4)) };
}

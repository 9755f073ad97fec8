// The evidence shown beside a score: the miRNA's seed sites on the lncRNA and the best of them, the
// minimum free energy duplex (docs/duplex.md) and the plant-style complementary site
// (psRNATarget's expectation and target mimicry, docs/complementarity.md). This is the one place where explanations are
// assembled for /v1/predict and /v1/screen; a model with an attention layer adds its `attention`
// profile to its score (functions/inference/pipeline.ts, AttentionSchema).
import type { DuplexResult, DuplexSite } from "../kernels/duplex.ts";
import { type Encoders, type SeedScan, type SeedSite } from "../kernels/encoders.ts";
import { SITE_TYPES, type Codes } from "../kernels/codes.ts";
import type { ExpectationResult } from "../kernels/expectation.ts";
import { showsPlantTarget, showsSeedSites, type VocabularyChoice } from "./vocabulary.ts";

export interface SeedEvidence extends SeedScan {
  sitesTruncated: boolean;
  /** The strongest site: 8mer > 7mer-m8 > 7mer-A1 > 6mer, Watson–Crick before wobble, then 5′-most. */
  best: SeedSite | null;
}

const rank = (site: SeedSite) => SITE_TYPES.indexOf(site.type) * 16 + site.wobble;

export function bestSite(sites: readonly SeedSite[]): SeedSite | null {
  let best: SeedSite | null = null;
  for (const site of sites) if (!best || rank(site) < rank(best)) best = site;
  return best;
}

/**
 * Seed evidence from a scan that lists at most `scan.sites.length` sites. When the listing was cut
 * short, the pair is scanned again in full so that `best` is the best of all sites.
 */
export function seedEvidence(encoders: Encoders, mirna: Codes, lncrna: Codes, scan: SeedScan): SeedEvidence {
  const truncated = scan.total > scan.sites.length;
  const all = truncated ? encoders.seedSites(mirna, lncrna, scan.total).sites : scan.sites;
  return { ...scan, sitesTruncated: truncated, best: bestSite(all) };
}

export interface DuplexEvidence {
  /** kcal/mol; 0 when nothing pairs favourably. */
  energy: number;
  best: Omit<DuplexSite, "pairs"> | null;
}

/** The best duplex of the pair: the one a model computed for its features, or computed now. */
export function duplexEvidence(
  encoders: Encoders,
  mirna: Codes,
  lncrna: Codes,
  computed?: DuplexResult,
): DuplexEvidence {
  const duplex = computed ?? encoders.duplex(mirna, lncrna);
  if (!duplex.best) return { energy: duplex.energy, best: null };
  const { energy, targetStart, targetEnd, mirnaStart, mirnaEnd, diagram } = duplex.best;
  return { energy: duplex.energy, best: { energy, targetStart, targetEnd, mirnaStart, mirnaEnd, diagram } };
}

/** The plant target convention: the miRNA's lowest-expectation site in psRNATarget's schema, and mimicry sites. */
export function plantTargetEvidence(encoders: Encoders, mirna: Codes, lncrna: Codes): ExpectationResult {
  return encoders.expectation(mirna, lncrna);
}

/**
 * The site evidence of the answer's vocabulary: seed sites (animal), the complementary site
 * (plant), or both. `scan` runs only when seed sites are shown.
 */
export function siteEvidence(
  encoders: Encoders,
  mirna: Codes,
  lncrna: Codes,
  vocabulary: VocabularyChoice,
  scan: () => SeedScan,
): { seed?: SeedEvidence; plantTarget?: ExpectationResult } {
  return {
    ...(showsSeedSites(vocabulary) ? { seed: seedEvidence(encoders, mirna, lncrna, scan()) } : {}),
    ...(showsPlantTarget(vocabulary) ? { plantTarget: plantTargetEvidence(encoders, mirna, lncrna) } : {}),
  };
}

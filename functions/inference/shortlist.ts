// A screen's first pass: cheap signals rank every candidate, and only the union of each signal's
// best few goes to the requested model. The signals are those that carry each domain on their own:
// ungapped complementarity (plant targets pair almost end to end), canonical seed sites (what the
// default's pair-level member reads) and the graph model (human pairs, where sequence pairing carries
// little). Each costs microseconds per candidate; the full ensemble costs milliseconds.
import type { MirnaPanel } from "../features/mirna-panel.ts";
import type { Encoders } from "../kernels/encoders.ts";
import type { Codes, SiteType } from "../kernels/codes.ts";
import { rankingScores, type PriorEvidence } from "../species/partner-prior.ts";
import { SCREEN_FIRST_PASS_MODELS } from "../models/default.ts";

export interface ShortlistSignal {
  name: string;
  /** One score per panel candidate, higher = more likely; panel order. */
  scores: ArrayLike<number>;
  /** A model's probabilities (the scale a partner prior adds to), not a kernel's score. */
  probability?: boolean;
}

/** Complementarity of every panel miRNA to the lncRNA (Encoders.complementarity), panel order. */
export function complementarityScores(encoders: Encoders, lncrna: Codes, panel: MirnaPanel): Float32Array {
  return Float32Array.from(panel.codes, (mirna) => encoders.complementarity(mirna, lncrna));
}

/** Canonical sites by type, weighted in their efficacy order (8mer > 7mer-m8 > 7mer-A1 > 6mer). */
const SITE_WEIGHTS: readonly (readonly [SiteType, number])[] = Object.freeze([
  ["8mer", 4],
  ["7mer-m8", 3],
  ["7mer-A1", 2],
  ["6mer", 1],
]);

/**
 * Watson–Crick seed sites of every panel miRNA on the lncRNA, weighted by type, panel order: what the
 * default's pair-level member and head lean on for human pairs, and a scan costs no duplex.
 */
export function seedSiteScores(encoders: Encoders, lncrna: Codes, panel: MirnaPanel): Float32Array {
  return Float32Array.from(panel.codes, (mirna) => {
    const { counts } = encoders.seedSites(mirna, lncrna, 0);
    return SITE_WEIGHTS.reduce((sum, [type, w]) => sum + w * counts[type], 0);
  });
}

/** The kernels' signals of the first pass, in order, before the cheap models'. */
const FIRST_PASS_KERNELS = Object.freeze([
  ["complementarity", complementarityScores],
  ["seed-sites", seedSiteScores],
] as const);

/**
 * The most signals a screen's first pass ranks by (the kernels', then each cheap model's): the work
 * budget counts the model on this many shortlists.
 */
export const FIRST_PASS_SIGNALS = FIRST_PASS_KERNELS.length + SCREEN_FIRST_PASS_MODELS.length;

/** The kernel signals of the first pass, by name, in the order it ranks by them (the models' follow). */
export const FIRST_PASS_KERNEL_NAMES: readonly string[] = Object.freeze(FIRST_PASS_KERNELS.map(([name]) => name));

/** A cheap model the first pass runs: its name and its screen of one lncRNA against a panel. */
interface FirstPassModel {
  card: { name: string };
  screen(lncrna: Codes, panel: MirnaPanel): Promise<ArrayLike<number>>;
}

/** The first pass's signals, in order: complementarity, then each cheap model's screen. */
export async function firstPassSignals(
  encoders: Encoders,
  lncrna: Codes,
  panel: MirnaPanel,
  models: readonly FirstPassModel[],
): Promise<ShortlistSignal[]> {
  const signals: ShortlistSignal[] = FIRST_PASS_KERNELS.map(([name, scores]) => ({
    name,
    scores: scores(encoders, lncrna, panel),
  }));
  for (const model of models)
    signals.push({ name: model.card.name, scores: await model.screen(lncrna, panel), probability: true });
  return signals;
}

/**
 * The signals as a ranking with a partner prior orders candidates: each model's logit plus the
 * candidate's prior log-odds (panel order), so that the shortlist keeps what the final ranking puts
 * first; the kernel's signal as it is.
 */
export function withPrior(signals: ShortlistSignal[], priors: readonly PriorEvidence[] | undefined): ShortlistSignal[] {
  if (!priors) return signals;
  return signals.map((signal) =>
    signal.probability
      ? {
          ...signal,
          name: `${signal.name} + partner prior`,
          scores: rankingScores(priors, signal.scores),
        }
      : signal,
  );
}

/** Indices of the k best scores, best first; ties keep input order. */
export function topIndices(scores: ArrayLike<number>, k: number): number[] {
  const order = Array.from({ length: scores.length }, (_, i) => i);
  order.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return order.slice(0, k);
}

/** The union of each signal's best `perSignal` candidates (ties: earlier first), ascending panel indices. */
export function shortlist(signals: ShortlistSignal[], size: number, perSignal: number): number[] {
  const kept = new Set<number>();
  for (const { scores } of signals) {
    if (scores.length !== size)
      throw new RangeError(`a shortlist signal has ${scores.length} scores for ${size} candidates`);
    for (const i of topIndices(scores, perSignal)) kept.add(i);
  }
  return [...kept].sort((a, b) => a - b);
}

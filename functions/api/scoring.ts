// Which models answer a request, and their scores combined. `ensemble` runs every served model and
// averages their calibrated probabilities; each member's own score stays in the answer. With one
// served model the ensemble equals it; models added to the bundle join it without API changes.
import type { Context } from "hono";
import { endTime, startTime } from "hono/timing";
import type { MirnaPanel } from "../features/mirna-panel.ts";
import type { DuplexResult } from "../kernels/duplex.ts";
import type { Codes, SeedScan } from "../kernels/encoders.ts";
import type { EncodedPair } from "../inference/pipeline.ts";
import type { ModelRegistry } from "../models/registry.ts";
import type { AppEnv } from "./env.ts";
import { ProblemError } from "./problems.ts";

export const ENSEMBLE = "ensemble";

export interface ModelChoice {
  /** What the answer names: a model, or "ensemble". */
  name: string;
  members: string[];
  ensemble: boolean;
}

export interface MemberScore {
  model: string;
  score: number;
  label: 0 | 1;
  threshold: number;
}

export interface CombinedScore {
  score: number;
  label: 0 | 1;
  threshold: number;
  /** Each member's own score (ensemble only). */
  members?: MemberScore[];
}

export function chooseModels(models: ModelRegistry, requested: string | undefined): ModelChoice {
  const name = requested ?? models.defaultName;
  if (name === ENSEMBLE) return { name, members: models.names(), ensemble: true };
  if (!models.card(name)) {
    const available = [...models.names(), ENSEMBLE];
    throw new ProblemError("unknown-model", `no model named ${JSON.stringify(name)}; available: ${available.join(", ")}`, { available });
  }
  return { name, members: [name], ensemble: false };
}

/**
 * Mean of the members' scores against the mean of their thresholds (each threshold was chosen on
 * its model's validation split; a calibrated ensemble threshold comes with more members).
 */
export function combine(members: MemberScore[], ensemble: boolean): CombinedScore {
  if (!ensemble) {
    const [only] = members;
    return { score: only!.score, label: only!.label, threshold: only!.threshold };
  }
  const score = members.reduce((sum, m) => sum + m.score, 0) / members.length;
  const threshold = members.reduce((sum, m) => sum + m.threshold, 0) / members.length;
  return { score, label: score >= threshold ? 1 : 0, threshold, members };
}

const member = (model: string, score: number, threshold: number): MemberScore => ({ model, score, label: score >= threshold ? 1 : 0, threshold });

/**
 * Scores pairs with the chosen models; the seed scans (the same for every model) come back too, and
 * the duplexes of the first member whose encoding computes them.
 */
export async function scorePairs(
  c: Context<AppEnv>,
  choice: ModelChoice,
  pairs: EncodedPair[],
  maxSites: number,
): Promise<{ scores: CombinedScore[]; seeds: SeedScan[]; duplexes: (DuplexResult | undefined)[] }> {
  const { models } = c.var.runtime;
  const perMember: MemberScore[][] = pairs.map(() => []);
  let seeds: SeedScan[] = [];
  let duplexes: (DuplexResult | undefined)[] = pairs.map(() => undefined);
  for (const name of choice.members) {
    const model = await loadTimed(c, models, name);
    startTime(c, "model", "features + inference");
    const predictions = await model.predict(pairs, maxSites);
    endTime(c, "model");
    if (seeds.length === 0) seeds = predictions.map((p) => p.seed);
    if (duplexes.every((d) => d === undefined)) duplexes = predictions.map((p) => p.duplex);
    predictions.forEach((p, i) => perMember[i]!.push(member(name, p.score, model.card.threshold)));
  }
  return { scores: perMember.map((m) => combine(m, choice.ensemble)), seeds, duplexes };
}

/** Scores one lncRNA against every candidate of a panel, in panel order. */
export async function scoreScreen(c: Context<AppEnv>, choice: ModelChoice, lncrna: Codes, panel: MirnaPanel): Promise<CombinedScore[]> {
  const { models } = c.var.runtime;
  const perMember: MemberScore[][] = Array.from({ length: panel.size }, () => []);
  for (const name of choice.members) {
    const model = await loadTimed(c, models, name);
    startTime(c, "model", "features + inference");
    const scores = await model.screen(lncrna, panel);
    endTime(c, "model");
    scores.forEach((score, i) => perMember[i]!.push(member(name, score, model.card.threshold)));
  }
  return perMember.map((m) => combine(m, choice.ensemble));
}

async function loadTimed(c: Context<AppEnv>, models: ModelRegistry, name: string) {
  startTime(c, "load", "model session (first use in this isolate)");
  const model = await models.get(name);
  endTime(c, "load");
  return model;
}

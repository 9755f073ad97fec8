// Which model answers a request, and its scores with the evidence behind them. An ensemble is a
// served model like any other (its card lists its members); its answer also lists each member's own
// score and label against the member's threshold.
import type { Context } from "hono";
import { endTime, setMetric, startTime } from "hono/timing";
import { MirnaPanel } from "../features/mirna-panel.ts";
import { firstPassSignals, shortlist, withPrior } from "../inference/shortlist.ts";
import type { PriorEvidence } from "../species/partner-prior.ts";
import { SCREEN_FIRST_PASS_MODELS } from "../models/default.ts";
import type { DuplexResult } from "../kernels/duplex.ts";
import type { SeedScan } from "../kernels/encoders.ts";
import type { Codes } from "../kernels/codes.ts";
import { EnsembleModel, headFor, headScoreOf, newLncrnaScores } from "../inference/ensemble.ts";
import { domainFrom, HEAD_OF_DOMAIN, type DomainFrom } from "../inference/heads.ts";
import {
  PAIRS_PER_RUN,
  predictInRuns,
  type AttentionProfile,
  type EncodedPair,
  type PairPrediction,
  type Predictor,
  type ServedModel,
} from "../inference/pipeline.ts";
import type { ModelRegistry, PredictorChoice } from "../inference/registry.ts";
import type { SpeciesDomain } from "../species/domains.ts";
import {
  canonicalSites,
  geneWorkNt,
  sitedIsoformNt,
  type GeneEvidence,
  type IsoformReference,
} from "../features/isoforms.ts";
import { reviseByGene, scannedPair, type GeneHead, type GenePair, type GeneRoute } from "../inference/gene-head.ts";
import type { Encoders } from "../kernels/encoders.ts";
import { lncrnaKnownTo, sequenceKey } from "../features/known-lncrnas.ts";
import type { AppEnv } from "./env.ts";
import { ProblemError } from "./problems.ts";

export interface ModelChoice {
  /** The model that answers. */
  name: string;
  /** Its members when it is an ensemble, else just itself. */
  members: string[];
  ensemble: boolean;
}

/** An attention profile as answers carry it: which model's. */
export type Attention = AttentionProfile & { model: string };

export interface MemberScore {
  model: string;
  score: number;
  label: 0 | 1;
  threshold: number;
  attention?: Attention;
}

export interface CombinedScore {
  score: number;
  label: 0 | 1;
  threshold: number;
  /** Each member's own score (ensemble only). */
  members?: MemberScore[];
  /** A gated ensemble's weight on each domain's stacking head. */
  domains?: Record<string, number>;
  /** Who set those weights: the gate, the miRNA's species list (a listed miRNA) or the request's species. */
  domainFrom?: DomainFrom;
  /** With a novel-lncRNA route: whether the lncRNA is one the model's human head trained on. */
  lncrnaKnown?: boolean;
  /** Where a model with attention looked along the lncRNA. */
  attention?: Attention;
  /** Where the model's gene head revised the score: the evidence it read and the score before it. */
  gene?: GeneAnswer;
}

export type GeneAnswer = GeneEvidence & { modelScore: number; geneScore: number; isoformsScored: number };

/** A model's gene head and the deployment's reference lncRNAs, when it has both. */
interface GeneContext {
  head: GeneHead;
  reference: IsoformReference;
  encoders: Encoders;
}

/**
 * The gene head's context for this model; undefined without a head or a reference. A reference that
 * cannot be read leaves the model's scores as they are (and says why in the log): a missing piece of
 * evidence must not fail a request.
 */
async function geneContext(c: Context<AppEnv>, model: Pick<Predictor, "card">): Promise<GeneContext | undefined> {
  const head = model.card.geneHead;
  if (!head) return undefined;
  let reference = requestReferences.get(c);
  if (!reference) requestReferences.set(c, (reference = readReference(c)));
  const loaded = await reference;
  return loaded && { head, reference: loaded, encoders: c.var.runtime.encoders };
}

/** The reference a request read: its work budget and its scores read the same one, read once. */
const requestReferences = new WeakMap<Context<AppEnv>, Promise<IsoformReference | undefined>>();

async function readReference(c: Context<AppEnv>): Promise<IsoformReference | undefined> {
  // an isolate's first request with a reference indexes it: timed apart from the model
  startTime(c, "reference", "reference lncRNAs");
  try {
    return (await c.var.runtime.references.get(c.env?.SPECIES))?.reference;
  } catch (error) {
    console.warn(`gene head not applied: ${(error as Error).message}`);
    return undefined;
  } finally {
    endTime(c, "reference");
  }
}

/** A pair's combined score, and what the gene head reads of it. */
interface GeneScored {
  result: CombinedScore;
  pair: GenePair;
  route: GeneRoute;
}

/**
 * Each score revised by the gene head where it applies (a new lncRNA on the head's domain), with the
 * evidence it read; the model scores the isoforms with a site (timed as `gene`).
 */
async function byGene(
  c: Context<AppEnv>,
  gene: GeneContext | undefined,
  model: Predictor,
  scored: GeneScored[],
): Promise<CombinedScore[]> {
  if (!gene) return scored.map((s) => s.result);
  const { head, encoders, reference } = gene;
  startTime(c, "gene", "gene head: isoform sites and scores");
  const revisions = await reviseByGene(
    head,
    encoders,
    reference,
    scored.map(({ result, pair, route }) => ({ score: result.score, pair, route })),
    (route) => newLncrnaScores(model, route.speciesHead),
  );
  endTime(c, "gene");
  return scored.map(({ result }, i) => {
    const revised = revisions[i];
    if (!revised) return result;
    const { score, evidence, geneScore, isoformsScored } = revised;
    return {
      ...result,
      score,
      label: score >= result.threshold ? 1 : 0,
      gene: { ...evidence, modelScore: result.score, geneScore, isoformsScored },
    };
  });
}

/** The lncRNA nt the gene head adds to pairs' work: its isoforms the model scores. */
export interface GeneWork {
  /** For one pair: the nt of the lncRNA's isoforms with a site of the miRNA (what it scores). */
  ofPair: (mirna: Codes, lncrna: Codes) => number;
  /** For any pair of this lncRNA: the most it may add (geneWorkNt), for work counted before the miRNAs are read. */
  bound: (lncrna: Codes) => number;
}

const NO_GENE_WORK: GeneWork = { ofPair: () => 0, bound: () => 0 };

/**
 * The gene head's work for requests to this model, for the work budget: none where the model has no
 * gene head or route for new lncRNAs, the deployment no reference, the request's domain is another
 * head's, or the model knows the lncRNA. Read from the card: no session opens.
 */
export async function geneWork(c: Context<AppEnv>, choice: ModelChoice, domain?: SpeciesDomain): Promise<GeneWork> {
  const card = c.var.runtime.models.card(choice.name);
  const gene = card && (await geneContext(c, { card }));
  if (!card || !gene || card.encoding.name !== "member-scores") return NO_GENE_WORK;
  if (domain !== undefined && HEAD_OF_DOMAIN[domain] !== gene.head.head) return NO_GENE_WORK;
  const spec = card.encoding;
  const { encoders, reference } = gene;
  const isNew = (lncrna: Codes) => lncrnaKnownTo(spec, lncrna) === false;
  // a job body repeats its lncRNAs row after row, each a new codes array: bounds are kept by sequence
  const bounds = new Map<string, number>();
  return {
    ofPair: (mirna, lncrna) => (isNew(lncrna) ? sitedIsoformNt(encoders, reference, mirna, lncrna) : 0),
    bound: (lncrna) => {
      const key = sequenceKey(lncrna);
      let nt = bounds.get(key);
      if (nt === undefined) {
        nt = isNew(lncrna) ? geneWorkNt(reference, lncrna) : 0;
        if (bounds.size < BOUNDS_KEPT) bounds.set(key, nt);
      }
      return nt;
    },
  };
}

/** Distinct lncRNAs whose gene-work bound one request keeps. */
const BOUNDS_KEPT = 4096;

export function chooseModels(models: ModelRegistry, requested: string | undefined): ModelChoice {
  const name = requested ?? models.defaultName;
  const card = models.card(name);
  if (!card) {
    const available = models.names();
    throw new ProblemError(
      "unknown-model",
      `no model named ${JSON.stringify(name)}; available: ${available.join(", ")}`,
      { available },
    );
  }
  const members = card.encoding.name === "member-scores" ? card.encoding.members : undefined;
  return { name, members: members ?? [name], ensemble: members !== undefined };
}

function combined(
  model: Predictor,
  prediction: Pick<PairPrediction, "score" | "members" | "domains" | "attention" | "lncrnaKnown" | "mirnaHead">,
  models: ModelRegistry,
  head?: string,
): CombinedScore {
  let { score, domains } = prediction;
  const { members, attention, lncrnaKnown } = prediction;
  const byHead = headScoreOf(model, head, prediction);
  if (domains && byHead !== undefined) {
    score = byHead;
    domains = Object.fromEntries(Object.keys(domains).map((d) => [d, d === head ? 1 : 0]));
  }
  const threshold = model.card.threshold;
  const result: CombinedScore = { score, label: score >= threshold ? 1 : 0, threshold };
  if (members)
    result.members = members.map((m) => member(m.model, m.score, models.card(m.model)!.threshold, m.attention));
  if (domains) {
    result.domains = domains;
    result.domainFrom = domainFrom(Boolean(head), prediction.mirnaHead);
  }
  if (lncrnaKnown !== undefined) result.lncrnaKnown = lncrnaKnown;
  if (attention) result.attention = { model: model.card.name, ...attention };
  return result;
}

const member = (model: string, score: number, threshold: number, attention?: AttentionProfile): MemberScore => ({
  model,
  score,
  label: score >= threshold ? 1 : 0,
  threshold,
  ...(attention ? { attention: { model, ...attention } } : {}),
});

/** Scores pairs with the chosen model; the seed scans and duplexes it computed come back too. */
export async function scorePairs(
  c: Context<AppEnv>,
  choice: ModelChoice,
  pairs: EncodedPair[],
  maxSites: number,
  domain?: SpeciesDomain,
): Promise<{ scores: CombinedScore[]; seeds: SeedScan[]; duplexes: (DuplexResult | undefined)[] }> {
  const { models } = c.var.runtime;
  const { model, openSession, done } = await predictorTimed(c, models, choice.name, domain);
  const head = headFor(model, domain);
  const gene = await geneContext(c, model);
  startTime(c, "model", "features + inference");
  let predictions: PairPrediction[];
  let scores: CombinedScore[];
  try {
    predictions = await predictInRuns(model, pairs, maxSites);
    endTime(c, "model");
    scores = await byGene(
      c,
      gene,
      model,
      predictions.map((p, i) => ({
        result: combined(model, p, models, head),
        pair: { ...pairs[i]!, ownSites: () => canonicalSites(p.seed.counts) },
        route: { lncrnaKnown: p.lncrnaKnown, speciesHead: head, mirnaHead: p.mirnaHead },
      })),
    );
  } finally {
    done?.();
  }
  if (openSession) afterAnswer(c, openSession);
  return {
    scores,
    seeds: predictions.map((p) => p.seed),
    duplexes: predictions.map((p) => p.duplex),
  };
}

/** Scores one lncRNA against every candidate of a panel, in panel order, PAIRS_PER_RUN at a time. */
export async function scoreScreen(
  c: Context<AppEnv>,
  choice: ModelChoice,
  lncrna: Codes,
  panel: MirnaPanel,
  domain?: SpeciesDomain,
): Promise<CombinedScore[]> {
  const { models } = c.var.runtime;
  const model = await loadTimed(c, models, choice.name);
  const head = headFor(model, domain);
  const gene = await geneContext(c, model);
  startTime(c, "model", "features + inference");
  const results: { result: CombinedScore; route: GeneRoute }[] = [];
  for (let start = 0; start < panel.size; start += PAIRS_PER_RUN) {
    const indices = Array.from({ length: Math.min(PAIRS_PER_RUN, panel.size - start) }, (_, k) => start + k);
    const chunk = indices.length === panel.size ? panel : panel.subset(indices);
    results.push(...(await screenChunk(model, models, lncrna, chunk, head)));
  }
  endTime(c, "model");
  if (!gene) return results.map((r) => r.result);
  return byGene(
    c,
    gene,
    model,
    results.map(({ result, route }, i) => ({
      result,
      route,
      pair: scannedPair(gene.encoders, panel.codes[i]!, lncrna),
    })),
  );
}

/** A chunk's combined scores and the gene head's route of each. */
async function screenChunk(
  model: ServedModel,
  models: ModelRegistry,
  lncrna: Codes,
  panel: MirnaPanel,
  head: string | undefined,
): Promise<{ result: CombinedScore; route: GeneRoute }[]> {
  if (model instanceof EnsembleModel) {
    const { scores, members, domains, lncrnaKnown, mirnaHeads } = await model.screenWithMembers(lncrna, panel);
    return Array.from(scores, (score, i) => ({
      result: combined(
        model,
        {
          score,
          members: members.map((m) => ({ model: m.model, score: m.scores[i]! })),
          domains: domains?.[i],
          lncrnaKnown,
          mirnaHead: mirnaHeads?.[i],
        },
        models,
        head,
      ),
      route: { lncrnaKnown, speciesHead: head, mirnaHead: mirnaHeads?.[i] },
    }));
  }
  const scores = await model.screen(lncrna, panel);
  return Array.from(scores, (score) => ({ result: combined(model, { score }, models), route: {} }));
}

/** The score a species null tests: the model's own, since the nulls were drawn without a reference. */
export const nullTestedScore = (s: Pick<CombinedScore, "score" | "gene">) => s.gene?.modelScore ?? s.score;

/** A screen's first pass: the shortlist (ascending panel indices) and the signals that chose it. */
export async function firstPass(
  c: Context<AppEnv>,
  lncrna: Codes,
  panel: MirnaPanel,
  perSignal: number,
  priors?: readonly PriorEvidence[],
): Promise<{ indices: number[]; signals: string[] }> {
  const { models, encoders } = c.var.runtime;
  startTime(c, "shortlist", "first pass over every candidate");
  const cheap = [];
  for (const name of SCREEN_FIRST_PASS_MODELS.filter((n) => models.card(n))) cheap.push(await models.get(name));
  const signals = withPrior(await firstPassSignals(encoders, lncrna, panel, cheap), priors);
  const indices = shortlist(signals, panel.size, perSignal);
  endTime(c, "shortlist");
  return { indices, signals: signals.map((s) => s.name) };
}

async function loadTimed(c: Context<AppEnv>, models: ModelRegistry, name: string) {
  startTime(c, "load", "model session (first use in this isolate)");
  const model = await models.get(name);
  endTime(c, "load");
  setMetric(c, "engine", ONNX_ENGINE);
  return model;
}

const ONNX_ENGINE = "onnxruntime-web";

/**
 * The model that answers a prediction, its first-use cost in `load` and its engine in Server-Timing.
 * A request naming a species is scored by that domain's stacking head, which only the served
 * ensemble has (EnsembleModel.headScore): it waits for the session.
 */
async function predictorTimed(
  c: Context<AppEnv>,
  models: ModelRegistry,
  name: string,
  domain: SpeciesDomain | undefined,
): Promise<PredictorChoice> {
  if (domain !== undefined) return { model: await loadTimed(c, models, name), engine: ONNX_ENGINE };
  startTime(c, "load", "model session or light engine (first use in this isolate)");
  const choice = await models.predictor(name);
  endTime(c, "load");
  setMetric(c, "engine", choice.engine);
  return choice;
}

/**
 * Work started once the answer is out, and kept alive by the platform where there is one (workerd's
 * waitUntil). A macrotask later, not a microtask: onnxruntime's start runs long stretches without
 * yielding, and begun at once it would hold the answer back.
 */
function afterAnswer(c: Context<AppEnv>, start: () => Promise<unknown>): void {
  const work = new Promise((resolve) => setTimeout(resolve, 0))
    .then(start)
    .catch((error: unknown) => console.error("background work failed", error));
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    // no ExecutionContext (the app in Node): the work runs on regardless
  }
}

// The screen benchmark: lncRNAs with validated partners that the scored model never trained on, each
// screened against every distinct miRNA of its species set, and where each partner ranks — for the
// default model (exhaustively, through the code /v1/screen runs: grouped candidates, one panel,
// model.screen) and for untrained scores (duplex MFE, seed-site count) on the same screens.
import { DEFAULT_MODEL, SCREEN_FIRST_PASS_MODELS } from "../../functions/models/default.ts";
import { ModelRegistry } from "../../functions/inference/registry.ts";
import type { SpeciesSource } from "../../functions/species/set.ts";
import { buildSpeciesSet } from "../species/build.ts";
import { groupCandidates, type CandidateSet } from "../../functions/species/candidates.ts";
import { codesToSequence } from "../../functions/kernels/codes.ts";
import type { Encoders } from "../../functions/kernels/encoders.ts";
import type { Codes } from "../../functions/kernels/codes.ts";
import type { ServedModel } from "../../functions/inference/pipeline.ts";
import { EnsembleModel, headFor, newLncrnaScores, screenScores } from "../../functions/inference/ensemble.ts";
import { geneHeadApplies, reviseByGene, scannedPair } from "../../functions/inference/gene-head.ts";
import { logit } from "../../functions/inference/logit.ts";
import { upperTailOf } from "../../functions/species/significance.ts";
import { DEFAULT_NULL_OPTIONS, fitPanelNull, type NullOptions, type PanelNull } from "../species/significance.ts";
import { backgroundOf } from "../species/significance-cache.ts";
import type { SpeciesDomain } from "../../functions/species/domains.ts";
import type { ModelCard } from "../../functions/models/card.ts";
import { HUMAN_REFERENCE_DATASETS, humanReferenceTranscripts, loadLabelledPairs } from "../data/datasets.ts";
import type { LabelledPair } from "../data/pairs.ts";
import { ortWasmFromNodeModules, readModelBundles } from "../lib/node-runtime.ts";
import { readSpeciesSources } from "../species/sources.ts";
import { maxSimilarityTo, minhashSketch, sharesStretchWith } from "../data/similarity.ts";
import { SIMILARITY_THRESHOLD } from "./benchmarks.ts";
import { seededRandom } from "../lib/random.ts";
import { expectationScore } from "./baselines.ts";
import { IsoformReference, mostCanonicalSites, sitedIsoformNt } from "../../functions/features/isoforms.ts";
import { planScreen } from "../../functions/api/budget.ts";
import { LIMITS, SCREEN_SHORTLIST } from "../../functions/api/limits.ts";
import { FIRST_PASS_SIGNALS, firstPassSignals, shortlist, withPrior } from "../../functions/inference/shortlist.ts";
import { rankAmong, summarizeRanks, type PartnerRank, type RankSummary } from "./screen-ranks.ts";
import { canonical, trainingDatasets } from "./training-overlap.ts";
import { panelPriors, priorFor, rankScore } from "../../functions/species/partner-prior.ts";

/** The screened species: its domain (a gated model scores with that domain's head, as /v1/screen does) and prefix. */
export interface ScreenTarget {
  domain: SpeciesDomain;
  species: string;
}

/** A score of every candidate of a set for one lncRNA, higher = more likely a partner. */
export interface ScreenScorer {
  name: string;
  description: string;
  score(lncrna: Codes, set: CandidateSet, target: ScreenTarget): Promise<ArrayLike<number>>;
  /** The scale its null is fitted on (docs/significance.md); absent: no p-values. */
  nullScale?: (score: number) => number;
  /** Species it is shown for (absent: every species). */
  appliesTo?: (species: string) => boolean;
}

/** Candidate miRNAs a partner is ranked among. */
export interface CandidateView {
  /** e.g. "ath (curated)": a species set as the service loads it. */
  label: string;
  records: ReadonlyArray<{ id: string; sequence: string }>;
}

/** One group of screens: a test set's lncRNAs against their species' sets. */
export interface ScreenCase {
  name: string;
  /** Datasets whose positive pairs give the lncRNAs and their validated partners. */
  datasets: string[];
  /** The species' sets, the service's default (curated) first. */
  sets: CandidateView[];
  /** The benchmark's own miRNA vocabulary (the miRNAs of its pairs), to show what the set size does. */
  vocabularyDatasets: string[];
  /** The species' domain, as the service knows it from the species named in the request. */
  domain: SpeciesDomain;
  /** The species' prefix, as a request names it. */
  species: string;
}

/** The view of the benchmark's own miRNAs. */
export const BENCHMARK_MIRNAS = "benchmark miRNAs";

export interface ScreenOptions {
  /** lncRNAs screened per case (drawn with a fixed seed from the eligible ones). */
  lncrnas: number;
  /** Longer lncRNAs are not drawn (the work of a screen grows with the length). */
  maxLength: number;
  seed: number;
  /** The scorers' nulls (absent: species:load's, so the p-values are the service's). */
  null?: NullOptions;
}

export interface Exclusions {
  /** lncRNAs with at least one validated partner (by sequence). */
  withPartners: number;
  identical: number;
  similar: number;
  tooLong: number;
  eligible: number;
  sampled: number;
}

export interface ScreenedLncrna {
  id: string;
  length: number;
  partners: string[];
  /** Per scorer and view (label): each partner's rank. */
  ranks: Record<string, Record<string, PartnerRank[]>>;
}

export interface CaseResult {
  name: string;
  domain: SpeciesDomain;
  /** Per view: its records, its distinct sequences, and the screened partners absent from it (ranked
   * as if added to it: counted here, never dropped). */
  views: Array<{ label: string; /** distinct names */ records: number; distinct: number; partnersAdded: number }>;
  /** Partner miRNAs (by sequence) that occur in the model's training pairs. */
  partnersSeenInTraining: number;
  exclusions: Exclusions;
  screened: ScreenedLncrna[];
  /** Per scorer and view. */
  summary: Record<string, Record<string, RankSummary>>;
}

/** What the model saw in training, by sequence: every row of its training datasets, any split. */
export interface TrainingRnas {
  lncrnas: Set<string>;
  mirnas: Set<string>;
  sketches: Uint32Array[];
  /** The lncRNAs' codes, for the shared-stretch check. */
  codes: Uint8Array[];
}

/**
 * The lncRNAs and miRNAs of every dataset the card (or its members) trained on, all splits included:
 * a test row of a training dataset was never fitted on, but its lncRNA is usually in the train rows,
 * and counting it too keeps the exclusion on the safe side.
 */
export function trainingRnas(
  encoders: Encoders,
  card: ModelCard,
  cardOf: (name: string) => ModelCard | undefined,
  dataDir: string,
): TrainingRnas {
  const lncrnas = new Set<string>();
  const mirnas = new Set<string>();
  for (const dataset of trainingDatasets(card, cardOf)) {
    for (const p of loadLabelledPairs(dataset, dataDir).pairs) {
      lncrnas.add(canonical(p.lncrna));
      mirnas.add(canonical(p.mirna));
    }
  }
  const codes = [...lncrnas].map((s) => encoders.normalize(s).codes);
  return { lncrnas, mirnas, sketches: codes.map((c) => minhashSketch(encoders, c)), codes };
}

interface Query {
  id: string;
  sequence: string;
  partners: Set<string>;
}

/** Positive pairs grouped by lncRNA sequence (one query per distinct lncRNA), partners by sequence. */
function queriesOf(pairs: readonly LabelledPair[]): Query[] {
  const bySequence = new Map<string, Query>();
  for (const p of pairs) {
    if (p.label !== 1) continue;
    const sequence = canonical(p.lncrna);
    const query = bySequence.get(sequence) ?? { id: p.lncrnaId, sequence, partners: new Set<string>() };
    query.partners.add(canonical(p.mirna));
    bySequence.set(sequence, query);
  }
  return [...bySequence.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Queries the model never trained on, drawn deterministically; what was left out and why. */
export function selectQueries(
  encoders: Encoders,
  queries: Query[],
  training: TrainingRnas,
  options: ScreenOptions,
): { chosen: Query[]; exclusions: Exclusions } {
  const novel = queries.filter((q) => !training.lncrnas.has(q.sequence));
  const codes = novel.map((q) => encoders.normalize(q.sequence).codes);
  const best = maxSimilarityTo(
    codes.map((c) => minhashSketch(encoders, c)),
    training.sketches,
  );
  const shares = sharesStretchWith(encoders, codes, training.codes);
  const dissimilar = novel.filter((_, i) => best[i]! < SIMILARITY_THRESHOLD && !shares[i]);
  const eligible = dissimilar.filter((q) => q.sequence.length <= options.maxLength);
  const random = seededRandom(options.seed);
  const shuffled = eligible.map((q) => ({ q, key: random() })).sort((a, b) => a.key - b.key);
  const chosen = shuffled.slice(0, options.lncrnas).map((e) => e.q);
  return {
    chosen,
    exclusions: {
      withPartners: queries.length,
      identical: queries.length - novel.length,
      similar: novel.length - dissimilar.length,
      tooLong: dissimilar.length - eligible.length,
      eligible: eligible.length,
      sampled: chosen.length,
    },
  };
}

/**
 * The default model as /v1/screen runs it with `species` and `exhaustive: true`: every distinct
 * candidate scored, by the species' domain head when the model is a gated ensemble.
 */
export function modelScorer(
  model: ServedModel,
  { prior }: { prior: boolean },
  scoresOf: ModelScores = (lncrna, set, domain) => screenScores(model, lncrna, set.panel, domain),
): ScreenScorer {
  const priorOf = (species: string) => (prior ? priorFor(model.card, species) : undefined);
  return {
    name: prior ? model.card.name : `${model.card.name}, no prior`,
    description: prior
      ? `committed model ${model.card.name}, exhaustive screen through the serving path (AS kernels + onnxruntime-web), scored by the species' domain head as /v1/screen does when the request names the species, and ranked as /v1/screen ranks it: by its logit plus its card's seed-family partner prior where it has one for the species`
      : `the same model's logit alone, without its partner prior (/v1/screen with \`prior: false\`)`,
    score: async (lncrna, set, { domain, species }) => {
      const scores = await scoresOf(lncrna, set, domain);
      const p = priorOf(species);
      const priors = p && panelPriors(p, set.panel.codes);
      // on the logit scale throughout: the probability's order, and the scale the prior adds to
      return Float64Array.from(scores, (score, i) => (priors ? rankScore(score, priors[i]) : logit(score)));
    },
    nullScale: (score) => score,
    ...(prior ? {} : { appliesTo: (species: string) => priorFor(model.card, species) !== undefined }),
  };
}

type ModelScores = (lncrna: Codes, set: CandidateSet, domain: SpeciesDomain) => Promise<ArrayLike<number>>;

/**
 * The default as /v1/screen runs it in a deployment with reference lncRNAs loaded: where its gene head
 * applies (a lncRNA new to it, on the human head), each candidate's score revised by the model's best
 * score over the lncRNA and its isoforms with a site of the candidate, and by where the sites lie,
 * then ranked with the prior as the served screen ranks; every candidate scored, as an exhaustive
 * screen. No p-values: the nulls test the model's own scores.
 */
export function geneModelScorer(
  model: ServedModel,
  encoders: Encoders,
  reference: IsoformReference,
  species: string,
  revised: ModelScores,
): ScreenScorer {
  const { score } = modelScorer(model, { prior: true }, revised);
  return {
    name: `${model.card.name}, gene head`,
    description: `${model.card.name} with its gene head over ${reference.size} reference lncRNAs (the same as \`isoform-seed-sites\`), as an exhaustive /v1/screen scores a new lncRNA where the deployment holds them (npm run reference:load): the model's best score over the lncRNA and its isoforms with a site of the candidate, revised by where the sites lie, ranked with its prior`,
    score,
    appliesTo: (s) => s === species,
  };
}

/** The model's scores revised by its gene head (geneModelScorer's), each computed once per set, lncRNA and domain. */
function geneRevisedScores(
  model: ServedModel,
  encoders: Encoders,
  reference: IsoformReference,
  scoresOf: ModelScores,
): ModelScores {
  return cached(async (lncrna, set, domain) => {
    const scores = await scoresOf(lncrna, set, domain);
    const route = {
      lncrnaKnown: model instanceof EnsembleModel ? model.lncrnaKnown(lncrna) : undefined,
      speciesHead: headFor(model, domain),
    };
    const items = Array.from(scores, (score, i) => ({
      score,
      pair: scannedPair(encoders, set.panel.codes[i]!, lncrna),
      route,
    }));
    const revisions = await reviseByGene(model.card.geneHead, encoders, reference, items, () =>
      newLncrnaScores(model, route.speciesHead),
    );
    return Float64Array.from(items, (item, i) => revisions[i]?.score ?? item.score);
  });
}

/**
 * The same as /v1/screen answers by default (`exhaustive` unset, the default topK): every candidate
 * scored where the work budget holds it with the isoforms the gene head scores, else a first pass
 * shortlists (functions/api/budget.ts, functions/inference/shortlist.ts) and a partner outside the
 * shortlist ranks below every shortlisted candidate, tied with the rest.
 */
export function servedGeneModelScorer(
  model: ServedModel,
  encoders: Encoders,
  reference: IsoformReference,
  species: string,
  revised: ModelScores,
  firstPassModels: readonly ServedModel[],
): ScreenScorer {
  const exhaustive = geneModelScorer(model, encoders, reference, species, revised);
  const head = model.card.geneHead;
  return {
    name: `${model.card.name}, gene head, as served`,
    description: `the same as /v1/screen answers it by default (topK ${LIMITS.defaultTopK}): where the candidates and the isoforms the gene head scores exceed the work budget, a first pass shortlists and a partner outside the shortlist ranks below every shortlisted candidate`,
    score: async (lncrna, set, context) => {
      const ranked = await exhaustive.score(lncrna, set, context);
      const route = {
        lncrnaKnown: model instanceof EnsembleModel ? model.lncrnaKnown(lncrna) : undefined,
        speciesHead: headFor(model, context.domain),
      };
      const applies = head !== undefined && geneHeadApplies(head, route);
      const { perSignal } = planScreen({
        candidates: set.panel.size,
        lncrnaLength: lncrna.length,
        isoformNt: set.panel.codes.map((mirna) => (applies ? sitedIsoformNt(encoders, reference, mirna, lncrna) : 0)),
        topK: LIMITS.defaultTopK,
        exhaustive: undefined,
        signals: FIRST_PASS_SIGNALS,
        shortlist: SCREEN_SHORTLIST,
      });
      if (perSignal === undefined) return ranked;
      const prior = priorFor(model.card, context.species);
      const signals = withPrior(
        await firstPassSignals(encoders, lncrna, set.panel, firstPassModels),
        prior && panelPriors(prior, set.panel.codes),
      );
      const kept = new Set(shortlist(signals, set.panel.size, perSignal));
      return Float64Array.from(ranked, (s, i) => (kept.has(i) ? s : -Infinity));
    },
    appliesTo: (s) => s === species,
  };
}

/**
 * The model's screen scores, each computed once per set, lncRNA sequence and domain: the ranking with
 * and without the prior share them, nulls included (each fit draws the same backgrounds anew).
 */
function cachedScreenScores(model: ServedModel): ModelScores {
  return cached((lncrna, set, domain) => screenScores(model, lncrna, set.panel, domain));
}

/** Scores computed once per set, lncRNA sequence and domain. */
function cached(scoresOf: ModelScores): ModelScores {
  const cache = new WeakMap<CandidateSet, Map<string, Promise<ArrayLike<number>>>>();
  return (lncrna, set, domain) => {
    if (!cache.has(set)) cache.set(set, new Map());
    const bySet = cache.get(set)!;
    const key = `${domain} ${codesToSequence(lncrna)}`;
    if (!bySet.has(key)) bySet.set(key, scoresOf(lncrna, set, domain));
    return bySet.get(key)!;
  };
}

/** The model card's partner prior alone: the seed family's validated partners, no pairing. */
export function priorScorer(card: ModelCard): ScreenScorer {
  return {
    name: "seed-family prior",
    description: `${card.name}'s partner prior alone (its card's \`screenPrior\`, npm run train:prior): validated lncRNA partners of the candidate's seed family (nt 2–8) in the training rows of ${card.screenPrior?.datasets.join(", ") ?? "–"}, the same for every lncRNA`,
    score: async (_lncrna, set, { species }) => {
      return Float64Array.from(panelPriors(priorFor(card, species)!, set.panel.codes), (e) => e.logOdds);
    },
    appliesTo: (species) => priorFor(card, species) !== undefined,
  };
}

/** Untrained scores from the kernels: the duplex MFE, the psRNATarget-style expectation and the seed-site count. */
export function kernelScorers(encoders: Encoders): ScreenScorer[] {
  return [
    {
      name: "duplex-mfe",
      description: "−MFE of the best duplex from our duplex kernel (RNAhybrid's model, Turner 1999), no training",
      score: async (lncrna, set) => Float64Array.from(set.candidates, (c) => -encoders.duplex(c.codes, lncrna).energy),
      nullScale: (score) => score,
    },
    {
      name: "expectation",
      description:
        "−expectation of the miRNA's best psRNATarget-style site on the lncRNA from our complementarity kernel (docs/complementarity.md), no training",
      score: async (lncrna, set) =>
        Float64Array.from(set.candidates, (c) => expectationScore(encoders, c.codes, lncrna)),
      nullScale: (score) => score,
    },
    {
      name: "seed-sites",
      description:
        "number of Watson–Crick seed sites (8mer, 7mer-m8, 7mer-A1, 6mer) on the lncRNA from the kernel's seed scan",
      score: async (lncrna, set) =>
        Float64Array.from(set.candidates, (c) => {
          const { counts } = encoders.seedSites(c.codes, lncrna, 1);
          return Object.values(counts).reduce((a, b) => a + b, 0);
        }),
    },
  ];
}

/**
 * A score with no lncRNA in it: the miRNA's number of validated partners among the training rows of
 * the datasets the model learned from. It shows how far the benchmark's miRNA vocabulary alone ranks
 * partners — a prior the model must beat to claim it reads the pair.
 */
export function vocabularyScorer(encoders: Encoders, datasets: string[], dataDir: string): ScreenScorer {
  const degree = new Map<string, number>();
  for (const name of datasets)
    for (const p of loadLabelledPairs(name, dataDir).pairs) {
      if (p.split === "test" || p.label !== 1) continue;
      const key = codesToSequence(encoders.normalize(p.mirna).codes);
      degree.set(key, (degree.get(key) ?? 0) + 1);
    }
  return {
    name: "mirna-degree",
    description: `the miRNA's number of validated partners in the training rows of the model's training datasets (${datasets.join(", ")}), the same for every lncRNA: the benchmark's miRNA vocabulary as a prior, no pairing`,
    score: async (_lncrna, set) => Float64Array.from(set.candidates, (c) => degree.get(codesToSequence(c.codes)) ?? 0),
  };
}

/**
 * Gene-level seed evidence, no training: each candidate's most canonical seed sites (8mer, 7mer-m8,
 * 7mer-A1) on the lncRNA or on its isoforms among the reference transcripts, for the species whose
 * lncRNAs the reference holds.
 */
export function isoformScreenScorer(
  encoders: Encoders,
  reference: IsoformReference,
  datasets: string[],
  species: string,
): ScreenScorer {
  return {
    name: "isoform-seed-sites",
    description: `the most canonical seed sites (8mer, 7mer-m8, 7mer-A1) of the candidate on the lncRNA or on any of the ${reference.size} lncRNAs of ${datasets.join(", ")} that share exact stretches with it, as a gene's isoforms do (sequences only, never their pairs), no training: gene-level seed evidence`,
    score: async (lncrna, set) => {
      const targets = [lncrna, ...reference.isoformsOf(lncrna)];
      return Float64Array.from(set.candidates, (c) => mostCanonicalSites(encoders, c.codes, targets));
    },
    appliesTo: (s) => s === species,
  };
}

/** Distinct sequences of a list, in first-seen order, with a name each. */
const distinctRecords = (records: ReadonlyArray<{ id: string; sequence: string }>) => {
  const seen = new Map<string, string>();
  for (const r of records) {
    const s = canonical(r.sequence);
    if (!seen.has(s)) seen.set(s, r.id);
  }
  return seen;
};

/** Runs one case: selection, one exhaustive screen per lncRNA and scorer, partner ranks. */
export async function runCase(
  encoders: Encoders,
  screenCase: ScreenCase,
  scorers: ScreenScorer[],
  training: TrainingRnas,
  dataDir: string,
  options: ScreenOptions,
  progress: (line: string) => void = () => {},
): Promise<CaseResult> {
  const shown = scorers.filter((s) => !s.appliesTo || s.appliesTo(screenCase.species));
  const target: ScreenTarget = { domain: screenCase.domain, species: screenCase.species };
  const pairs = screenCase.datasets.flatMap((d) => loadLabelledPairs(d, dataDir).pairs);
  const { chosen, exclusions } = selectQueries(encoders, queriesOf(pairs), training, options);
  const vocabulary: CandidateView = {
    label: BENCHMARK_MIRNAS,
    records: screenCase.vocabularyDatasets.flatMap((d) =>
      loadLabelledPairs(d, dataDir).pairs.map((p) => ({ id: p.mirnaId, sequence: p.mirna })),
    ),
  };
  const views = [...screenCase.sets, vocabulary].map((v) => ({ label: v.label, distinct: distinctRecords(v.records) }));
  // one panel for every query: every view's miRNAs and every chosen query's partners; a candidate's
  // score does not depend on the rest of the panel, so each view's ranks are read off the same scores
  const partners = new Set(chosen.flatMap((q) => [...q.partners]));
  const panelRecords = new Map<string, string>();
  for (const view of views) for (const [s, id] of view.distinct) if (!panelRecords.has(s)) panelRecords.set(s, id);
  for (const s of partners) if (!panelRecords.has(s)) panelRecords.set(s, `partner:${s}`);
  const set = groupCandidates(
    [...panelRecords].map(([sequence, id]) => ({ id, codes: encoders.normalize(sequence).codes })),
  );
  const byCodes = new Map(set.candidates.map((c, i) => [codesToSequence(c.codes), i]));
  const indexOf = (sequence: string) => byCodes.get(codesToSequence(encoders.normalize(sequence).codes))!;
  const viewIdx = views.map((v) => [...new Set([...v.distinct.keys()].map(indexOf))]);
  // each scorer's null over the panel, from background lncRNAs of the case's domain, as species:load fits the service's
  const background = backgroundOf(screenCase.domain, dataDir);
  const nulls = new Map<string, { null_: PanelNull; scale: (score: number) => number }>();
  for (const scorer of shown) {
    if (!scorer.nullScale) continue;
    const started = Date.now();
    const null_ = await fitPanelNull(
      (lncrna) => scorer.score(lncrna, set, target),
      scorer.nullScale,
      encoders,
      set.panel,
      background,
      options.null ?? DEFAULT_NULL_OPTIONS,
    );
    nulls.set(scorer.name, { null_, scale: scorer.nullScale });
    progress(
      `${screenCase.name}: ${scorer.name} null over ${set.panel.size} miRNAs in ${Math.round((Date.now() - started) / 1000)} s`,
    );
  }

  const screened: ScreenedLncrna[] = [];
  for (const query of chosen) {
    const lncrna = encoders.normalize(query.sequence).codes;
    const partnerIdx = [...query.partners].map(indexOf);
    const ranks: ScreenedLncrna["ranks"] = {};
    for (const scorer of shown) {
      const scores = await scorer.score(lncrna, set, target);
      const fitted = nulls.get(scorer.name);
      const rankIn = (among: number[]) =>
        partnerIdx.map((p) => {
          const within = among.includes(p) ? among : [...among, p];
          return {
            rank: rankAmong(scores, p, within),
            candidates: within.length,
            ...(fitted ? { pValue: upperTailOf(fitted.null_, p, fitted.scale(scores[p]!), lncrna.length) } : {}),
          };
        });
      ranks[scorer.name] = Object.fromEntries(views.map((v, i) => [v.label, rankIn(viewIdx[i]!)]));
    }
    screened.push({ id: query.id, length: lncrna.length, partners: [...query.partners], ranks });
    const first = views[0]!.label;
    progress(
      `${screenCase.name} ${query.id} (${lncrna.length} nt), ranks among ${first}: ${shown.map((s) => `${s.name} ${ranks[s.name]![first]!.map((r) => r.rank).join(",")}`).join("; ")}`,
    );
  }
  const summary: CaseResult["summary"] = {};
  for (const scorer of shown)
    summary[scorer.name] = Object.fromEntries(
      views.map((v) => [v.label, summarizeRanks(screened.flatMap((q) => q.ranks[scorer.name]![v.label]!))]),
    );
  const partnerList = chosen.flatMap((q) => [...q.partners]);
  return {
    name: screenCase.name,
    domain: screenCase.domain,
    views: views.map((v, i) => ({
      label: v.label,
      records: new Set([...screenCase.sets, vocabulary][i]!.records.map((r) => r.id)).size,
      distinct: viewIdx[i]!.length,
      partnersAdded: partnerList.filter((s) => !viewIdx[i]!.includes(indexOf(s))).length,
    })),
    partnersSeenInTraining: partnerList.filter((s) => training.mirnas.has(s)).length,
    exclusions,
    screened,
    summary,
  };
}

/**
 * The cases: human lncRNAs against `hsa`, plant test lncRNAs against their species; each species'
 * sets as species:load builds them (curated miRBase 18 first, the service's default, then the later
 * human release or PMRD), every name of a sequence kept.
 */
export function screenCases(encoders: Encoders, dataDir: string): ScreenCase[] {
  const sources = readSpeciesSources(dataDir);
  const sets = (name: string, other: SpeciesSource): CandidateView[] =>
    (["curated", other] as const).map((source) => {
      const found = sources.find((s) => s.name === name && s.source === source);
      if (!found) throw new Error(`no ${source} species set ${name} in the data dir`);
      const { set } = buildSpeciesSet(encoders, name, source, found.records);
      return {
        label: `${name} (${source})`,
        records: set.mirnas.flatMap((m) => [m.id, ...m.aliases].map((id) => ({ id, sequence: m.sequence }))),
      };
    });
  const plant = (dataset: string, prefix: string): ScreenCase => ({
    name: dataset,
    datasets: [dataset],
    sets: sets(prefix, "pmrd"),
    vocabularyDatasets: [dataset],
    domain: "plant",
    species: prefix,
  });
  return [
    {
      name: "human (lncRNASNP2 / LMI-INGI)",
      datasets: ["lncrnasnp2-validated", "lmi-ingi"],
      sets: sets("hsa", "later-release"),
      vocabularyDatasets: ["ncrnainter-human"],
      domain: "animal",
      species: "hsa",
    },
    plant("pmlipred-test-aly", "aly"),
    plant("pmlipred-test-sly", "sly"),
    plant("pmlipemg-testseth-aly", "aly"),
    plant("pmlipemg-testseth-mtr", "mtr"),
  ];
}

/** The scorers of the benchmark, sharing one Encoders so the model's duplexes are reused by duplex-mfe. */
export async function screenScorers(
  encoders: Encoders,
  dataDir: string,
): Promise<{ registry: ModelRegistry; scorers: ScreenScorer[] }> {
  const registry = new ModelRegistry(readModelBundles(), encoders, ortWasmFromNodeModules(), DEFAULT_MODEL);
  const model = await registry.get(DEFAULT_MODEL);
  const datasets = trainingDatasets(model.card, (n) => registry.card(n));
  const scores = cachedScreenScores(model);
  const reference = IsoformReference.fromSequences(
    encoders,
    humanReferenceTranscripts(dataDir).map((t) => t.sequence),
  );
  const revised = geneRevisedScores(model, encoders, reference, scores);
  const firstPassModels: ServedModel[] = [];
  for (const name of SCREEN_FIRST_PASS_MODELS.filter((n) => registry.card(n)))
    firstPassModels.push(await registry.get(name));
  return {
    registry,
    scorers: [
      modelScorer(model, { prior: true }, scores),
      modelScorer(model, { prior: false }, scores),
      geneModelScorer(model, encoders, reference, "hsa", revised),
      servedGeneModelScorer(model, encoders, reference, "hsa", revised, firstPassModels),
      priorScorer(model.card),
      ...kernelScorers(encoders),
      isoformScreenScorer(encoders, reference, HUMAN_REFERENCE_DATASETS, "hsa"),
      vocabularyScorer(encoders, datasets, dataDir),
    ],
  };
}

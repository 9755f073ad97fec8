// Scoring labelled pairs through the serving path (AS kernels + onnxruntime-web), in batches.
import type { Encoders } from "../../functions/kernels/encoders.ts";
import { headFor, headScoreOf, newLncrnaScores } from "../../functions/inference/ensemble.ts";
import {
  predictInRuns,
  type EncodedPair,
  type PairPrediction,
  type ServedModel,
} from "../../functions/inference/pipeline.ts";
import { speciesDomain } from "../../functions/species/domains.ts";
import { canonicalSites, type IsoformReference } from "../../functions/features/isoforms.ts";
import { reviseByGene, type GeneItem } from "../../functions/inference/gene-head.ts";
import type { LabelledPair } from "../data/pairs.ts";

/**
 * Each row encoded once, whichever model scores it: the same code arrays reach every model, so the
 * Encoders' duplex cache computes a pair's duplex once for all of them (an ensemble and its members).
 */
const encoded = new WeakMap<LabelledPair, EncodedPair>();

function encode(encoders: Encoders, pair: LabelledPair): EncodedPair {
  let codes = encoded.get(pair);
  if (!codes)
    encoded.set(
      pair,
      (codes = { mirna: encoders.normalize(pair.mirna).codes, lncrna: encoders.normalize(pair.lncrna).codes }),
    );
  return codes;
}

/** The model's predictions of the pairs, `batchSize` at a time (no seed-site lists). */
export async function predictLabelledPairs(
  model: ServedModel,
  encoders: Encoders,
  pairs: LabelledPair[],
  batchSize = 256,
): Promise<PairPrediction[]> {
  return predictInRuns(
    model,
    pairs.map((p) => encode(encoders, p)),
    0,
    batchSize,
  );
}

export async function scoreLabelledPairs(
  model: ServedModel,
  encoders: Encoders,
  pairs: LabelledPair[],
  batchSize = 256,
): Promise<Float64Array> {
  return Float64Array.from(await predictLabelledPairs(model, encoders, pairs, batchSize), (p) => p.score);
}

/** One pair's prediction, its codes, and its score as a request naming the pair's species gets it. */
export interface NamedPrediction {
  prediction: PairPrediction;
  codes: EncodedPair;
  score: number;
  /** The head the species named, where the model has one. */
  head?: string;
}

/**
 * A gated ensemble's predictions as /v1/predict gives them when the request names each pair's species:
 * the head of the species' domain alone, the gate not asked. Pairs of a species without a domain keep
 * the gated score.
 */
export async function predictWithSpeciesNamed(
  model: ServedModel,
  encoders: Encoders,
  pairs: LabelledPair[],
): Promise<NamedPrediction[]> {
  const predictions = await predictLabelledPairs(model, encoders, pairs);
  return predictions.map((prediction, i) => {
    const head = headFor(model, speciesDomain({ name: pairs[i]!.species, source: "curated" }));
    const score = headScoreOf(model, head, prediction) ?? prediction.score;
    return { prediction, codes: encode(encoders, pairs[i]!), score, ...(head ? { head } : {}) };
  });
}

/** The same scores alone. */
export async function scoreWithSpeciesNamed(
  model: ServedModel,
  encoders: Encoders,
  pairs: LabelledPair[],
): Promise<Float64Array> {
  return Float64Array.from(await predictWithSpeciesNamed(model, encoders, pairs), (p) => p.score);
}

/** The pairs' gene items, as /v1/predict hands them to the gene head: the score with the species named, and its route. */
export async function geneItems(model: ServedModel, encoders: Encoders, pairs: LabelledPair[]): Promise<GeneItem[]> {
  return (await predictWithSpeciesNamed(model, encoders, pairs)).map(({ prediction, codes, score, head }) => ({
    score,
    pair: { ...codes, ownSites: () => canonicalSites(prediction.seed.counts) },
    route: { lncrnaKnown: prediction.lncrnaKnown, speciesHead: head, mirnaHead: prediction.mirnaHead },
  }));
}

/**
 * The same with the model's gene head where it applies (a new lncRNA on the head of its species), its
 * evidence read from `reference` as /v1/predict reads the deployment's.
 */
export function scoreWithGeneHead(reference: IsoformReference) {
  return async (model: ServedModel, encoders: Encoders, pairs: LabelledPair[]): Promise<Float64Array> => {
    const items = await geneItems(model, encoders, pairs);
    const revised = await reviseByGene(model.card.geneHead, encoders, reference, items, (route) =>
      newLncrnaScores(model, route.speciesHead),
    );
    return Float64Array.from(items, (item, i) => revised[i]?.score ?? item.score);
  };
}

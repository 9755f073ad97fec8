// Scoring labelled pairs through the serving path (AS kernels + onnxruntime-web), in batches.
import type { Encoders } from "../../functions/kernels/encoders.ts";
import { headFor, headScoreOf } from "../../functions/inference/ensemble.ts";
import type { EncodedPair, PairPrediction, ServedModel } from "../../functions/inference/pipeline.ts";
import { speciesDomain } from "../../functions/species/domains.ts";
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
  const predictions: PairPrediction[] = [];
  for (let start = 0; start < pairs.length; start += batchSize)
    predictions.push(
      ...(await model.predict(
        pairs.slice(start, start + batchSize).map((p) => encode(encoders, p)),
        0,
      )),
    );
  return predictions;
}

export async function scoreLabelledPairs(
  model: ServedModel,
  encoders: Encoders,
  pairs: LabelledPair[],
  batchSize = 256,
): Promise<Float64Array> {
  return Float64Array.from(await predictLabelledPairs(model, encoders, pairs, batchSize), (p) => p.score);
}

/**
 * A gated ensemble's scores as /v1/predict gives them when the request names each pair's species: the
 * head of the species' domain alone, the gate not asked. Pairs of a species without a domain keep the
 * gated score.
 */
export async function scoreWithSpeciesNamed(
  model: ServedModel,
  encoders: Encoders,
  pairs: LabelledPair[],
): Promise<Float64Array> {
  const predictions = await predictLabelledPairs(model, encoders, pairs);
  return Float64Array.from(predictions, (p, i) => {
    const head = headFor(model, speciesDomain({ name: pairs[i]!.species, source: "curated" }));
    return headScoreOf(model, head, p) ?? p.score;
  });
}

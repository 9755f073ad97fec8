// Scoring labelled pairs through the serving path (AS kernels + onnxruntime-web), in batches.
import type { Encoders } from "../../functions/kernels/encoders.ts";
import type { EncodedPair, ServedModel } from "../../functions/inference/pipeline.ts";
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

export async function scoreLabelledPairs(
  model: ServedModel,
  encoders: Encoders,
  pairs: LabelledPair[],
  batchSize = 256,
): Promise<Float64Array> {
  const scores = new Float64Array(pairs.length);
  for (let start = 0; start < pairs.length; start += batchSize) {
    const batch = pairs.slice(start, start + batchSize);
    const predictions = await model.predict(
      batch.map((p) => encode(encoders, p)),
      0,
    );
    predictions.forEach((p, i) => (scores[start + i] = p.score));
  }
  return scores;
}

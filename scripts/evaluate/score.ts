// Scoring labelled pairs through the serving path (AS kernels + onnxruntime-web), in batches.
import type { Encoders } from "../../functions/kernels/encoders.ts";
import type { ServedModel } from "../../functions/inference/pipeline.ts";
import type { LabelledPair } from "../data/pairs.ts";

export async function scorePairs(model: ServedModel, encoders: Encoders, pairs: LabelledPair[], batchSize = 256): Promise<Float64Array> {
  const scores = new Float64Array(pairs.length);
  for (let start = 0; start < pairs.length; start += batchSize) {
    const batch = pairs.slice(start, start + batchSize);
    const predictions = await model.predict(
      batch.map((p) => ({ mirna: encoders.normalize(p.mirna).codes, lncrna: encoders.normalize(p.lncrna).codes })),
      0,
    );
    predictions.forEach((p, i) => (scores[start + i] = p.score));
  }
  return scores;
}

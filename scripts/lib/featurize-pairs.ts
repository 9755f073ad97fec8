// Pair features for offline work, through the same pairFeatures() the worker uses (AS kernels).
import { featureLength, pairFeatures, type FeatureEncoding } from "../../functions/features/pair-features.ts";
import { InvalidSymbolError, type Encoders } from "../../functions/kernels/encoders.ts";
import type { LabelledPair } from "../data/pairs.ts";

/** Encodes every pair; an invalid sequence stops the run naming the pair. */
export function featurizePairs(
  encoders: Encoders,
  spec: FeatureEncoding,
  pairs: LabelledPair[],
  onProgress?: (done: number) => void,
): Float32Array {
  const dims = featureLength(spec);
  const features = new Float32Array(pairs.length * dims);
  pairs.forEach((pair, i) => {
    const encode = (which: "mirna" | "lncrna") => {
      try {
        return encoders.normalize(pair[which]).codes;
      } catch (error) {
        if (error instanceof InvalidSymbolError)
          throw new Error(`${pair.source}: ${which} of ${pair.mirnaId}/${pair.lncrnaId}: ${error.message}`, {
            cause: error,
          });
        throw error;
      }
    };
    pairFeatures(encoders, spec, encode("mirna"), encode("lncrna"), features.subarray(i * dims, (i + 1) * dims));
    onProgress?.(i + 1);
  });
  return features;
}

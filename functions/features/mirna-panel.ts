// A set of candidate miRNAs to screen one lncRNA against. Each miRNA's own feature blocks depend on
// nothing else, so they are computed once per encoding and kept with the panel: a species set
// cached in the isolate pays for them on its first screen only.
import type { Encoders } from "../kernels/encoders.ts";
import type { Codes } from "../kernels/codes.ts";
import { sideFeatures, sideLength, type KmerCtdSeedEncoding } from "./pair-features.ts";

export class MirnaPanel {
  private readonly sides = new Map<string, Float32Array>();

  constructor(readonly codes: readonly Codes[]) {}

  get size(): number {
    return this.codes.length;
  }

  /** [size × sideLength(spec, "mirna")] miRNA blocks, row i for codes[i]. */
  sideFeatures(encoders: Encoders, spec: KmerCtdSeedEncoding): Float32Array {
    const key = JSON.stringify(spec);
    let sides = this.sides.get(key);
    if (!sides) {
      const width = sideLength(spec, "mirna");
      sides = new Float32Array(this.codes.length * width);
      this.codes.forEach((mirna, i) =>
        sideFeatures(encoders, spec, "mirna", mirna, sides!.subarray(i * width, (i + 1) * width)),
      );
      this.sides.set(key, sides);
    }
    return sides;
  }
}

// A set of candidate miRNAs to screen one lncRNA against. Each miRNA's own feature blocks depend on
// nothing else, so they are computed once per encoding and kept with the panel: a species set
// cached in the isolate pays for them on its first screen only.
import type { Encoders } from "../kernels/encoders.ts";
import type { Codes } from "../kernels/codes.ts";
import { sideFeatures, sideLength, type KmerCtdSeedEncoding } from "./pair-features.ts";

export class MirnaPanel {
  private readonly sides = new Map<string, Float32Array>();

  constructor(
    readonly codes: readonly Codes[],
    /** The panel this one was taken from: its blocks come from that panel's cache. */
    private readonly source?: { panel: MirnaPanel; indices: readonly number[] },
  ) {}

  get size(): number {
    return this.codes.length;
  }

  /**
   * The miRNAs at these indices as a panel of their own (a shortlist, a batch of a screen), whose
   * blocks are read from this panel's cache rather than computed again.
   */
  subset(indices: readonly number[]): MirnaPanel {
    return new MirnaPanel(
      indices.map((i) => this.codes[i]!),
      { panel: this, indices },
    );
  }

  /** [size × sideLength(spec, "mirna")] miRNA blocks, row i for codes[i]. */
  sideFeatures(encoders: Encoders, spec: KmerCtdSeedEncoding): Float32Array {
    const key = JSON.stringify(spec);
    let sides = this.sides.get(key);
    if (!sides) {
      const width = sideLength(spec, "mirna");
      const rows = new Float32Array(this.codes.length * width);
      if (this.source) {
        const all = this.source.panel.sideFeatures(encoders, spec);
        this.source.indices.forEach((from, i) => rows.set(all.subarray(from * width, (from + 1) * width), i * width));
      } else
        this.codes.forEach((mirna, i) =>
          sideFeatures(encoders, spec, "mirna", mirna, rows.subarray(i * width, (i + 1) * width)),
        );
      this.sides.set(key, (sides = rows));
    }
    return sides;
  }
}

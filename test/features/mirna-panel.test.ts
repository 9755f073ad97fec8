// A panel taken from another (a screen's shortlist or batch) reads its miRNA blocks from the source
// panel's cache: the same rows as computing them for its own miRNAs, and the source keeps them.
import { describe, expect, it } from "vitest";
import { MirnaPanel } from "../../functions/features/mirna-panel.ts";
import { DEFAULT_ENCODING } from "../../functions/features/pair-features.ts";
import { loadEncoders } from "../../scripts/lib/kernels-node.ts";
import { randomRna, seededRandom } from "../../scripts/lib/generators.ts";

const encoders = loadEncoders();
const random = seededRandom(3);
const codes = Array.from({ length: 40 }, () => encoders.normalize(randomRna(random, (18 + random() * 8) | 0)).codes);

describe("MirnaPanel.subset", () => {
  it("gives the rows its own miRNAs would have, in the order asked, from the source's cache", () => {
    const panel = new MirnaPanel(codes);
    const indices = [31, 2, 17, 17, 0];
    const subset = panel.subset(indices);
    const fresh = new MirnaPanel(indices.map((i) => codes[i]!)).sideFeatures(encoders, DEFAULT_ENCODING);
    expect(subset.codes).toEqual(indices.map((i) => codes[i]));
    expect(Array.from(subset.sideFeatures(encoders, DEFAULT_ENCODING))).toEqual(Array.from(fresh));
    // the source computed its blocks once, for later subsets and screens
    expect(panel.sideFeatures(encoders, DEFAULT_ENCODING)).toBe(panel.sideFeatures(encoders, DEFAULT_ENCODING));
    expect(subset.subset([4, 0]).sideFeatures(encoders, DEFAULT_ENCODING)).toEqual(
      new MirnaPanel([codes[0]!, codes[31]!]).sideFeatures(encoders, DEFAULT_ENCODING),
    );
  });
});

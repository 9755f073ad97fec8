// A composite encoding is its parts laid end to end, each part what its kernel gives alone, with the
// lncRNA window placed on the best duplex site.
import { describe, expect, it } from "vitest";
import {
  DEFAULT_ENCODING,
  featureLength,
  featureNames,
  pairFeatures,
  tokenCount,
  type CompositeEncoding,
} from "../../functions/features/pair-features.ts";
import { EncodingSchema, FeatureEncodingSchema } from "../../functions/models/card.ts";
import { loadEncoders } from "../../scripts/lib/kernels-node.ts";
import { randomRna, reverseComplement, seededRandom } from "../../scripts/lib/generators.ts";

const encoders = loadEncoders();
const spec: CompositeEncoding = {
  name: "composite",
  parts: [
    { kind: "pair", encoding: { ...DEFAULT_ENCODING, name: "kmer-ctd-seed-duplex" } },
    { kind: "onehot", rna: "mirna", length: 30 },
    { kind: "onehot", rna: "lncrna", length: 64 },
    { kind: "tokens", rna: "lncrna", k: 4, stride: 1, window: 64 },
    { kind: "kmer", rna: "lncrna", kmax: 5 },
  ],
};

describe("composite encoding", () => {
  const random = seededRandom(11);
  const mirna = randomRna(random, 21);
  // A full complementary site at 700..720 of a 2 kb lncRNA: the window must sit on it.
  const lncrna = randomRna(random, 700) + reverseComplement(mirna) + randomRna(random, 1279);
  const mir = encoders.normalize(mirna).codes;
  const lnc = encoders.normalize(lncrna).codes;
  const row = new Float32Array(featureLength(spec));
  const evidence = pairFeatures(encoders, spec, mir, lnc, row);

  it("has one name per element and a length the card schema accepts", () => {
    expect(featureNames(spec)).toHaveLength(row.length);
    expect(row.length).toBe(
      508 + 4 * 30 + 4 * 64 + tokenCount({ kind: "tokens", rna: "lncrna", k: 4, stride: 1, window: 64 }) + 1364,
    );
    expect(EncodingSchema.safeParse({ ...spec, dims: row.length }).success).toBe(true);
    expect(
      EncodingSchema.safeParse({ ...spec, parts: [{ kind: "onehot", rna: "dna", length: 3 }], dims: 12 }).success,
    ).toBe(false);
  });

  it("lays out each part as its kernel computes it alone", () => {
    const pair = new Float32Array(508);
    pairFeatures(encoders, spec.parts[0]!.kind === "pair" ? spec.parts[0]!.encoding : DEFAULT_ENCODING, mir, lnc, pair);
    expect(row.subarray(0, 508)).toEqual(pair);
    expect(row.subarray(508, 628)).toEqual(encoders.onehot(mir, 30));
    const best = evidence.duplex!.best!;
    expect(best.targetStart).toBeGreaterThanOrEqual(695);
    expect(best.targetEnd).toBeLessThanOrEqual(726);
    const centre = Math.floor((best.targetStart + best.targetEnd - 1) / 2);
    const window = lnc.subarray(centre - 32, centre + 32);
    expect(row.subarray(628, 884)).toEqual(encoders.onehot(window, 64));
    const tokens = encoders.kmerTokens(window, 4, 1, 61).tokens;
    expect(Array.from(row.subarray(884, 945))).toEqual(Array.from(tokens));
    expect(row.subarray(945)).toEqual(encoders.kmerFrequencies(lnc, 5));
  });

  it("clamps the window to a short lncRNA and pads past its end", () => {
    const short = encoders.normalize(reverseComplement(mirna) + "ACG").codes;
    const out = new Float32Array(featureLength(spec));
    pairFeatures(encoders, spec, mir, short, out);
    expect(out.subarray(628, 884)).toEqual(encoders.onehot(short, 64));
  });
});

describe("the expectation block", () => {
  const random = seededRandom(12);
  const mirna = randomRna(random, 21);
  const site = reverseComplement(mirna);
  // miRNA nt 5 faces a wrong base: a seed-region mismatch; the rest pairs
  const mismatched = site.slice(0, 16) + (site[16] === "A" ? "C" : "A") + site.slice(17);
  const lncrna = randomRna(random, 400) + mismatched + randomRna(random, 400);
  const composite: CompositeEncoding = {
    name: "composite",
    parts: [{ kind: "pair", encoding: DEFAULT_ENCODING }, { kind: "expectation" }],
  };
  const mir = encoders.normalize(mirna).codes;
  const lnc = encoders.normalize(lncrna).codes;

  it("follows the pair block with the kernel's best site, its call and mimicry; cards accept it", () => {
    const row = new Float32Array(featureLength(composite));
    pairFeatures(encoders, composite, mir, lnc, row);
    const names = featureNames(composite);
    expect(names).toHaveLength(row.length);
    const block = Object.fromEntries(
      names.flatMap((name, i) => (name.startsWith("1.expectation.") ? [[name.slice(14), row[i]!]] : [])),
    );
    expect(block).toEqual({
      "expectation.best": 1.5,
      "expectation.seed_mismatches": 1,
      "expectation.mismatches": 1,
      "expectation.wobbles": 0,
      "expectation.gaps": 0,
      "expectation.cleavage_site": 1,
      "expectation.called": 1,
      "expectation.mimicry_sites": 0,
      "expectation.mimicry_mispairs": 4,
    });
    // the pair block is what the pair encoding alone gives
    const alone = new Float32Array(featureLength(DEFAULT_ENCODING));
    pairFeatures(encoders, DEFAULT_ENCODING, mir, lnc, alone);
    expect(row.subarray(0, alone.length)).toEqual(alone);
    expect(FeatureEncodingSchema.parse(composite)).toEqual(composite);
  });
});

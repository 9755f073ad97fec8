// Kernels against their plain-TS references on ≥ 10,000 generated inputs each, both builds
// (SIMD and scalar), plus the edge cases that break encoders: empty, length 1, lowercase, mixed T/U,
// N, invalid symbols and a 100 kb sequence.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { InvalidSymbolError, kmerDims, type Encoders } from "../../functions/kernels/encoders.ts";
import { loadEncoders } from "../../scripts/lib/kernels-node.ts";
import { codesArb, randomRna, seededRandom, seedCaseArb, sequenceTextArb } from "../../scripts/lib/generators.ts";
import {
  complementarityRef,
  ctdRef,
  kmerRef,
  kmerTokensRef,
  normalizeRef,
  onehotRef,
  seedSitesRef,
} from "../../scripts/lib/reference/encoders.ts";

const RUNS = 10_000;
const config = { numRuns: RUNS, seed: 20261125 };

const random = seededRandom(7);
const bigText = randomRna(random, 100_000, "ACGTUacgtuN");
const edgeTexts = ["", "A", "u", "acgu", "ACGTTGCA", "AcGuTn", "N", "NNNN", ">", "ACGX", " A C\nG\r\nU ", bigText];

/** Byte-equal typed arrays pass fast; anything else gets vitest's full diff. */
function expectSame(actual: ArrayBufferView, expected: ArrayBufferView): void {
  const a = new Uint8Array(actual.buffer, actual.byteOffset, actual.byteLength);
  const b = new Uint8Array(expected.buffer, expected.byteOffset, expected.byteLength);
  if (actual.constructor === expected.constructor && Buffer.compare(a, b) === 0) return;
  expect(actual).toEqual(expected);
}

function normalizeOutcome(encoders: Encoders, text: string) {
  try {
    const { codes, ambiguous } = encoders.normalize(text);
    return { codes, ambiguous };
  } catch (error) {
    if (!(error instanceof InvalidSymbolError)) throw error;
    return { position: error.position, symbol: error.symbol };
  }
}

for (const build of ["simd", "scalar"] as const) {
  describe(`encoders (${build} build) match the TS reference`, () => {
    const encoders = loadEncoders(build);
    const codesOf = (text: string) => encoders.normalize(text).codes;

    it(`normalize: ${RUNS} texts`, () => {
      for (const text of edgeTexts) expect(normalizeOutcome(encoders, text)).toEqual(normalizeRef(text));
      fc.assert(
        fc.property(sequenceTextArb(), (text) => {
          expect(normalizeOutcome(encoders, text)).toEqual(normalizeRef(text));
        }),
        config,
      );
    });

    it(`onehot: ${RUNS} sequences, padded and truncated`, () => {
      for (const text of edgeTexts.slice(0, 7))
        expect(encoders.onehot(codesOf(text), 16)).toEqual(onehotRef(codesOf(text), 16));
      expect(encoders.onehot(codesOf(bigText), 100_000)).toEqual(onehotRef(codesOf(bigText), 100_000));
      fc.assert(
        fc.property(codesArb(), fc.integer({ min: 1, max: 700 }), (codes, width) => {
          expectSame(encoders.onehot(codes, width), onehotRef(codes, width));
        }),
        config,
      );
    });

    it(`k-mer counts and frequencies: ${RUNS} sequences, k up to 1..6`, () => {
      for (const text of edgeTexts.slice(0, 7))
        expect(encoders.kmerCounts(codesOf(text), 4)).toEqual(kmerRef(codesOf(text), 4, false));
      expect(encoders.kmerFrequencies(codesOf(bigText), 4)).toEqual(kmerRef(codesOf(bigText), 4, true));
      fc.assert(
        fc.property(codesArb(), fc.integer({ min: 1, max: 6 }), fc.boolean(), (codes, kmax, normalize) => {
          const kernel = normalize ? encoders.kmerFrequencies(codes, kmax) : encoders.kmerCounts(codes, kmax);
          expect(kernel).toHaveLength(kmerDims(kmax));
          expectSame(kernel, kmerRef(codes, kmax, normalize));
        }),
        config,
      );
    });

    it(`CTD: ${RUNS} sequences`, () => {
      for (const text of edgeTexts.slice(0, 7)) expect(encoders.ctd(codesOf(text))).toEqual(ctdRef(codesOf(text)));
      expect(encoders.ctd(codesOf(bigText))).toEqual(ctdRef(codesOf(bigText)));
      fc.assert(
        fc.property(codesArb(), (codes) => {
          expectSame(encoders.ctd(codes), ctdRef(codes));
        }),
        config,
      );
    });

    it(`k-mer tokens: ${RUNS} sequences, k 3..6, strides 1..4`, () => {
      expect(encoders.kmerTokens(codesOf(bigText), 4, 1, 100_000)).toEqual(
        kmerTokensRef(codesOf(bigText), 4, 1, 100_000),
      );
      for (const text of edgeTexts.slice(0, 7))
        expect(encoders.kmerTokens(codesOf(text), 3, 1, 8)).toEqual(kmerTokensRef(codesOf(text), 3, 1, 8));
      fc.assert(
        fc.property(
          codesArb(),
          fc.integer({ min: 3, max: 6 }),
          fc.integer({ min: 1, max: 4 }),
          fc.integer({ min: 1, max: 400 }),
          (codes, k, stride, max) => {
            const kernel = encoders.kmerTokens(codes, k, stride, max);
            const reference = kmerTokensRef(codes, k, stride, max);
            expect(kernel.windows).toBe(reference.windows);
            expectSame(kernel.tokens, reference.tokens);
          },
        ),
        config,
      );
    });

    it(`seed sites: ${RUNS} miRNA/target pairs with planted sites`, () => {
      const check = (mir: Uint8Array, target: Uint8Array) => {
        const scan = encoders.seedSites(mir, target, 10_000);
        const expected = seedSitesRef(mir, target);
        expect(scan.sites).toEqual(expected);
        expect(scan.total).toBe(expected.length);
        for (const type of ["8mer", "7mer-m8", "7mer-A1", "6mer"] as const) {
          expect(scan.counts[type]).toBe(expected.filter((s) => s.type === type && s.wobble === 0).length);
          expect(scan.wobbleCounts[type]).toBe(expected.filter((s) => s.type === type && s.wobble > 0).length);
        }
        return expected.length;
      };
      const mir = codesOf("UGAGGUAGUAGGUUGUAUAGUU");
      check(mir, codesOf(bigText));
      check(mir, new Uint8Array(0));
      check(mir, codesOf("A"));
      let planted = 0;
      fc.assert(
        fc.property(seedCaseArb, ({ mir, target }) => {
          planted += check(mir, target);
        }),
        config,
      );
      expect(planted).toBeGreaterThan(RUNS); // the generator really exercises the site logic
    });

    it(`complementarity: ${RUNS} miRNA/target pairs with planted sites, ends and N`, () => {
      const mir = codesOf("UGAGGUAGUAGGUUGUAUAGUU");
      const perfect = codesOf("AACUAUACAACCUACUACCUCA"); // its reverse complement
      expect(encoders.complementarity(mir, perfect)).toBe(7 * 8 + 2 * 14); // UGAGGUAGUAGGUUGUAUAGUU: 8 G, 14 A/U
      for (const target of [
        new Uint8Array(0),
        codesOf("A"),
        codesOf("NNNN"),
        codesOf(bigText),
        codesOf("GGG" + "AACUAUACAACCUACUACCUCA"),
        codesOf("AACUAUACAACCUACUACCUCA" + "GGG"),
      ]) {
        expect(encoders.complementarity(mir, target)).toBe(complementarityRef(mir, target));
      }
      let planted = 0;
      fc.assert(
        fc.property(seedCaseArb, ({ mir, target }) => {
          const score = encoders.complementarity(mir, target);
          expect(score).toBe(complementarityRef(mir, target));
          if (score >= 40) planted++;
        }),
        config,
      );
      expect(planted).toBeGreaterThan(RUNS / 10); // planted sites give long complementary runs
    });
  });
}

// The known parts of a feature row: 1 for a lncRNA (or a miRNA) whose sequence key is in the part's
// list, 0 otherwise, the same in a pair's row and in a screen's rows. Generated sequences only.
import { describe, expect, it } from "vitest";
import { isKnown, lncrnaKnownTo, mirnaHeadOf, sequenceKey } from "../../functions/features/known-lncrnas.ts";
import {
  featureLength,
  pairFeatures,
  separableRows,
  type CompositeEncoding,
} from "../../functions/features/pair-features.ts";
import { randomRna, seededRandom } from "../../scripts/lib/generators.ts";
import { loadEncoders } from "../../scripts/lib/kernels-node.ts";

const encoders = loadEncoders();
const random = seededRandom(5);
const codes = (rna: string) => encoders.normalize(rna).codes;
const lncrnas = Array.from({ length: 6 }, () => codes(randomRna(random, 300 + Math.floor(random() * 900))));
const mirnas = Array.from({ length: 4 }, () => codes(randomRna(random, 22)));

describe("known lncRNAs", () => {
  it("keys a sequence by its content: equal sequences agree, one base or one more base differ", () => {
    const [first] = lncrnas;
    expect(sequenceKey(first!)).toMatch(/^[0-9a-f]{16}$/);
    expect(sequenceKey(Uint8Array.from(first!))).toBe(sequenceKey(first!));
    const changed = Uint8Array.from(first!);
    changed[100] = (changed[100]! + 1) % 4;
    expect(sequenceKey(changed)).not.toBe(sequenceKey(first!));
    expect(sequenceKey(first!.subarray(0, first!.length - 1))).not.toBe(sequenceKey(first!));
    expect(new Set(lncrnas.map(sequenceKey)).size).toBe(lncrnas.length);
  });

  it("writes 1 for a listed lncRNA and 0 for another, in a pair's row and in a screen's rows", () => {
    const keys = lncrnas.slice(0, 3).map(sequenceKey);
    const spec: CompositeEncoding = {
      name: "composite",
      parts: [
        { kind: "kmer", rna: "lncrna", kmax: 2 },
        { kind: "kmer", rna: "mirna", kmax: 1 },
        { kind: "known", rna: "lncrna", keys },
      ],
    };
    const width = featureLength(spec);
    expect(width).toBe(20 + 4 + 1);
    lncrnas.forEach((lncrna, l) => {
      const expected = l < 3 ? 1 : 0;
      expect(isKnown(keys, lncrna)).toBe(l < 3);
      expect(lncrnaKnownTo({ novel: {}, gate: { encoding: spec } }, lncrna)).toBe(l < 3);
      const row = new Float32Array(width);
      pairFeatures(encoders, spec, mirnas[0]!, lncrna, row, 0);
      expect(row[width - 1]).toBe(expected);
      const write = separableRows(encoders, spec, lncrna, mirnas);
      mirnas.forEach((_, r) => {
        const screened = new Float32Array(width);
        write(r, screened);
        const single = new Float32Array(width);
        pairFeatures(encoders, spec, mirnas[r]!, lncrna, single, 0);
        expect(Array.from(screened)).toEqual(Array.from(single));
      });
    });
    expect(lncrnaKnownTo({ gate: { encoding: spec } }, lncrnas[0]!)).toBeUndefined();
  });

  it("writes each miRNA list's column and names the head of the list holding the miRNA", () => {
    const spec: CompositeEncoding = {
      name: "composite",
      parts: [
        { kind: "kmer", rna: "lncrna", kmax: 1 },
        { kind: "known", rna: "mirna", head: "human", keys: [sequenceKey(mirnas[0]!)] },
        { kind: "known", rna: "mirna", head: "plant", keys: [sequenceKey(mirnas[1]!), sequenceKey(mirnas[2]!)] },
        { kind: "known", rna: "lncrna", keys: [sequenceKey(lncrnas[0]!)] },
      ],
    };
    const width = featureLength(spec);
    const columns = (row: Float32Array) => Array.from(row.subarray(4));
    const expected = [
      [1, 0, 1],
      [0, 1, 1],
      [0, 1, 1],
      [0, 0, 1],
    ];
    const write = separableRows(encoders, spec, lncrnas[0]!, mirnas);
    mirnas.forEach((mirna, r) => {
      const row = new Float32Array(width);
      pairFeatures(encoders, spec, mirna, lncrnas[0]!, row, 0);
      expect(columns(row)).toEqual(expected[r]);
      const screened = new Float32Array(width);
      write(r, screened);
      expect(columns(screened)).toEqual(expected[r]);
      expect(mirnaHeadOf({ gate: { encoding: spec } }, mirna)).toBe(["human", "plant", "plant", undefined][r]);
    });
    // the lncRNA's key names no head: the lists are the miRNA parts only
    expect(mirnaHeadOf({ gate: { encoding: spec } }, lncrnas[0]!)).toBeUndefined();
  });
});

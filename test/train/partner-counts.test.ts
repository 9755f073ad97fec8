import { describe, expect, it } from "vitest";
import { countPartners } from "../../scripts/train/partner-counts.ts";
import { loadEncoders } from "../../scripts/lib/kernels-node.ts";
import type { LabelledPair } from "../../scripts/data/pairs.ts";

const pair = (mirna: string, label: 0 | 1, split: string): LabelledPair =>
  ({ mirna, lncrna: "ACGUACGUACGUACGUACGUACGU", mirnaId: mirna, lncrnaId: "l", label, split }) as LabelledPair;

describe("countPartners", () => {
  it("counts positive non-test rows per seed family (nt 2–8), and partners per distinct miRNA", () => {
    const counts = countPartners(loadEncoders(), [
      pair("UGAGGUAGUAGGUUGUAUAGUU", 1, "train"),
      pair("UGAGGUAGUAGGUUGUGUGGUU", 1, "train"), // the same family, another miRNA
      pair("UGAGGUAGUAGGUUGUAUAGUU", 1, "train"),
      pair("TAGCAGCACGTAAATATTGGCG", 1, "validation"), // DNA letters: the U alphabet's family
      pair("UAGCAGCACGUAAAUAUUGGCG", 0, "train"), // a negative counts nothing
      pair("UCCCCCCCAAAAAAAAAAAAAA", 1, "test"), // nor a test row
    ]);
    expect(counts.families).toEqual({ AGCAGCA: 1, GAGGUAG: 3 });
    expect(Object.keys(counts.families)).toEqual(["AGCAGCA", "GAGGUAG"]);
    expect(counts.meanPartners).toBeCloseTo(4 / 3, 4);
  });

  it("refuses rows with no positive to count", () => {
    expect(() => countPartners(loadEncoders(), [pair("UGAGGUAGUAGGUUGUAUAGUU", 1, "test")])).toThrow(/no positive/);
  });
});

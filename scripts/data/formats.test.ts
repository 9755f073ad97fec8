import { describe, expect, it } from "vitest";
import {
  detectFormat,
  formatCanonicalTsv,
  parseCanonicalTsv,
  parseSeparatedPairs,
  parseSplicedPairs,
} from "./formats.ts";
import { dedupPairs, finishLoad, joinSequences, type PairRow } from "./pairs.ts";

const context = { species: "xx", split: "test" } as const;

describe("pair file formats", () => {
  it("detects each format from its first line and names an unknown one", () => {
    expect(detectFormat(">m,l,ACGU,1\r\n", "f")).toBe("pmlipred-spliced");
    expect(detectFormat("\n>m,l,ACGU,ACGU,0\n", "f")).toBe("pmlipred-commas");
    expect(detectFormat(">m,l,A,C,..,..,1", "f")).toBe("pmlipemg-testseth");
    expect(detectFormat("mirna_id\tlncrna_id\tlabel\tmirna\tlncrna\n", "f")).toBe("canonical-tsv");
    expect(() => detectFormat("", "f")).toThrow(/f: the file is empty/);
    expect(() => detectFormat(">a,b,c,d,e,f\n", "f")).toThrow(/6 comma-separated fields/);
    expect(() => detectFormat("hello world\n", "f")).toThrow(/unknown format.*supported/s);
  });

  it("keeps only the first header token (the rest can leak the label) and reads CRLF, T/U and 0.0/1.0", () => {
    const text =
      ">aly-miR1 MIMAT0000001 Arabidopsis lyrata miR1,CNT1,ugacgu,ACGTTT,0\r\n>aly-miR2,CNT2,UGACGU,acguuu,1.0\r\n";
    const pairs = parseSeparatedPairs(text, "f", context, "pmlipred-commas");
    expect(pairs.map((p) => [p.mirnaId, p.lncrnaId, p.mirna, p.lncrna, p.label])).toEqual([
      ["aly-miR1", "CNT1", "UGACGU", "ACGUUU", 0],
      ["aly-miR2", "CNT2", "UGACGU", "ACGUUU", 1],
    ]);
  });

  it("names the line of a bad field count, label or empty sequence", () => {
    expect(() => parseSeparatedPairs(">a,b,AC,GU,1\n>a,b,AC,1\n", "f", context, "pmlipred-commas")).toThrow(
      /f line 2: expected 5 fields/,
    );
    expect(() => parseSeparatedPairs(">a,b,AC,GU,2\n", "f", context, "pmlipred-commas")).toThrow(
      /f line 1: label "2" is not 0 or 1/,
    );
    expect(() => parseSeparatedPairs(">a,b,,GU,1\n", "f", context, "pmlipred-commas")).toThrow(
      /f line 1, miRNA: empty sequence/,
    );
  });

  it("splits spliced sequences with the known miRNA and keeps the rows it cannot split apart", () => {
    const mirnas = new Map([["m1", "UGAC"]]);
    const { pairs, unsplit } = parseSplicedPairs(
      ">m1 desc,>l1,TGACGGGG,1\n>m2,l2,AAAAGGGG,0\n>m1,l3,AAAAGGGG,0\n",
      "f",
      context,
      mirnas,
    );
    expect(pairs).toEqual([
      {
        mirnaId: "m1",
        lncrnaId: "l1",
        mirna: "UGAC",
        lncrna: "GGGG",
        label: 1,
        species: "xx",
        source: "f",
        split: "test",
      },
    ]);
    expect(unsplit.map((r) => r.lncrnaId)).toEqual(["l2", "l3"]);
    // several spellings of one miRNA: the longest that prefixes the sequence is used
    const candidates = new Map([["m1", ["UGAA", "UGACG", "UGA"]]]);
    expect(parseSplicedPairs(">m1,l1,UGACGGGG,1\n", "f", context, candidates).pairs[0]).toMatchObject({
      mirna: "UGACG",
      lncrna: "GGG",
    });
  });

  it("reads the canonical TSV it writes, and names missing columns and bad splits", () => {
    const pairs = parseSeparatedPairs(">a,b,ACGU,GGGGCCCC,1\n>c,d,ACGU,UUUU,0\n", "f", context, "pmlipred-commas");
    expect(parseCanonicalTsv(formatCanonicalTsv(pairs), "f")).toEqual(pairs);
    expect(() => parseCanonicalTsv("mirna_id\tlncrna_id\tlabel\n", "f")).toThrow(/lacks column\(s\) mirna, lncrna/);
    expect(() =>
      parseCanonicalTsv("mirna_id\tlncrna_id\tlabel\tmirna\tlncrna\tsplit\na\tb\t1\tAC\tGU\tdev\n", "f"),
    ).toThrow(/line 2: split "dev"/);
  });
});

describe("deduplication and the sequence store", () => {
  const row = (mirnaId: string, lncrnaId: string, label: 0 | 1, split: PairRow["split"] = "all"): PairRow => ({
    mirnaId,
    lncrnaId,
    label,
    species: "xx",
    source: "f",
    split,
  });

  it("drops pairs labelled both ways, keeps repeats once and a pair in two splits in the later one", () => {
    const { pairs, report } = dedupPairs([
      row("a", "x", 1, "train"),
      row("a", "x", 1, "test"),
      row("b", "x", 0),
      row("b", "x", 1),
      row("c", "y", 0),
      row("c", "y", 0),
    ]);
    expect(report).toEqual({ rows: 6, duplicates: 2, conflicting: 1, crossSplit: 1, kept: 2 });
    expect(pairs.map((p) => [p.mirnaId, p.split])).toEqual([
      ["a", "test"],
      ["c", "all"],
    ]);
  });

  it("stores a second, different sequence of an id under id#2 so each row keeps its own", () => {
    const loaded = finishLoad([
      { ...row("m", "l", 1), mirna: "ACGU", lncrna: "GGGG" },
      { ...row("n", "l", 0), mirna: "ACGU", lncrna: "CCCC" },
      { ...row("o", "l", 1), mirna: "ACGU", lncrna: "gggg" },
    ]);
    expect(loaded.pairs.map((p) => p.lncrnaId)).toEqual(["l", "l#2", "l"]);
    expect(loaded.report.sequenceConflicts).toBe(1);
    const { pairs, missing } = joinSequences([...loaded.pairs, row("z", "l", 1)], loaded.sequences);
    expect(pairs.map((p) => p.lncrna)).toEqual(["GGGG", "CCCC", "GGGG"]);
    expect(missing).toBe(1);
  });
});

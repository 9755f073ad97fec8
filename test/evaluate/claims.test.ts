// The claim writer on small hand-made tables: a win only when strictly higher at the reported
// precision, a tie named a tie, contaminated rows and repeated test sets counted nowhere.
import { describe, expect, it } from "vitest";
import {
  CLAIMS_BEGIN,
  CLAIMS_END,
  coldStartTable,
  outcome,
  replaceClaims,
  verdicts,
  writeClaims,
  type ClaimRow,
  type ClaimTable,
} from "../../scripts/evaluate/claims.ts";

const table = (id: string, rows: ClaimRow[], testKey = id): ClaimTable => ({
  id,
  benchmark: `bench ${id}`,
  variant: "official",
  testKey,
  rows,
});
const model = (rocAuc: number, contaminated?: string): ClaimRow => ({
  scorer: "m",
  kind: "model",
  rocAuc,
  contaminated,
});
const base = (scorer: string, rocAuc: number): ClaimRow => ({ scorer, kind: "baseline", rocAuc });

const tables = [
  table("win", [model(0.9871), base("duplex-mfe", 0.9824), base("gc", 0.999)]),
  table("tie", [model(0.9874), base("rnahybrid-mfe", 0.9866), base("seed-sites", 0.5)]),
  table("loss", [model(0.6115), base("seed-sites", 0.652), base("duplex-mfe", 0.55)]),
  table("dirty", [model(0.99, "trained on 138 of 138 test lncRNAs"), base("duplex-mfe", 0.7)]),
  table("again", [model(0.9871), base("duplex-mfe", 0.9824)], "win"),
];

describe("claims", () => {
  it("wins only when strictly higher at three decimals; equal there is a tie", () => {
    expect(outcome(0.9871, 0.9824)).toBe("win");
    expect(outcome(0.9874, 0.9866)).toBe("tie");
    expect(outcome(0.98651, 0.9874)).toBe("tie");
    expect(outcome(0.9864, 0.9866)).toBe("loss");
    expect(outcome(0.601, 0.652)).toBe("loss");
  });

  it("compares the default model with the best classical baseline, never a shortcut baseline", () => {
    const v = verdicts(tables, "m");
    expect(v.map((x) => x.outcome)).toEqual(["win", "tie", "loss", undefined, undefined]);
    expect(v[0]!.baseline!.scorer).toBe("duplex-mfe");
    expect(v[2]!.baseline!.scorer).toBe("seed-sites");
  });

  it("leaves out contaminated rows and repeated test sets, and says why", () => {
    const text = writeClaims({ tables, model: "m", served: ["m"], foldModels: [] });
    expect(text).toMatch(/\*\*1 wins, 1 ties, 1 losses\*\* over 3 distinct clean test sets; 1 left out/);
    expect(text).toMatch(/bench dirty — official: no claim — m trained on 138 of 138 test lncRNAs/);
    expect(text).toMatch(/bench again — official: no claim — the same test pairs as win/);
    expect(text).toMatch(/bench tie — official: tie — `m` 0\.987 vs `rnahybrid-mfe` 0\.987/);
    // mean over the clean sets only: (0.9871 + 0.9874 + 0.6115) / 3, beside the best classical there
    expect(text).toMatch(/\| `m` \| 3 \| 0\.862 \| 0\.874 \| 1 \|/);
  });

  it("tallies the species-named row apart and lists only the outcomes it changes", () => {
    const named = (rocAuc: number, contaminated?: string): ClaimRow => ({
      scorer: "m-species",
      kind: "model",
      rocAuc,
      contaminated,
    });
    const withNamed = tables.map((t, i) => ({
      ...t,
      rows: [...t.rows, named([0.9871, 0.9874, 0.66, 0.99, 0.9871][i]!, i === 3 ? "trained on it" : undefined)],
    }));
    const text = writeClaims({
      tables: withNamed,
      model: "m",
      served: ["m"],
      foldModels: [],
      speciesNamed: "m-species",
    });
    expect(text).toMatch(/\*\*1 wins, 1 ties, 1 losses\*\* over 3 distinct clean test sets; 1 left out/);
    expect(text).toMatch(
      /species named in the request .*\*\*2 wins, 1 ties, 0 losses\*\* over 3 distinct clean test sets\. Changed outcomes:/,
    );
    expect(text).toMatch(/bench loss — official: \*\*win\*\* — `m-species` 0\.660 vs `seed-sites` 0\.652/);
    expect(text).not.toMatch(/bench win — official: \*\*win\*\* — `m-species`/);
    // without a species-named row in the run, no such sentence
    expect(writeClaims({ tables, model: "m", served: ["m"], foldModels: [], speciesNamed: "m-species" })).not.toMatch(
      /species named/,
    );
  });

  it("fills a cold-start cell from a clean fold model when the served row is contaminated", () => {
    const cold = (id: string, rows: ClaimRow[]) => table(id, rows);
    const lines = coldStartTable(
      [
        cold("ncrnainter-human-official", [model(0.945), base("kmer-lr", 0.9)]),
        cold("ncrnainter-human-cold", [
          model(0.98, "trained on 138 of 138 test lncRNAs"),
          { scorer: "m-cold", kind: "model", rocAuc: 0.607 },
          base("seed-sites", 0.652),
        ]),
        cold("ncrnainter-human-cold-mirna", [model(0.97, "trained on 20 of 20 test miRNAs"), base("gc", 0.6)]),
      ],
      ["m"],
      [{ name: "m-cold", servedAs: "m" }],
    );
    expect(lines[2]).toBe(
      "| `m` | 0.945 | 0.607 (fold model `m-cold`) | — (trained on 20 of 20 test miRNAs; no fold model) | — (not run) |",
    );
    expect(lines[3]).toBe(
      "| *best baseline, same fold* | 0.900 (`kmer-lr`) | 0.652 (`seed-sites`) | 0.600 (`gc`) | — |",
    );
  });

  it("gives the per-lncRNA table from the rows' within-lncRNA ROC-AUC, fold models standing in as for the pooled one", () => {
    const lines = coldStartTable(
      [
        table("ncrnainter-human-cold", [
          { ...model(0.98, "trained on 138 of 138 test lncRNAs"), withinAuc: 0.97 },
          { scorer: "m-cold", kind: "model", rocAuc: 0.674, withinAuc: 0.716 },
          { ...base("seed-sites", 0.652), withinAuc: 0.676 },
          { ...base("gc", 0.618), withinAuc: 0.5 },
        ]),
      ],
      ["m"],
      [{ name: "m-cold", servedAs: "m" }],
      "withinAuc",
    );
    expect(lines[2]).toBe("| `m` | — (not run) | 0.716 (fold model `m-cold`) | — (not run) | — (not run) |");
    expect(lines[3]).toBe("| *best baseline, same fold* | — | 0.676 (`seed-sites`) | — | — |");
  });

  it("replaces only the text between the markers", () => {
    const doc = `a\n${CLAIMS_BEGIN}\nold\n${CLAIMS_END}\nb`;
    expect(replaceClaims(doc, "new")).toBe(`a\n${CLAIMS_BEGIN}\nnew\n${CLAIMS_END}\nb`);
    expect(() => replaceClaims("no markers", "new")).toThrow(/claims:begin/);
  });
});

// The benchmark runner and baselines on generated pairs (no data dir): thresholds come from validation
// rows only, shortcuts are caught where they exist, sequence scorers say when they do not apply.
import { describe, expect, it } from "vitest";
import { FeatureCache, scorers, type Scorer, type ScoringRow } from "../../scripts/evaluate/baselines.ts";
import type { Variant } from "../../scripts/evaluate/benchmarks.ts";
import { runVariant } from "../../scripts/evaluate/runner.ts";
import { loadEncoders } from "../../scripts/lib/kernels-node.ts";
import { randomRna, reverseComplement, seededRandom } from "../../scripts/lib/generators.ts";

const encoders = loadEncoders();
const random = seededRandom(23);

/** Positives carry two 8mer sites of their miRNA; negatives none (an unplanted random lncRNA). */
function pairs(count: number, prefix: string, lncrnaPool?: string[]): ScoringRow[] {
  return Array.from({ length: count }, (_, i) => {
    const label = (i % 2) as 0 | 1;
    const mirna = randomRna(random, 22);
    let lncrna = randomRna(random, 300 + Math.floor(random() * 300));
    if (label === 1) {
      const site = reverseComplement(mirna.slice(1, 8)) + "A";
      lncrna = site + lncrna.slice(100) + site;
    }
    const lncrnaId = lncrnaPool ? lncrnaPool[i % lncrnaPool.length]! + (label ? "+" : "-") : `${prefix}-l${i}`;
    return {
      mirnaId: `${prefix}-m${i}`,
      lncrnaId,
      mirna,
      lncrna,
      label,
      species: "gen",
      source: "generated",
      split: "test",
    };
  });
}

const variant = (train: ScoringRow[], validation: ScoringRow[], test: ScoringRow[]): Variant => ({
  id: "gen",
  benchmark: "generated",
  variant: "v",
  split: "s",
  folds: [{ train, validation, test, trainKey: "k" }],
  notes: [],
  anchors: [],
  heldOut: [],
});

const all = scorers({ features: new FeatureCache(encoders), models: [], encoders, rnahybrid: false });
const byName = (name: string) => all.find((s) => s.name === name)!;

describe("benchmark runner", () => {
  it("chooses the threshold on validation rows, never on test rows", async () => {
    const row = (length: number, label: 0 | 1, i: number): ScoringRow => ({
      mirnaId: `m${i}`,
      lncrnaId: `l${i}`,
      mirna: "ACGUACGUACGUACGUACGUAC",
      lncrna: "A".repeat(length),
      label,
      species: "x",
      source: "s",
      split: "test",
    });
    const make = (positiveFrom: number) =>
      Array.from({ length: 100 }, (_, i) => (i % 2 ? row(positiveFrom + (i >> 1), 1, i) : row(1 + (i >> 1), 0, i)));
    const train = make(101); // positives 101–150 nt, negatives 1–50 nt
    const validation = make(101);
    const test = make(60); // positives 60–109 nt: most fall under a threshold chosen on validation
    const { results } = await runVariant(variant(train, validation, test), [byName("lncrna-length")], new Map(), {
      resamples: 50,
    });
    const [length] = results;
    // validation separates at the first positive length (101); on test that threshold misses the short positives
    expect(length!.thresholds).toEqual([101]);
    expect(length!.metrics!.recall.value).toBeCloseTo(9 / 50, 12);
    expect(length!.metrics!.rocAuc.value).toBe(1);
  });

  it("ranks within each lncRNA when asked: a lncRNA-level score pools well but ranks no partner", async () => {
    // 10 lncRNAs of 10 rows: lncRNA k has k positives, and the score is its length, k × 10 nt for all its rows
    const rows = Array.from({ length: 100 }, (_, i): ScoringRow => {
      const k = Math.floor(i / 10);
      return {
        mirnaId: `m${i}`,
        lncrnaId: `l${k}`,
        mirna: "ACGUACGUACGUACGUACGUAC",
        lncrna: "A".repeat(10 * (k + 1)),
        label: (i % 10 < k ? 1 : 0) as 0 | 1,
        species: "x",
        source: "s",
        split: "test",
      };
    });
    const { results } = await runVariant(variant(rows, rows, rows), [byName("lncrna-length")], new Map(), {
      resamples: 50,
      within: (r) => r.lncrnaId,
    });
    const [length] = results;
    expect(length!.metrics!.rocAuc.value).toBeGreaterThan(0.8);
    // lncRNAs 1–9 hold both classes; lncRNA 0 holds none of its partners
    expect(length!.within).toMatchObject({ value: 0.5, groups: 9 });
  });

  it("finds planted seed sites with the seed-site count and the k-mer logistic regression", async () => {
    const { results } = await runVariant(
      variant(pairs(300, "tr"), pairs(100, "va"), pairs(200, "te")),
      [byName("seed-sites"), byName("kmer-lr")],
      new Map(),
      { resamples: 50 },
    );
    expect(results.find((r) => r.scorer === "seed-sites")!.metrics!.rocAuc.value).toBeGreaterThan(0.95);
    expect(results.find((r) => r.scorer === "kmer-lr")!.metrics!.rocAuc.value).toBeGreaterThan(0.5);
  });

  it("the lncRNA-identity prior is perfect when test lncRNAs are class-pure and seen, and 0.5 when unseen", async () => {
    const pool = Array.from({ length: 40 }, (_, i) => `L${i}`);
    const warm = await runVariant(
      variant(pairs(200, "a", pool), pairs(80, "b", pool), pairs(80, "c", pool)),
      [byName("lncrna-identity")],
      new Map(),
      { resamples: 50 },
    );
    expect(warm.results[0]!.metrics!.rocAuc.value).toBe(1);
    const cold = await runVariant(
      variant(pairs(200, "a", pool), pairs(80, "b", pool), pairs(80, "c")),
      [byName("lncrna-identity")],
      new Map(),
      { resamples: 50 },
    );
    expect(cold.results[0]!.metrics!.rocAuc.value).toBe(0.5);
  });

  it("draws the variant's resampling units, not pairs, for the intervals", async () => {
    const rows = () => variant(pairs(200, "tr"), pairs(100, "va"), pairs(200, "te"));
    const [pairWise] = (await runVariant(rows(), [byName("lncrna-length")], new Map(), { resamples: 50 })).results;
    expect(pairWise!.metrics!.rocAuc.hi).toBeGreaterThan(pairWise!.metrics!.rocAuc.lo);
    // one unit holding every test pair: each resample is the test set itself
    const oneUnit = { ...rows(), resampleBy: { units: "blocks", key: () => "all" } };
    const [drawn] = (await runVariant(oneUnit, [byName("lncrna-length")], new Map(), { resamples: 50 })).results;
    const { value, lo, hi } = drawn!.metrics!.rocAuc;
    expect([lo, hi]).toEqual([value, value]);
  });

  it("marks sequence scorers n/a on rows without sequences and still runs the id scorers", async () => {
    const strip = (rows: ScoringRow[]) => rows.map(({ mirna, lncrna, ...rest }) => rest);
    const { results } = await runVariant(
      variant(strip(pairs(60, "a")), strip(pairs(20, "b")), strip(pairs(20, "c"))),
      all,
      new Map(),
      { resamples: 20 },
    );
    expect(results.find((r) => r.scorer === "kmer-lr")!.notApplicable).toMatch(/needs sequences/);
    expect(results.find((r) => r.scorer === "node-degree")!.metrics).toBeDefined();
  });

  it("reuses a fitted scorer for the same training key", async () => {
    let fits = 0;
    const counting: Scorer = {
      ...byName("node-degree"),
      fit: async (train) => (fits++, byName("node-degree").fit(train)),
    };
    const cache = new Map();
    const v = variant(pairs(40, "a"), pairs(20, "b"), pairs(20, "c"));
    await runVariant(v, [counting], cache, { resamples: 10 });
    await runVariant(v, [counting], cache, { resamples: 10 });
    expect(fits).toBe(1);
  });

  it("tells a scorer which fold it fits and gives each fold's own ROC-AUC beside the pooled one", async () => {
    // a per-fold scorer: right on fold "k1", inverted on fold "k2"
    const perFold: Scorer = {
      ...byName("seed-sites"),
      name: "per-fold",
      fit: async (train, trainKey) => {
        const fitted = await byName("seed-sites").fit(train);
        const sign = trainKey === "k2" ? -1 : 1;
        return { score: async (rows) => (await fitted.score(rows)).map((s) => sign * s) };
      },
    };
    const two: Variant = {
      ...variant(pairs(40, "a"), pairs(20, "b"), pairs(40, "c")),
      folds: [
        { train: pairs(40, "a"), validation: pairs(20, "b"), test: pairs(40, "c"), trainKey: "k1" },
        { train: pairs(40, "d"), validation: pairs(20, "e"), test: pairs(40, "f"), trainKey: "k2" },
      ],
    };
    const [result] = (await runVariant(two, [perFold], new Map(), { resamples: 10 })).results;
    const [first, second] = result!.foldRocAuc!;
    expect(first).toBeGreaterThan(0.9);
    expect(second).toBeLessThan(0.1);
    expect(result!.metrics!.rocAuc.value).toBeGreaterThan(second!);
    expect(result!.metrics!.rocAuc.value).toBeLessThan(first!);
  });
});

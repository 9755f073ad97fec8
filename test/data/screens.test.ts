// The screen benchmark (npm run evaluate:screens) on a small sample of the real data: held-out
// lncRNAs only, every partner ranked within its screen, the report lists every score.
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_MODEL } from "../../functions/models/default.ts";
import {
  BENCHMARK_MIRNAS,
  runCase,
  screenCases,
  screenScorers,
  trainingRnas,
  type CaseResult,
  type ScreenOptions,
  type ScreenScorer,
} from "../../scripts/evaluate/screen-benchmark.ts";
import { screensReport } from "../../scripts/evaluate/screen-report.ts";
import { loadEncoders } from "../../scripts/lib/kernels-node.ts";
import { defaultDataDir, hasDataDir } from "../../scripts/lib/paths.ts";

const dataDir = defaultDataDir();
// a small null (two lengths, a few backgrounds each): the fit, the held-out residuals and the p-values
// run as in the report, on a fraction of its screens, which are most of the benchmark's work
const options: ScreenOptions = {
  lncrnas: 1,
  maxLength: 1500,
  seed: 5,
  null: { lengths: [200, 500], fitPerLength: 3, heldOutPerLength: 2, quantiles: 20, seed: 1 },
};

describe.skipIf(!hasDataDir(dataDir))("screen benchmark on a small sample (needs the data dir)", () => {
  const results: CaseResult[] = [];
  let scorers: ScreenScorer[];

  beforeAll(async () => {
    const encoders = loadEncoders();
    const built = await screenScorers(encoders, dataDir);
    scorers = built.scorers;
    const training = trainingRnas(
      encoders,
      built.registry.card(DEFAULT_MODEL)!,
      (n) => built.registry.card(n),
      dataDir,
    );
    const cases = screenCases(encoders, dataDir);
    for (const name of ["human (lncRNASNP2 / LMI-INGI)", "pmlipred-test-sly"]) {
      const screenCase = cases.find((c) => c.name === name)!;
      results.push(await runCase(encoders, screenCase, scorers, training, dataDir, options));
    }
  }, 300_000);

  it("screens only lncRNAs unlike every training lncRNA, and accounts for the others", () => {
    for (const { exclusions: e, screened } of results) {
      expect(e.identical + e.similar + e.tooLong + e.eligible).toBe(e.withPartners);
      expect(screened).toHaveLength(Math.min(options.lncrnas, e.eligible));
      expect(screened.every((q) => q.length <= options.maxLength)).toBe(true);
    }
    // every ncRNAInter lncRNA is in the default model's training: some human lncRNAs must be excluded
    expect(results[0]!.exclusions.identical + results[0]!.exclusions.similar).toBeGreaterThan(0);
  });

  it("ranks every partner of every screen within its candidates, for every score", () => {
    for (const result of results) {
      for (const query of result.screened) {
        for (const scorer of scorers.filter((s) => result.summary[s.name])) {
          for (const view of result.views) {
            const ranks = query.ranks[scorer.name]![view.label]!;
            expect(ranks).toHaveLength(query.partners.length);
            for (const r of ranks) {
              expect(r.candidates).toBeGreaterThanOrEqual(view.distinct);
              expect(r.candidates).toBeLessThanOrEqual(view.distinct + 1);
              expect(r.rank).toBeGreaterThanOrEqual(1);
              expect(r.rank).toBeLessThanOrEqual(r.candidates);
              // a p-value under the scorer's null, where it has one
              if (scorer.nullScale) {
                expect(r.pValue).toBeGreaterThanOrEqual(0);
                expect(r.pValue).toBeLessThanOrEqual(1);
              } else expect(r.pValue).toBeUndefined();
            }
          }
        }
      }
    }
  });

  it("ranks among the curated set first, then the other source, then the benchmark's miRNAs", () => {
    expect(results[0]!.views.map((v) => v.label)).toEqual(["hsa (curated)", "hsa (later-release)", BENCHMARK_MIRNAS]);
    expect(results[1]!.views.map((v) => v.label)).toEqual(["sly (curated)", "sly (pmrd)", BENCHMARK_MIRNAS]);
    for (const result of results) {
      const partners = result.screened.reduce((n, q) => n + q.partners.length, 0);
      for (const scorer of scorers.filter((s) => result.summary[s.name]))
        for (const view of result.views) expect(result.summary[scorer.name]![view.label]!.partners).toBe(partners);
    }
  });

  it("shows the model without its prior, and the prior alone, only where the species has one", () => {
    const withPrior = [`${DEFAULT_MODEL}, no prior`, "seed-family prior"];
    for (const name of [DEFAULT_MODEL, ...withPrior]) expect(results[0]!.summary[name]).toBeDefined();
    for (const name of withPrior) expect(results[1]!.summary[name]).toBeUndefined();
    expect(results[1]!.summary[DEFAULT_MODEL]).toBeDefined();
  });

  it("reads isoforms' seed sites only for the species whose lncRNAs the reference holds", () => {
    expect(results[0]!.summary["isoform-seed-sites"]).toBeDefined();
    expect(results[1]!.summary["isoform-seed-sites"]).toBeUndefined();
  });

  it("writes a report row for every case and score", () => {
    const report = screensReport(results, scorers, options, {
      model: DEFAULT_MODEL,
      date: "d",
      commit: "c",
      seconds: 1,
    });
    for (const result of results) {
      for (const s of scorers) expect(report).toContain(`| ${s.name} |`);
      expect(report).toContain(`| ${result.name} |`);
    }
    // the goal's lines: the human case on its own, the plant cases pooled
    const goal = report.slice(report.indexOf("## Against the goal"), report.indexOf("## Which lncRNAs"));
    expect(goal).toContain(`**${results[0]!.name}**`);
    expect(goal).toContain("**plants, every case pooled**");
    expect(goal).toMatch(/goal ≤ 5 %: (met|not met)/);
  });
});

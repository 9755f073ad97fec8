// The work budget, through the app in Node with the serving runtime: each over-budget request shape
// is refused with work-too-large before any scoring (well under a second of CPU), and the plan of a
// screen keeps the shortlist inside the budget.
import { beforeAll, describe, expect, it } from "vitest";
import { checkPredictWork, longestFullShortlistLncrna, planScreen } from "../../functions/api/budget.ts";
import { LIMITS, SCREEN_SHORTLIST } from "../../functions/api/limits.ts";
import { FIRST_PASS_SIGNALS } from "../../functions/inference/shortlist.ts";
import { nodeApp, timedJsonPost, type NodeApp } from "../../scripts/lib/node-app.ts";
import { randomRna, seededRandom } from "../../scripts/lib/generators.ts";

const random = seededRandom(31);
const fasta = (sequences: string[], prefix: string) => sequences.map((s, i) => `>${prefix}${i}\n${s}\n`).join("");
const distinctMirnas = (count: number) => Array.from({ length: count }, () => randomRna(random, 22));
let app: NodeApp;

beforeAll(() => {
  app = nodeApp();
});

/** The answer and the CPU seconds this process spent on it. */
async function post(
  path: string,
  body: unknown,
): Promise<{ status: number; problem: Record<string, any>; cpu: number }> {
  const { response, text, cpu } = await timedJsonPost(app, path, body);
  return { status: response.status, problem: JSON.parse(text), cpu };
}

const SHAPES: Array<[string, () => [string, unknown]]> = [
  [
    "predict: 101 miRNAs × one 100,000-nt lncRNA",
    () => [
      "/v1/predict",
      { mirnaFasta: fasta(distinctMirnas(101), "m"), lncrnaFasta: fasta([randomRna(random, 100_000)], "l") },
    ],
  ],
  [
    "predict: 1,000 miRNAs × one 10,001-nt lncRNA",
    () => [
      "/v1/predict",
      { mirnaFasta: fasta(distinctMirnas(1000), "m"), lncrnaFasta: fasta([randomRna(random, 10_001)], "l") },
    ],
  ],
  [
    "exhaustive screen: 101 candidates × 100,000 nt",
    () => [
      "/v1/screen",
      { lncrna: randomRna(random, 100_000), mirnaFasta: fasta(distinctMirnas(101), "m"), exhaustive: true },
    ],
  ],
  [
    "first-pass screen: 5,000 candidates × 100,000 nt",
    () => ["/v1/screen", { lncrna: randomRna(random, 100_000), mirnaFasta: fasta(distinctMirnas(5000), "m") }],
  ],
  [
    "first-pass screen: 2,000 candidates × 10,000 nt, topK 1,000",
    () => [
      "/v1/screen",
      { lncrna: randomRna(random, 10_000), mirnaFasta: fasta(distinctMirnas(2000), "m"), topK: 1000 },
    ],
  ],
];

describe("over-budget requests", () => {
  for (const [what, shape] of SHAPES)
    it(`${what}: work-too-large, before any scoring`, async () => {
      const [path, body] = shape();
      await post(path, body); // the first request of an app pays for its runtime
      const { status, problem, cpu } = await post(path, body);
      expect(status, JSON.stringify(problem)).toBe(422);
      expect(problem).toMatchObject({ type: "/v1/problems/work-too-large", limit: LIMITS.maxWork });
      expect(problem.work).toBeGreaterThan(LIMITS.maxWork);
      expect(problem.detail).toMatch(/at most [\d,]+/);
      expect(cpu).toBeLessThan(1);
    });
});

describe("planScreen", () => {
  const plan = (
    candidates: number,
    lncrnaLength: number,
    topK = 25,
    exhaustive: "yes" | "no" | "default" = "no",
    offset = 0,
  ) =>
    planScreen({
      candidates,
      lncrnaLength,
      topK,
      offset,
      exhaustive: exhaustive === "default" ? undefined : exhaustive === "yes",
      signals: 3,
      shortlist: 50,
    });

  it("scores every candidate when they fit the shortlist or exhaustive is asked, up to the budget", () => {
    expect(plan(50, 1000)).toEqual({ work: 50_000 });
    expect(plan(100, LIMITS.maxWork / 100, 25, "yes")).toEqual({ work: LIMITS.maxWork });
    expect(() => plan(100, LIMITS.maxWork / 100 + 1, 25, "yes")).toThrow(/exhaustive unset/);
  });

  it("keeps the default shortlist where the budget allows, and cuts it towards topK where it does not", () => {
    expect(plan(3000, 2000).perSignal).toBe(50);
    const tight = plan(3000, 25_000);
    expect(tight.perSignal).toBeGreaterThanOrEqual(25);
    expect(tight.perSignal).toBeLessThan(50);
    expect(tight.work).toBeLessThanOrEqual(LIMITS.maxWork);
  });

  it("by default scores every candidate where that fits the budget, else runs the first pass", () => {
    expect(plan(3000, 2000, 25, "default")).toEqual({ work: 6_000_000 });
    expect(plan(3000, LIMITS.maxWork / 3000 + 1, 25, "default").perSignal).toBe(50);
  });

  it("shortlists deep enough for the page asked for", () => {
    expect(plan(3000, 2000, 25, "no", 100).perSignal).toBe(125);
    expect(() => plan(3000, 10_000, 25, "no", 2000)).toThrow(/lower topK or offset/);
  });

  it("counts the first pass: a screen that needs more even at perSignal = topK is refused", () => {
    expect(() => plan(5000, 100_000)).toThrow(/chunks of at most/);
    expect(() => plan(2000, 10_000, 1000)).toThrow(/lower topK/);
  });

  it("counts the isoforms the gene head scores in the model's work, not in the first pass's", () => {
    // every third candidate has a site on 3,000 nt of isoforms
    const withIsoforms = (candidates: number, exhaustive: boolean | undefined) =>
      planScreen({
        candidates,
        lncrnaLength: 2000,
        isoformNt: Array.from({ length: candidates }, (_, i) => (i % 3 === 0 ? 3000 : 0)),
        topK: 25,
        exhaustive,
        signals: 3,
        shortlist: 50,
      });
    expect(withIsoforms(1500, undefined)).toEqual({ work: 1500 * 2000 + 500 * 3000 });
    // 4,000 candidates fit at 2,000 nt but not with the isoforms: the first pass shortlists, counting
    // the most isoform nt its 150 candidates could hold (all with a site)
    expect(withIsoforms(4000, undefined)).toEqual({ perSignal: 50, work: 4000 * 2000 * 0.1 + 150 * 5000 });
    expect(() => withIsoforms(4000, true)).toThrow(/against a 2,000-nt lncRNA \(with 4,002,000 nt of isoforms/);
  });

  it("cuts the shortlist where the isoforms of its candidates would pass the budget", () => {
    const plan = planScreen({
      candidates: 3000,
      lncrnaLength: 20_000,
      isoformNt: Array.from({ length: 3000 }, () => 20_000),
      topK: 25,
      exhaustive: false,
      signals: 3,
      shortlist: 50,
    });
    expect(plan.perSignal).toBeLessThan(50);
    expect(plan.perSignal).toBeGreaterThanOrEqual(25);
    expect(plan.work).toBeLessThanOrEqual(LIMITS.maxWork);
    expect(plan.work).toBe(3000 * 20_000 * 0.1 + 3 * plan.perSignal! * 40_000);
    // one more per signal would not fit
    expect(3000 * 20_000 * 0.1 + 3 * (plan.perSignal! + 1) * 40_000).toBeGreaterThan(LIMITS.maxWork);
  });
});

describe("checkPredictWork", () => {
  it("counts each pair's isoform nt, and names them when they tip the request over", () => {
    expect(() => checkPredictWork([5_000_000, 4_000_000], [500_000, 400_000])).not.toThrow();
    expect(() => checkPredictWork([5_000_000, 4_000_000], [600_000, 500_000])).toThrow(
      /1,100,000 nt of isoforms in the deployment's reference that the gene head scores/,
    );
    expect(() => checkPredictWork([5_000_000, 4_000_000])).not.toThrow();
  });
});

describe("a first-pass screen at the edge of the budget", () => {
  it("ranks by no more signals than the budget counts, and the model scores within it", async () => {
    const candidates = 400;
    const length = longestFullShortlistLncrna(candidates, 25);
    const body = {
      lncrna: randomRna(random, length),
      mirnaFasta: fasta(distinctMirnas(candidates), "m"),
      exhaustive: false,
    };
    const { response, text } = await timedJsonPost(app, "/v1/screen", body);
    expect(response.status, text).toBe(200);
    const answer = JSON.parse(text);
    expect(answer.firstPass.signals.length).toBeLessThanOrEqual(FIRST_PASS_SIGNALS);
    expect(answer.firstPass.perSignal).toBe(SCREEN_SHORTLIST);
    const work = Math.ceil(candidates * length * LIMITS.firstPassWorkShare) + answer.candidates.scored * length;
    expect(work).toBeLessThanOrEqual(LIMITS.maxWork);
  });
});

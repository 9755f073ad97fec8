// Inputs too short or too ambiguous to score answer with their own problems; a lncRNA shorter than
// any the models trained on is scored with a warning.
import { describe, expect, it } from "vitest";
import { LIMITS } from "../../functions/api/limits.ts";
import { randomRna, seededRandom } from "../../scripts/lib/generators.ts";
import { expectProblem, fasta, postJson } from "./api.ts";

const random = seededRandom(23);
const MIRNA = randomRna(random, 22);
const predict = (mirna: string, lncrna: string) => postJson("/v1/predict", { pairs: [{ mirna, lncrna }] });
const screen = (lncrna: string) => postJson("/v1/screen", { lncrna, mirnaFasta: fasta([["m", MIRNA]]) });
/** A sequence with `unknown` N among known bases. */
const withUnknown = (length: number, unknown: number) => "N".repeat(unknown) + randomRna(random, length - unknown);

describe("unscorable inputs", () => {
  it("refuses the 4-nt lncRNA ACGU as too short", async () => {
    const problem = await expectProblem(await predict(MIRNA, "ACGU"), 422, "lncrna-too-short");
    expect(problem.errors[0]).toMatchObject({ pointer: "/pairs/0/lncrna", length: 4, min: LIMITS.minLncrnaLength });
    await expectProblem(await screen("ACGU"), 422, "lncrna-too-short");
  });

  it("takes a lncRNA as long as the longest miRNA", async () => {
    const response = await predict(MIRNA, randomRna(random, LIMITS.minLncrnaLength));
    expect(response.status, await response.clone().text()).toBe(200);
    await expectProblem(await predict(MIRNA, randomRna(random, LIMITS.minLncrnaLength - 1)), 422, "lncrna-too-short");
  });

  it("refuses an all-N pair, naming both sequences", async () => {
    const problem = await expectProblem(await predict("N".repeat(22), "N".repeat(500)), 422, "too-ambiguous");
    expect(problem.errors.map((e: { pointer: string }) => e.pointer)).toEqual(["/pairs/0/mirna", "/pairs/0/lncrna"]);
    expect(problem.detail).toMatch(/N or ambiguity codes/);
  });

  it("scores up to the limit share of unknown bases, and refuses one more", async () => {
    const atLimit = Math.floor(LIMITS.maxAmbiguousShare * 500);
    const response = await predict(MIRNA, withUnknown(500, atLimit));
    expect(response.status, await response.clone().text()).toBe(200);
    await expectProblem(await predict(MIRNA, withUnknown(500, atLimit + 1)), 422, "too-ambiguous");
    await expectProblem(await predict("RYRYRY" + MIRNA.slice(6), randomRna(random, 500)), 422, "too-ambiguous");
    await expectProblem(await screen(withUnknown(500, atLimit + 1)), 422, "too-ambiguous");
  });

  it("warns when the lncRNA is shorter than any trained on", async () => {
    const short = LIMITS.shortestTrainedLncrnaLength - 1;
    const body = (await (await predict(MIRNA, randomRna(random, short))).json()) as any;
    expect(body.results[0].warnings).toEqual([
      { code: "lncrna-shorter-than-training", detail: expect.stringContaining(`${short} nt`) },
    ]);
    const trained = (await (await predict(MIRNA, randomRna(random, short + 1))).json()) as any;
    expect(trained.results[0].warnings).toBeUndefined();
    const screened = (await (await screen(randomRna(random, short))).json()) as any;
    expect(screened.warnings[0].code).toBe("lncrna-shorter-than-training");
  });
});

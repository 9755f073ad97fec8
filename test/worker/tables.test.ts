// TSV and CSV answers: negotiated by Accept (q-values honoured), one row per result or hit, and the
// same values as the JSON answer once parsed by a CSV library.
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { randomRna, seededRandom } from "../../scripts/lib/generators.ts";
import { expectProblem, fasta, postJson } from "./api.ts";

const random = seededRandom(41);
const [M1, M2] = [randomRna(random, 22), randomRna(random, 21)];
const PREDICT = {
  mirnaFasta: fasta([
    ["m1", M1],
    ["m2", M2],
  ]),
  lncrnaFasta: fasta([
    ["l1", randomRna(random, 400)],
    ["l2", randomRna(random, 250)],
  ]),
};
// m1 and m1-copy share a sequence: one hit, with an alias
const SCREEN = {
  lncrna: fasta([["lnc", randomRna(random, 500)]]),
  mirnaFasta: fasta([
    ["m1", M1],
    ["m2", M2],
    ["m1-copy", M1],
    ["m3", randomRna(random, 22)],
  ]),
};

const ask = (path: string, body: unknown, accept?: string) =>
  postJson(path, body, { "Content-Type": "application/json", ...(accept !== undefined ? { Accept: accept } : {}) });

const cell = (value: unknown) => (value === undefined || value === null ? "" : String(value));

async function table(response: Response, type: string): Promise<Record<string, string>[]> {
  const text = await response.text();
  expect(response.status, text).toBe(200);
  expect(response.headers.get("Content-Type")).toMatch(new RegExp(`^${type};`));
  expect(response.headers.get("Vary")).toMatch(/Accept/);
  return parse(text, { columns: true, delimiter: type === "text/csv" ? "," : "\t" });
}

const gene = (r: any) => ({
  modelScore: cell(r.gene?.modelScore),
  geneScore: cell(r.gene?.geneScore),
  isoforms: cell(r.gene?.isoforms),
  isoformSites: cell(r.gene?.isoformSites),
});

const evidence = (r: any) => ({
  mfe: cell(r.duplex.energy),
  expectation: cell(r.plantTarget.best?.expectation),
  seedType: cell(r.seed.best?.type),
  seedStart: cell(r.seed.best?.start),
  seedEnd: cell(r.seed.best?.end),
});

const predictRows = (answer: any) =>
  answer.results.map((r: any) => ({
    index: cell(r.index),
    id: cell(r.id),
    mirnaId: cell(r.mirnaId),
    lncrnaId: cell(r.lncrnaId),
    model: cell(r.model),
    score: cell(r.score),
    label: cell(r.label),
    ...gene(r),
    threshold: cell(r.threshold),
    pValue: cell(r.pValue),
    qValue: cell(r.qValue),
    ...evidence(r),
  }));

const screenRows = (answer: any) =>
  answer.hits.map((h: any) => ({
    lncrnaId: cell(answer.lncrna.id),
    rank: cell(h.rank),
    mirnaId: cell(h.id),
    aliases: h.aliases.join(";"),
    score: cell(h.score),
    label: cell(h.label),
    ...gene(h),
    pValue: cell(h.pValue),
    qValue: cell(h.qValue),
    priorLogOdds: cell(h.prior?.logOdds),
    ...evidence(h),
  }));

describe("tabular answers", () => {
  it("gives predict's results as TSV and CSV rows with the JSON answer's values", async () => {
    const answer = (await (await ask("/v1/predict", PREDICT)).json()) as any;
    const expected = predictRows(answer);
    expect(expected).toHaveLength(4);
    expect(
      await table(await ask("/v1/predict", PREDICT, "text/tab-separated-values"), "text/tab-separated-values"),
    ).toEqual(expected);
    expect(await table(await ask("/v1/predict", PREDICT, "text/csv"), "text/csv")).toEqual(expected);
  });
  it("gives screen's hits as TSV rows, aliases joined", async () => {
    const answer = (await (await ask("/v1/screen", SCREEN)).json()) as any;
    const expected = screenRows(answer);
    expect(expected.map((r: any) => r.aliases)).toContain("m1-copy");
    expect(
      await table(await ask("/v1/screen", SCREEN, "text/tab-separated-values"), "text/tab-separated-values"),
    ).toEqual(expected);
  });
  it("honours q-values and answers JSON without a preference", async () => {
    const typeFor = async (accept?: string) => (await ask("/v1/predict", PREDICT, accept)).headers.get("Content-Type");
    expect(await typeFor("text/csv;q=0.5, text/tab-separated-values;q=0.9")).toMatch(/^text\/tab-separated-values/);
    expect(await typeFor("application/json;q=0.1, text/csv")).toMatch(/^text\/csv/);
    expect(await typeFor("*/*")).toMatch(/^application\/json/);
    expect(await typeFor()).toMatch(/^application\/json/);
  });
  it("answers 406 to an Accept it cannot satisfy, and problems as problem+json whatever Accept says", async () => {
    const problem = await expectProblem(
      await ask("/v1/screen", SCREEN, "text/csv;q=0, application/xml"),
      406,
      "not-acceptable",
    );
    expect(problem.accepted).toContain("text/tab-separated-values");
    await expectProblem(await ask("/v1/screen", { ...SCREEN, topK: 0 }, "text/csv"), 422, "invalid-request");
  });
});

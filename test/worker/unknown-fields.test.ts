// A field the API does not know is refused with its name and the field it most likely meant, in
// JSON bodies (nested pair objects too) and in form parts alike.
import { describe, expect, it } from "vitest";
import { randomRna, seededRandom } from "../../scripts/lib/generators.ts";
import { expectProblem, fasta, fastaFile, postForm, postJson } from "./api.ts";

const random = seededRandom(23);
const MIRNA = randomRna(random, 22);
const LNCRNA = randomRna(random, 300);
const MIRNAS = fasta([["m1", MIRNA]]);

async function expectUnknown(response: Response, pointer: string, detail: string) {
  const problem = await expectProblem(response, 422, "invalid-request");
  expect(problem.errors[0]).toMatchObject({ type: "/v1/problems/invalid-request", pointer, detail });
  expect(problem.detail).toContain(detail);
}

describe("unknown fields", () => {
  it("names a misspelled pair field and the one it meant, case first", async () => {
    const response = await postJson("/v1/predict", { pairs: [{ mirna: MIRNA, lncRNA: LNCRNA }] });
    await expectUnknown(response, "/pairs/0/lncRNA", 'unknown field "lncRNA"; did you mean "lncrna"?');
  });
  it("suggests by edit distance at the top level of predict and screen", async () => {
    await expectUnknown(
      await postJson("/v1/predict", { pairs: [{ mirna: MIRNA, lncrna: LNCRNA }], modle: "kmer-mlp" }),
      "/modle",
      'unknown field "modle"; did you mean "model"?',
    );
    await expectUnknown(
      await postJson("/v1/screen", { lncrna: LNCRNA, mirnaFasta: MIRNAS, topk: 3 }),
      "/topk",
      'unknown field "topk"; did you mean "topK"?',
    );
  });
  it("lists the known fields when none is near, and escapes the pointer", async () => {
    const problem = await expectProblem(
      await postJson("/v1/screen", { lncrna: LNCRNA, mirnaFasta: MIRNAS, "colour/hue": "red" }),
      422,
      "invalid-request",
    );
    expect(problem.errors[0].pointer).toBe("/colour~1hue");
    expect(problem.errors[0].detail).toMatch(/^unknown field "colour\/hue"; known fields: lncrna, lncrnaId, species/);
  });
  it("lists a bounded number of many unknown fields", async () => {
    const body: Record<string, unknown> = { lncrna: LNCRNA, mirnaFasta: MIRNAS };
    for (let i = 0; i < 5000; i++) body[`x${i}`] = i;
    const problem = await expectProblem(await postJson("/v1/screen", body), 422, "invalid-request");
    expect(problem.errors).toHaveLength(100);
    expect(problem.errors[99].pointer).toBe("/x99");
  });
  it("refuses unknown form parts of predict and screen", async () => {
    await expectUnknown(
      await postForm("/v1/predict", {
        mirna: fastaFile("m.fa", MIRNAS),
        lncRNA: fastaFile("l.fa", fasta([["l", LNCRNA]])),
      }),
      "/lncRNA",
      'unknown field "lncRNA"; did you mean "lncrna"?',
    );
    await expectUnknown(
      await postForm("/v1/screen", { lncrna: LNCRNA, mirna: MIRNAS, exhaustve: "true" }),
      "/exhaustve",
      'unknown field "exhaustve"; did you mean "exhaustive"?',
    );
  });
});

// Form and JSON fields follow one rule: whole numbers in decimal digits only, and ids (pair ids,
// lncRNA ids, FASTA record ids) printable only.
import { describe, expect, it } from "vitest";
import { randomRna, seededRandom } from "../../scripts/lib/generators.ts";
import { expectProblem, fasta, postForm, postJson } from "./api.ts";

const random = seededRandom(9);
const LNCRNA = randomRna(random, 300);
const MIRNAS = fasta(Array.from({ length: 5 }, (_, i) => [`m${i}`, randomRna(random, 22)]));
const MIRNA = randomRna(random, 22);

const formScreen = (topK: string) => postForm("/v1/screen", { lncrna: LNCRNA, mirna: MIRNAS, topK });
const jsonScreen = (topK: unknown) => postJson("/v1/screen", { lncrna: LNCRNA, mirnaFasta: MIRNAS, topK });

describe("topK, form and JSON alike", () => {
  it("takes a decimal whole number either way", async () => {
    for (const response of [await formScreen("3"), await jsonScreen(3)]) {
      const text = await response.text();
      expect(response.status, text).toBe(200);
      expect(JSON.parse(text)).toMatchObject({ topK: 3 });
    }
  });
  for (const topK of ["0x10", "1e3", " 5", "5 ", "+5", "-1", "5.0", "", "0", "1001", "٣"])
    it(`refuses form topK ${JSON.stringify(topK)}`, async () => {
      const problem = await expectProblem(await formScreen(topK), 422, "invalid-request");
      expect(problem.errors[0].pointer).toBe("/topK");
    });
  for (const topK of ["5", 5.5, 0, 1001, -1, true])
    it(`refuses JSON topK ${JSON.stringify(topK)}`, async () => {
      const problem = await expectProblem(await jsonScreen(topK), 422, "invalid-request");
      expect(problem.errors[0].pointer).toBe("/topK");
    });
});

const UNPRINTABLE = { "bidi override": "a\u202Eb", bell: "a\u0007b", "zero-width space": "a\u200Bb", DEL: "a\u007Fb" };

describe("ids are printable", () => {
  it("echoes a printable id with spaces and letters beyond ASCII", async () => {
    const response = await postJson("/v1/predict", {
      pairs: [{ id: "miR-399 × lnc α", mirna: MIRNA, lncrna: LNCRNA }],
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as any).results[0].id).toBe("miR-399 × lnc α");
  });
  for (const [what, id] of Object.entries(UNPRINTABLE)) {
    it(`refuses a pair id with a ${what}`, async () => {
      const response = await postJson("/v1/predict", { pairs: [{ id, mirna: MIRNA, lncrna: LNCRNA }] });
      const problem = await expectProblem(response, 422, "invalid-request");
      expect(problem.errors[0].pointer).toBe("/pairs/0/id");
    });
    it(`refuses a FASTA id with a ${what}`, async () => {
      const response = await postJson("/v1/predict", {
        mirnaFasta: `>${id}\n${MIRNA}\n`,
        lncrnaFasta: `>l\n${LNCRNA}\n`,
      });
      const problem = await expectProblem(response, 422, "invalid-fasta");
      expect(problem.detail).toMatch(/U\+[0-9A-F]{4}/);
    });
    it(`refuses a screen lncrnaId with a ${what}, JSON and form`, async () => {
      await expectProblem(
        await postJson("/v1/screen", { lncrna: LNCRNA, lncrnaId: id, mirnaFasta: MIRNAS }),
        422,
        "invalid-request",
      );
      await expectProblem(
        await postForm("/v1/screen", { lncrna: LNCRNA, lncrnaId: id, mirna: MIRNAS }),
        422,
        "invalid-request",
      );
    });
  }
});

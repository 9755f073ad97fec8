// Every documented problem type, triggered by a request that causes it (the catalog is typed over
// all kinds, so a new kind does not compile without its trigger). `internal` cannot be caused by a
// request; test/app/app-errors.test.ts triggers it through a failing runtime.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { PROBLEMS, type ProblemKind } from "../../functions/api/problems.ts";
import { SPECIES_KEYS } from "../../functions/species/set.ts";
import { expectProblem, fasta, get, postJson, putSpeciesSets } from "./api.ts";

const MIRNA = "UGAGGUAGUAGGUUGUAUAGUU";
const pair = (mirna: string, lncrna: string) => ({ pairs: [{ mirna, lncrna }] });

const TRIGGERS: Record<Exclude<ProblemKind, "internal">, () => Promise<Response>> = {
  "invalid-symbol": () => postJson("/v1/predict", pair(MIRNA, "ACGUZ")),
  "empty-sequence": () => postJson("/v1/predict", pair(MIRNA, " \n ")),
  "lncrna-too-long": () => postJson("/v1/screen", { lncrna: "ACGU".repeat(25_001), mirnaFasta: fasta([["m", MIRNA]]) }),
  "mirna-length": () => postJson("/v1/predict", pair("ACGU", "ACGUACGU")),
  "lncrna-too-short": () => postJson("/v1/predict", pair(MIRNA, "ACGU")),
  "too-ambiguous": () => postJson("/v1/predict", pair(MIRNA, "N".repeat(200))),
  "too-many-pairs": () =>
    postJson("/v1/predict", { pairs: Array.from({ length: 1001 }, () => ({ mirna: MIRNA, lncrna: "ACGU" })) }),
  "too-many-mirnas": () =>
    postJson("/v1/screen", {
      lncrna: "ACGU",
      mirnaFasta: fasta(Array.from({ length: 5001 }, (_, i) => [`m${i}`, MIRNA])),
    }),
  "work-too-large": () =>
    postJson("/v1/predict", {
      mirnaFasta: fasta(Array.from({ length: 101 }, (_, i) => [`m${i}`, MIRNA])),
      lncrnaFasta: fasta([["l", "ACGU".repeat(25_000)]]),
    }),
  "invalid-fasta": () => postJson("/v1/predict", { mirnaFasta: MIRNA, lncrnaFasta: ">l\nACGU" }),
  "invalid-request": () => postJson("/v1/predict", { pairs: [{ mirna: 42 }] }),
  "not-acceptable": () =>
    postJson("/v1/predict", pair(MIRNA, "ACGU"), { "Content-Type": "application/json", Accept: "application/xml" }),
  "unknown-model": () => postJson("/v1/predict", { ...pair(MIRNA, "ACGU"), model: "no-such-model" }),
  "unknown-species": () => postJson("/v1/screen", { lncrna: "ACGU", species: "xyz" }),
  "species-unavailable": async () => {
    await putSpeciesSets([{ name: "brk", mirnas: [{ id: "m", sequence: MIRNA }] }]);
    await env.SPECIES.delete(SPECIES_KEYS.set("brk", "curated"));
    return postJson("/v1/screen", { lncrna: "ACGU", species: "brk" });
  },
  "malformed-json": () => postJson("/v1/predict", "{"),
  "malformed-multipart": () => postJson("/v1/screen", "garbage", { "Content-Type": "multipart/form-data; boundary=b" }),
  "unsupported-media-type": () => postJson("/v1/predict", "x", { "Content-Type": "text/csv" }),
  "body-too-large": () =>
    postJson("/v1/predict", { pairs: [{ mirna: MIRNA, lncrna: "A".repeat(5 * 1024 * 1024 + 1) }] }),
  "not-found": () => get("/v1/does-not-exist"),
  "method-not-allowed": () => get("/v1/screen"),
};

describe("every documented problem type", () => {
  for (const [kind, trigger] of Object.entries(TRIGGERS) as Array<[ProblemKind, () => Promise<Response>]>) {
    it(`${kind} (${PROBLEMS[kind].status})`, async () => {
      await expectProblem(await trigger(), PROBLEMS[kind].status, kind);
    });
  }

  it("covers every kind but internal", () => {
    expect(Object.keys(TRIGGERS).sort()).toEqual(
      Object.keys(PROBLEMS)
        .filter((k) => k !== "internal")
        .sort(),
    );
  });
});

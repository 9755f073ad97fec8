// Every documented problem type, triggered by a request that causes it (the catalog is typed over
// all kinds, so a new kind does not compile without its trigger). `internal` cannot be caused by a
// request; test/app/app-errors.test.ts triggers it through a failing runtime.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { PROBLEMS, type ProblemKind } from "../../functions/api/problems.ts";
import { SPECIES_KEYS } from "../../functions/species/set.ts";
import { createApp } from "../../functions/app.ts";
import { createKey } from "../../functions/keys/store.ts";
import { runtime } from "../../functions/index.ts";
import { expectProblem, fasta, get, postJson, putSpeciesSets } from "./api.ts";
import { authed, pairsTsv, submit, testKey } from "./jobs-api.ts";

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
  unauthorized: () => get("/v1/usage"),
  "quota-exceeded": async () => {
    await env.DB.prepare("INSERT OR IGNORE INTO plans VALUES ('one', 1, NULL, 'RATE_STANDARD', 'test')").run();
    return submit((await testKey("one")).key, pairsTsv(2, 1).text);
  },
  "key-not-allowed": async () => authed((await testKey("free", "publishable")).key, "/v1/usage"),
  "rate-limited": async () => {
    // the binding counts per fixed window: 21 requests may straddle two, 41 fill one of them past 20
    const { key } = await testKey("free");
    let answer = await authed(key, "/v1/usage");
    for (let i = 1; i < 41 && answer.ok; i++) answer = await authed(key, "/v1/usage");
    return answer;
  },
  "origin-not-allowed": async () => {
    const { key } = await createKey(env.DB, {
      kind: "publishable",
      name: "widget",
      plan: "widget",
      origins: ["https://lab.example"],
    });
    return postJson("/v1/predict", pair(MIRNA, "ACGU".repeat(50)), {
      "Content-Type": "application/json",
      Authorization: `Bearer ${key}`,
      Origin: "https://elsewhere.example",
    });
  },
  "daily-quota-exceeded": async () => {
    await env.DB.prepare("INSERT OR IGNORE INTO plans VALUES ('one-a-day', 0, 1, 'RATE_STANDARD', 'test')").run();
    const { key } = await createKey(env.DB, {
      kind: "publishable",
      name: "widget",
      plan: "one-a-day",
      origins: ["https://lab.example"],
    });
    const headers = {
      "Content-Type": "application/json",
      Authorization: `Bearer ${key}`,
      Origin: "https://lab.example",
    };
    await postJson("/v1/predict", pair(MIRNA, "ACGU".repeat(50)), headers);
    return postJson("/v1/predict", pair(MIRNA, "ACGU".repeat(50)), headers);
  },
  "invalid-rows": async () => submit((await testKey()).key, "mirna\tlncrna\nACGU\tACGU\n"),
  "idempotency-key-reused": async () => {
    const { key } = await testKey();
    await submit(key, pairsTsv(1, 1).text, { "Idempotency-Key": "k" });
    return submit(key, pairsTsv(1, 2).text, { "Idempotency-Key": "k" });
  },
  "job-too-large": async () => submit((await testKey()).key, pairsTsv(60, 3, 4000).text),
  "invalid-upload": async () => {
    const { key } = await testKey();
    const upload = (await (await authed(key, "/v1/uploads", { method: "POST" })).json()) as { id: string };
    await authed(key, `/v1/uploads/${upload.id}/parts/2`, { method: "PUT", body: pairsTsv(1, 5).text });
    return submit(key, "", {}, `?upload=${upload.id}`);
  },
  "length-required": async () => {
    const { key } = await testKey();
    const upload = (await (await authed(key, "/v1/uploads", { method: "POST" })).json()) as { id: string };
    const text = new TextEncoder().encode(pairsTsv(1, 6).text);
    const chunked = new ReadableStream({ start: (controller) => (controller.enqueue(text), controller.close()) });
    return authed(key, `/v1/uploads/${upload.id}/parts/1`, { method: "PUT", body: chunked });
  },
  "job-not-ready": async () => {
    const { key } = await testKey();
    const job = (await (await submit(key, pairsTsv(1, 4).text)).json()) as { id: string };
    return authed(key, `/v1/jobs/${job.id}/results`);
  },
  // a deployment without the jobs' bindings (the Node serving path has none)
  "jobs-unavailable": async () => createApp(runtime).request("http://lmi.test/v1/usage", {}, {}),
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

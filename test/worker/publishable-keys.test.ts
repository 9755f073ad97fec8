// Publishable (widget) keys on /v1/predict and /v1/screen inside workerd: open without a key; a
// publishable key works only from its origins and within its plan's daily quota; never on jobs.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createKey } from "../../functions/keys/store.ts";
import { expectProblem, postJson } from "./api.ts";
import { authed } from "./jobs-api.ts";

const MIRNA = "UGAGGUAGUAGGUUGUAUAGUU";
const body = { pairs: [{ mirna: MIRNA, lncrna: "GGCAUCGAUCGGAUCAUGCAACUAUACAACCUACUACCUCAUGCAUCG".repeat(5) }] };
const ORIGIN = "https://lab.example";

async function widgetKey(plan = "widget") {
  return (await createKey(env.DB, { kind: "publishable", name: "lab page", plan, origins: [ORIGIN] })).key;
}

const predict = (key: string | undefined, origin?: string) =>
  postJson("/v1/predict", body, {
    "Content-Type": "application/json",
    ...(key ? { Authorization: `Bearer ${key}` } : {}),
    ...(origin ? { Origin: origin } : {}),
  });

describe("publishable keys on predict and screen", () => {
  it("scores from a listed origin as without a key, and refuses another origin or none", async () => {
    const key = await widgetKey();
    const open = await predict(undefined);
    const fromLab = await predict(key, ORIGIN);
    expect(fromLab.status).toBe(200);
    expect(((await fromLab.json()) as { results: unknown[] }).results).toEqual(
      ((await open.json()) as { results: unknown[] }).results,
    );
    const elsewhere = await expectProblem(
      await predict(key, "https://elsewhere.example"),
      403,
      "origin-not-allowed",
      "/v1/predict",
    );
    expect(elsewhere.allowed).toEqual([ORIGIN]);
    expect(elsewhere.detail).toMatch(/https:\/\/elsewhere\.example/);
    await expectProblem(await predict(key), 403, "origin-not-allowed", "/v1/predict");
    const screen = await postJson(
      "/v1/screen",
      { lncrna: body.pairs[0]!.lncrna, mirnaFasta: `>m\n${MIRNA}\n` },
      { "Content-Type": "application/json", Authorization: `Bearer ${key}`, Origin: "https://elsewhere.example" },
    );
    await expectProblem(screen, 403, "origin-not-allowed", "/v1/screen");
  });

  it("refuses a bad key on predict instead of ignoring it", async () => {
    await expectProblem(await predict("lmi_pk_not-a-key", ORIGIN), 401, "unauthorized", "/v1/predict");
  });

  it("counts the day's requests against the plan's daily quota", async () => {
    await env.DB.prepare("INSERT OR IGNORE INTO plans VALUES ('three-a-day', 0, 3, 'RATE_STANDARD', 'test')").run();
    const key = await widgetKey("three-a-day");
    for (let i = 0; i < 3; i++) expect((await predict(key, ORIGIN)).status).toBe(200);
    const over = await predict(key, ORIGIN);
    const problem = await expectProblem(over, 429, "daily-quota-exceeded", "/v1/predict");
    expect(problem.limit).toBe(3);
    expect(Number(over.headers.get("Retry-After"))).toBeGreaterThan(0);
    // another key's quota is its own
    expect((await predict(await widgetKey("three-a-day"), ORIGIN)).status).toBe(200);
  });

  it("never starts batch jobs", async () => {
    await expectProblem(
      await authed(await widgetKey(), "/v1/jobs", { method: "POST", body: "x" }),
      403,
      "key-not-allowed",
      "/v1/jobs",
    );
  });
});

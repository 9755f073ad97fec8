// Paid routes: 401 without a valid key, 403 for a publishable key, 429 over the plan's rate, 402 over
// its monthly quota; anonymous predict keeps working.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { generateKey } from "../../functions/keys/format.ts";
import { expectProblem, get, postJson } from "./api.ts";
import { authed, pairsTsv, submit, testKey } from "./jobs-api.ts";

describe("API keys on paid routes", () => {
  it("answers 401 without a key, with a malformed, unknown or revoked one", async () => {
    const missing = await expectProblem(await get("/v1/usage"), 401, "unauthorized");
    expect(missing.detail).toContain("Bearer");
    const { key, id } = await testKey();
    const tampered = key.slice(0, 10) + (key[10] === "a" ? "b" : "a") + key.slice(11);
    expect((await expectProblem(await authed(tampered, "/v1/usage"), 401, "unauthorized")).reason).toBe("malformed");
    const unknown = await authed(generateKey("secret"), "/v1/usage");
    expect((await expectProblem(unknown, 401, "unauthorized")).reason).toBe("unknown");
    expect((await authed(key, "/v1/usage")).status).toBe(200);
    await env.DB.prepare("UPDATE api_keys SET revoked_at = ? WHERE id = ?").bind(new Date().toISOString(), id).run();
    expect((await expectProblem(await authed(key, "/v1/usage"), 401, "unauthorized")).reason).toBe("revoked");
  });

  it("stores only the key's hash", async () => {
    const { key, id } = await testKey();
    const row = await env.DB.prepare("SELECT * FROM api_keys WHERE id = ?").bind(id).first<Record<string, string>>();
    expect(Object.values(row!).some((v) => typeof v === "string" && v.includes(key.slice(7, 30)))).toBe(false);
  });

  it("answers 403 for a publishable key", async () => {
    const { key } = await testKey("free", "publishable");
    await expectProblem(await authed(key, "/v1/usage"), 403, "key-not-allowed");
  });

  it("answers 429 with Retry-After once the plan's rate is used up, per key", async () => {
    const { key } = await testKey("free");
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await authed(key, "/v1/usage")).status);
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    const limited = await authed(key, "/v1/usage");
    expect(limited.headers.get("Retry-After")).toBe("60");
    await expectProblem(limited, 429, "rate-limited");
    const other = await testKey("free");
    expect((await authed(other.key, "/v1/usage")).status).toBe(200);
  });

  it("answers 402 when a job would go over the monthly quota", async () => {
    await env.DB.prepare("INSERT OR IGNORE INTO plans VALUES ('tiny', 5, NULL, 'RATE_STANDARD', 'test')").run();
    const { key } = await testKey("tiny");
    const problem = await expectProblem(await submit(key, pairsTsv(6, 1).text), 402, "quota-exceeded");
    expect(problem).toMatchObject({ quota: 5, requested: 6, used: 0 });
    expect(await env.JOBS_BUCKET.list({ prefix: "jobs/" }).then((l) => l.objects.length)).toBe(0);
    expect((await submit(key, pairsTsv(5, 2).text)).status).toBe(202);
    await expectProblem(await submit(key, pairsTsv(1, 3).text), 402, "quota-exceeded");
  });

  it("leaves anonymous /v1/predict open", async () => {
    const response = await postJson("/v1/predict", {
      pairs: [{ mirna: "UGAGGUAGUAGGUUGUAUAGUU", lncrna: "ACGU".repeat(60) }],
    });
    expect(response.status).toBe(200);
  });
});

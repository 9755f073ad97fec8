import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("GET /v1/health", () => {
  it("answers 200 with the served models", async () => {
    const response = await exports.default.fetch("http://lmi.test/v1/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", models: ["duplex-mlp", "kmer-mlp"] });
  });
});

import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("GET /v1/health", () => {
  it("answers 200 with the served models", async () => {
    const response = await exports.default.fetch("http://lmi.test/v1/health");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; models: string[] };
    expect(body.status).toBe("ok");
    // the first models bundled, plus whatever has been trained since
    expect(body.models).toEqual(expect.arrayContaining(["duplex-mlp", "kmer-mlp"]));
  });
});

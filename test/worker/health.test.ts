import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("GET /v1/health", () => {
  it("answers 200 with the served models", async () => {
    const response = await exports.default.fetch("http://lmi.test/v1/health");
    expect(response.status).toBe(200);
    const models = (await (await exports.default.fetch("http://lmi.test/v1/models")).json()) as {
      models: { name: string }[];
    };
    expect(await response.json()).toMatchObject({ status: "ok", models: models.models.map((m) => m.name) });
    expect(models.models.length).toBeGreaterThanOrEqual(3);
  });
});

// Headers on every kind of answer: nosniff everywhere, no caching of computed answers, a short cache
// for the contract, and model timings readable by the caller but not by other origins' scripts.
import { describe, expect, it } from "vitest";
import { randomRna, seededRandom } from "../../scripts/lib/generators.ts";
import { get, postJson } from "./api.ts";

const random = seededRandom(5);
const pair = { pairs: [{ mirna: randomRna(random, 22), lncrna: randomRna(random, 200) }] };
const ORIGIN = { Origin: "https://elsewhere.example" };

const COMPUTED: Array<[string, () => Promise<Response>]> = [
  ["ping", () => get("/v1/ping")],
  ["health", () => get("/v1/health")],
  ["models", () => get("/v1/models")],
  ["species", () => get("/v1/species")],
  ["predict", () => postJson("/v1/predict", pair)],
  ["a 422 problem", () => postJson("/v1/predict", { pairs: [] })],
  ["a 404 problem", () => get("/v1/nowhere")],
  ["a 405 problem", () => get("/v1/predict")],
  ["a 415 problem", () => postJson("/v1/predict", "x", { "Content-Type": "text/plain" })],
  [
    "a CORS preflight",
    () => get("/v1/predict", { method: "OPTIONS", headers: { ...ORIGIN, "Access-Control-Request-Method": "POST" } }),
  ],
];

describe("response headers", () => {
  for (const [what, request] of COMPUTED)
    it(`${what}: nosniff, no-store`, async () => {
      const response = await request();
      expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(response.headers.get("Cache-Control")).toBe("no-store");
    });

  for (const path of ["/v1/openapi.json", "/v1/docs"])
    it(`${path}: nosniff, cached briefly`, async () => {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(response.headers.get("Cache-Control")).toMatch(/^public, max-age=\d+$/);
    });

  it("Server-Timing for the caller, not for other origins' scripts", async () => {
    const response = await postJson("/v1/predict", pair, { "Content-Type": "application/json", ...ORIGIN });
    expect(response.status).toBe(200);
    expect(response.headers.get("Server-Timing")).toMatch(/model/);
    expect(response.headers.get("Timing-Allow-Origin")).toBeNull();
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(response.headers.get("Access-Control-Expose-Headers") ?? "").not.toMatch(/server-timing/i);
  });
});

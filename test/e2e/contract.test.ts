// The API contract from a real workerd: /v1/openapi.json is a valid OpenAPI 3.1 document (checked by
// an OpenAPI schema validator), real answers match the response schemas it documents, and every
// limit and problem type is in it and on the docs page.
import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020 from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIMITS } from "../../functions/api/limits.ts";
import { PROBLEMS, problemType } from "../../functions/api/problems.ts";
import { generatedPairs } from "../../scripts/lib/fixture-pairs.ts";
import { httpClient, startTestWorker, type TestWorker } from "../../scripts/lib/start-worker.ts";

let worker: TestWorker;
let document: Record<string, any>;
let resolved: Record<string, any>;
let call: ReturnType<typeof httpClient>;

beforeAll(async () => {
  worker = await startTestWorker();
  call = httpClient(worker);
  document = (await (await call("/v1/openapi.json")).json()) as Record<string, any>;
  const validator = new Validator();
  await validator.validate(structuredClone(document));
  resolved = validator.resolveRefs() as Record<string, any>;
});

afterAll(async () => {
  await worker?.dispose();
});

const post = (path: string, body: unknown) =>
  call(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

/** Validates a real answer against the schema the document gives for this path, method and status. */
async function expectConforms(response: Response, path: string, method: string) {
  const status = String(response.status);
  const operation = resolved.paths[path][method];
  const media = response.headers.get("Content-Type")!.split(";")[0]!;
  const schema = operation.responses[status]?.content?.[media]?.schema;
  expect(schema, `${method} ${path} documents no ${status} ${media} answer`).toBeDefined();
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const validate = ajv.compile(schema);
  const body = await response.json();
  expect(validate(body), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
}

describe("GET /v1/openapi.json", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const result = await new Validator().validate(structuredClone(document));
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe("3.1.0");
  });

  it("documents every route, with required bodies for predict and screen", () => {
    expect(Object.keys(document.paths).sort()).toEqual([
      "/v1/admin/usage-events",
      "/v1/health",
      "/v1/jobs",
      "/v1/jobs/{id}",
      "/v1/jobs/{id}/results",
      "/v1/models",
      "/v1/ping",
      "/v1/predict",
      "/v1/screen",
      "/v1/species",
      "/v1/species/{name}",
      "/v1/uploads",
      "/v1/uploads/{id}/parts/{part}",
      "/v1/usage",
    ]);
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    for (const path of ["/v1/predict", "/v1/screen"]) {
      expect(document.paths[path].post.requestBody.required).toBe(true);
      expect(Object.keys(document.paths[path].post.requestBody.content)).toEqual([
        "application/json",
        "multipart/form-data",
      ]);
    }
  });

  it("states every limit and every problem type", () => {
    const text = JSON.stringify(document);
    for (const value of [
      LIMITS.maxBodyBytes,
      LIMITS.maxPairs,
      LIMITS.maxLncrnaLength,
      LIMITS.maxScreenMirnas,
      LIMITS.maxTopK,
      LIMITS.maxIdLength,
    ])
      expect(text).toContain(String(value));
    for (const kind of Object.keys(PROBLEMS) as Array<keyof typeof PROBLEMS>) expect(text).toContain(problemType(kind));
    expect(document.components.schemas.PredictRequest.properties.pairs.maxItems).toBe(LIMITS.maxPairs);
    expect(document.components.schemas.ScreenRequest.properties.topK.maximum).toBe(LIMITS.maxTopK);
  });
});

describe("real answers match the documented schemas", () => {
  const [pair] = generatedPairs(1, 5);
  it("predict, ensemble and FASTA", async () => {
    await expectConforms(await post("/v1/predict", { pairs: [pair] }), "/v1/predict", "post");
    await expectConforms(
      await post("/v1/predict", {
        mirnaFasta: `>m\n${pair!.mirna}`,
        lncrnaFasta: `>l\n${pair!.lncrna}`,
        model: "ensemble",
      }),
      "/v1/predict",
      "post",
    );
  });
  it("screen", async () => {
    const mirnaFasta = generatedPairs(30, 6)
      .map((p, i) => `>m${i}\n${p.mirna}`)
      .join("\n");
    await expectConforms(
      await post("/v1/screen", { lncrna: pair!.lncrna, mirnaFasta, topK: 5, model: "ensemble" }),
      "/v1/screen",
      "post",
    );
  });
  it("models, health, ping, species", async () => {
    for (const path of ["/v1/models", "/v1/health", "/v1/ping", "/v1/species"])
      await expectConforms(await call(path), path, "get");
  });
  it("problems", async () => {
    await expectConforms(
      await post("/v1/predict", { pairs: [{ mirna: "ACGU", lncrna: "ACGU" }] }),
      "/v1/predict",
      "post",
    );
    await expectConforms(await post("/v1/screen", { lncrna: "ACGU", species: "none" }), "/v1/screen", "post");
    await expectConforms(await call("/v1/species/none"), "/v1/species/{name}", "get");
  });
});

describe("GET /v1/docs", () => {
  it("is an HTML page with every route, limit and problem type", async () => {
    const response = await call("/v1/docs");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
    const html = await response.text();
    for (const path of Object.keys(document.paths)) expect(html).toContain(`<code>${path}</code>`);
    for (const kind of Object.keys(PROBLEMS) as Array<keyof typeof PROBLEMS>) expect(html).toContain(problemType(kind));
    expect(html).toContain(String(LIMITS.maxScreenMirnas));
    expect(html).not.toMatch(/<script/i);
  });

  it("is linked from the demo page at /, which runs the widget under a CSP", async () => {
    const response = await call("/", { redirect: "manual" });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Security-Policy")).toContain("script-src 'self' 'wasm-unsafe-eval'");
    const html = await response.text();
    expect(html).toContain('href="/v1/docs"');
    expect(html).toContain("<lmi-predict");
    const post = await call("/", { method: "POST" });
    expect([post.status, post.headers.get("Content-Type")]).toEqual([405, "application/problem+json"]);
  });
});

// The API contract from a real workerd: /v1/openapi.json is a valid OpenAPI 3.1 document (checked by
// an OpenAPI schema validator), real answers match the response schemas it documents, and every
// limit and problem type is in it and on the docs page.
import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020 from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIMITS } from "../../functions/api/limits.ts";
import { PROBLEMS, problemType } from "../../functions/api/problems.ts";
import EXAMPLES from "../../functions/api/examples.json";
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

/** Every property reachable from a schema, named by its path, with its description (its own or its schema's). */
function fieldsOf(schema: any, path: string, seen = new Set<string>()): Array<{ path: string; description?: string }> {
  if (!schema) return [];
  if (schema.$ref) {
    const name = schema.$ref.split("/").pop();
    if (seen.has(name)) return [];
    seen.add(name);
    return fieldsOf(document.components.schemas[name], name, seen);
  }
  const nested = [
    ...(schema.items ? fieldsOf(schema.items, `${path}[]`, seen) : []),
    ...["anyOf", "oneOf", "allOf"].flatMap((k) => (schema[k] ?? []).flatMap((x: any) => fieldsOf(x, path, seen))),
  ];
  return [
    ...nested,
    ...Object.entries<any>(schema.properties ?? {}).flatMap(([name, field]) => {
      const target = field.$ref ? document.components.schemas[field.$ref.split("/").pop()] : field;
      return [
        { path: `${path}.${name}`, description: field.description ?? target?.description },
        ...fieldsOf(field, `${path}.${name}`, seen),
      ];
    }),
  ];
}

describe("the contract's descriptions", () => {
  it("describe every field of every answer", () => {
    const missing: string[] = [];
    for (const [path, item] of Object.entries<any>(document.paths))
      for (const [method, op] of Object.entries<any>(item))
        for (const [status, response] of Object.entries<any>(op.responses ?? {}))
          for (const [type, content] of Object.entries<any>(response.content ?? {}))
            for (const field of fieldsOf(content.schema, `${method} ${path} ${status} ${type}`))
              if (!field.description?.trim()) missing.push(field.path);
    expect([...new Set(missing)]).toEqual([]);
  });
});

/** Equal, numbers within 1e-5: a fresh isolate answers with the light engine tier, which agrees with onnxruntime to that. */
function expectAlike(actual: unknown, expected: unknown, path = "$"): void {
  if (typeof expected === "number") {
    expect(typeof actual, path).toBe("number");
    expect(Math.abs((actual as number) - expected), path).toBeLessThanOrEqual(1e-5);
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, path).toBe(expected.length);
    expected.forEach((e, i) => expectAlike((actual as unknown[])[i], e, `${path}[${i}]`));
  } else if (expected && typeof expected === "object") {
    expect(Object.keys(actual as object).sort(), path).toEqual(Object.keys(expected).sort());
    for (const [k, e] of Object.entries(expected))
      expectAlike((actual as Record<string, unknown>)[k], e, `${path}.${k}`);
  } else expect(actual, path).toEqual(expected);
}

describe("GET /v1/docs", () => {
  it("shows each route's example answer as the service gives it now (npm run docs:examples)", async () => {
    const html = await (await call("/v1/docs")).text();
    for (const example of EXAMPLES) {
      const response = await call(example.path, {
        method: example.method,
        ...(example.body !== undefined
          ? { headers: { "Content-Type": "application/json" }, body: JSON.stringify(example.body) }
          : {}),
      });
      expect(response.status).toBe(200);
      expectAlike(await response.json(), example.response);
      const section = html.slice(html.indexOf(`id="${example.method.toLowerCase()}-${example.path}"`));
      expect(section.slice(0, section.indexOf("</section>"))).toContain("<h4>example</h4>");
    }
  });

  it("lists the fields of every object an answer holds, nested ones included", async () => {
    const html = await (await call("/v1/docs")).text();
    const screen = html.slice(html.indexOf('id="post-/v1/screen"'));
    const section = screen.slice(0, screen.indexOf("</section>"));
    for (const name of ["ScreenHit", "SeedSite", "DuplexSite", "MemberScore"])
      expect(section).toContain(`<h5><code>${name}</code></h5>`);
    for (const field of ["ranking.nextOffset", "candidates.scored", "firstPass.recall.recall"])
      expect(section).toContain(`<code>${field}</code>`);
  });

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

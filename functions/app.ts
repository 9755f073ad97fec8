// The lmi-edge HTTP API as a Hono app over web-standard Request/Response. The runtime (encoders,
// models, species catalog) is injected, so the same app serves in workerd and in tests.
import { OpenAPIHono } from "@hono/zod-openapi";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import { timing } from "hono/timing";
import { docsPage } from "./api/docs-page.ts";
import { unknownFields } from "./api/fields.ts";
import { CONTRACT_CACHE_CONTROL, responseHeaders } from "./api/headers.ts";
import type { AppEnv } from "./api/env.ts";
import { isMultipart, requestBody } from "./api/inputs.ts";
import { LIMITS } from "./api/limits.ts";
import { openApiDocument } from "./api/openapi.ts";
import { registerJobs } from "./api/jobs.ts";
import { optionalKey } from "./api/auth.ts";
import { registerPredict } from "./api/predict.ts";
import {
  httpExceptionKind,
  jsonPointer,
  problemResponse,
  ProblemError,
  problemType,
  type FieldError,
} from "./api/problems.ts";
import { registerScreen } from "./api/screen.ts";
import { registerPing, registerService, SERVICE_VERSION } from "./api/service.ts";
import { registerSpecies } from "./api/species.ts";
import type { RuntimeFactory } from "./runtime.ts";

export function createApp(runtime: RuntimeFactory): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const issues = result.error.issues;
      const tooMany = issues.find((i) => i.code === "too_big" && i.path.length === 1 && i.path[0] === "pairs");
      if (tooMany)
        return problemResponse(c, "too-many-pairs", `at most ${LIMITS.maxPairs} pairs per request`, {
          limit: LIMITS.maxPairs,
        });
      // unknown fields first: a misspelled name also makes the field it meant look missing
      const unknown = issues.flatMap((i) => unknownFields(i) ?? []);
      const errors: FieldError[] = [
        ...unknown,
        ...issues.filter((i) => !unknownFields(i)).map((i) => ({ path: i.path, detail: i.message })),
      ].map(({ path, detail }) => ({ type: problemType("invalid-request"), pointer: jsonPointer(path), detail }));
      return problemResponse(c, "invalid-request", errors.map((e) => `${e.pointer}: ${e.detail}`).join("; "), {
        errors,
      });
    },
  });

  app.use("*", responseHeaders);
  app.use(
    "/v1/*",
    cors({
      origin: "*",
      allowMethods: ["GET", "POST", "DELETE", "OPTIONS"],
      // Authorization: API keys, incl. the widget's `key` attribute as a bearer token from any embedding origin
      allowHeaders: ["Content-Type", "Content-Encoding", "Authorization", "Idempotency-Key"],
      maxAge: 86400,
    }),
  );
  // Server-Timing for the caller's own tools; other origins' scripts see neither it nor Resource Timing
  app.use("/v1/*", timing());
  // before the runtime middleware: these need no encoders, models or storage
  registerPing(app);
  let document: ReturnType<typeof openApiDocument> | undefined; // built once per isolate, on first ask
  const contract = () => (document ??= openApiDocument(app, SERVICE_VERSION));
  app.get("/v1/openapi.json", (c) => c.json(contract(), 200, { "Cache-Control": CONTRACT_CACHE_CONTROL }));
  app.get("/v1/docs", (c) => c.html(docsPage(contract()), 200, { "Cache-Control": CONTRACT_CACHE_CONTROL }));
  // the deployed worker answers / with the demo page (a static asset, functions/index.ts); without
  // assets (the Node app) / leads to the docs
  app.get("/", (c) => c.redirect("/v1/docs"));
  app.use("/v1/*", async (c, next) => {
    c.set("runtime", runtime());
    await next();
  });
  app.on("POST", ["/v1/predict", "/v1/screen"], optionalKey, ...requestBody);

  registerService(app);
  registerPredict(app);
  registerScreen(app);
  registerSpecies(app);
  registerJobs(app);

  app.notFound((c) => {
    const path = new URL(c.req.url).pathname;
    const allowed = allowedMethods(app, path);
    if (allowed.length > 0)
      return problemResponse(
        c,
        "method-not-allowed",
        `${path} answers ${allowed.join(", ")}, not ${c.req.method}`,
        { allowed },
        { Allow: allowed.join(", ") },
      );
    return problemResponse(c, "not-found", `no route for ${c.req.method} ${path}; the API is described at /v1/docs`);
  });
  app.onError((error, c) => {
    if (error instanceof ProblemError) return problemResponse(c, error.kind, error.message, error.extensions);
    const kind = error instanceof HTTPException ? httpExceptionKind(error.status, isMultipart(c)) : undefined;
    if (kind) return problemResponse(c, kind, error.message);
    console.error("unhandled error", error);
    return problemResponse(c, "internal", "the request could not be processed; it has been logged");
  });
  return app;
}

/** Methods that some route (not middleware) answers on this path. */
function allowedMethods(app: OpenAPIHono<AppEnv>, path: string): string[] {
  const methods = new Set<string>();
  for (const route of app.routes) {
    if (route.method === "ALL" || route.path.includes("*")) continue;
    const pattern = new RegExp(`^${route.path.replace(/:[^/]+/g, "[^/]+")}$`);
    if (pattern.test(path)) methods.add(route.method);
  }
  return [...methods].sort();
}

// The lmi-edge HTTP API as a Hono app over web-standard Request/Response. The runtime (encoders and
// models) is injected, so the same app serves in workerd and in tests.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "./api/env.ts";
import { LIMITS } from "./api/limits.ts";
import { registerPredict } from "./api/predict.ts";
import { problemResponse, ProblemError, problemType, type FieldError } from "./api/problems.ts";
import { registerService, SERVICE_VERSION } from "./api/service.ts";
import type { RuntimeFactory } from "./runtime.ts";

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/** POST bodies: size limit, JSON content type, parseable JSON — each with its own problem type. */
const jsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  const mediaType = (c.req.header("Content-Type") ?? "").split(";")[0]!.trim();
  if (!JSON_MEDIA_TYPE.test(mediaType)) {
    return problemResponse(c, "unsupported-media-type", `send the request as application/json${mediaType ? `, not ${mediaType}` : " (no Content-Type was given)"}`);
  }
  try {
    await c.req.json(); // cached for the validator
  } catch (error) {
    return problemResponse(c, "malformed-json", `the body is not valid JSON: ${(error as Error).message}`);
  }
  await next();
};

export function createApp(runtime: RuntimeFactory): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const issues = result.error.issues;
      const tooMany = issues.find((i) => i.code === "too_big" && i.path.length === 1 && i.path[0] === "pairs");
      if (tooMany) return problemResponse(c, "too-many-pairs", `at most ${LIMITS.maxPairs} pairs per request`, { limit: LIMITS.maxPairs });
      const errors: FieldError[] = issues.map((i) => ({
        type: problemType("invalid-request"),
        pointer: "/" + i.path.map(String).join("/"),
        detail: i.message,
      }));
      return problemResponse(c, "invalid-request", errors.map((e) => `${e.pointer}: ${e.detail}`).join("; "), { errors });
    },
  });

  app.use("/v1/*", cors({ origin: "*", allowMethods: ["GET", "POST", "OPTIONS"], allowHeaders: ["Content-Type"], maxAge: 86400 }));
  app.use("/v1/*", async (c, next) => {
    c.set("runtime", runtime());
    await next();
  });
  app.post(
    "/v1/*",
    bodyLimit({
      maxSize: LIMITS.maxBodyBytes,
      onError: (c) => problemResponse(c, "body-too-large", `the body exceeds ${LIMITS.maxBodyBytes} bytes`, { limit: LIMITS.maxBodyBytes }),
    }),
    jsonBody,
  );

  registerService(app);
  registerPredict(app);

  app.doc31("/v1/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "lmi-edge",
      version: SERVICE_VERSION,
      description: `lncRNA–miRNA interaction prediction. Limits: body ≤ ${LIMITS.maxBodyBytes} bytes, ≤ ${LIMITS.maxPairs} pairs, lncRNA ≤ ${LIMITS.maxLncrnaLength} nt, miRNA ${LIMITS.minMirnaLength}–${LIMITS.maxMirnaLength} nt. Errors are RFC 9457 problem+json with a stable type per fault.`,
    },
  });

  app.notFound((c) => problemResponse(c, "not-found", `no route for ${c.req.method} ${new URL(c.req.url).pathname}`));
  app.onError((error, c) => {
    if (error instanceof ProblemError) return problemResponse(c, error.kind, error.message, error.extensions);
    if (error instanceof HTTPException && error.status === 400) return problemResponse(c, "malformed-json", error.message);
    console.error("unhandled error", error);
    return problemResponse(c, "internal", "the request could not be processed; it has been logged");
  });
  return app;
}

// GET /v1/health, GET /v1/ping (the no-op floor the benchmarks compare against) and GET /v1/models.
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { newLncrnaAccuracy } from "../models/new-lncrna.ts";
import type { AppEnv } from "./env.ts";
import { HealthSchema, ModelSummarySchema, PingSchema } from "./schemas.ts";

export const SERVICE_VERSION = "0.2.0";

const healthRoute = createRoute({
  method: "get",
  path: "/v1/health",
  summary: "Liveness and the models this deployment serves",
  responses: { 200: { description: "Service is up", content: { "application/json": { schema: HealthSchema } } } },
});

const pingRoute = createRoute({
  method: "get",
  path: "/v1/ping",
  summary: "No-op: answers at once without touching models or storage",
  description: "The floor for latency measurements: the same router, middleware and worker, and no work.",
  responses: { 200: { description: "Always", content: { "application/json": { schema: PingSchema } } } },
});

const modelsRoute = createRoute({
  method: "get",
  path: "/v1/models",
  summary: "Served models with their cards: encoding, training data, threshold, metrics",
  description:
    "Any of these names can be given as `model` to /v1/predict and /v1/screen. An ensemble (family `ensemble`) lists its members; its answers carry each member's own score.",
  responses: {
    200: {
      description: "All served models",
      content: {
        "application/json": {
          schema: z.object({
            default: z.string().openapi({ description: "The model used when a request names none" }),
            models: z.array(ModelSummarySchema).openapi({ description: "Every served model" }),
          }),
        },
      },
    },
  },
});

/** The measured accuracy of the model's recipe on lncRNAs it never saw, where one was measured. */
const withNewLncrna = (name: string, onnxSha256: string) => {
  const accuracy = newLncrnaAccuracy(name, onnxSha256);
  return accuracy ? { newLncrna: accuracy } : {};
};

/** Registered before the runtime middleware, so it stays a true no-op. */
export function registerPing(app: OpenAPIHono<AppEnv>): void {
  app.openapi(pingRoute, (c) => c.json({ ok: true as const }, 200));
}

export function registerService(app: OpenAPIHono<AppEnv>): void {
  app.openapi(healthRoute, (c) =>
    c.json({ status: "ok" as const, version: SERVICE_VERSION, models: c.var.runtime.models.names() }, 200),
  );
  app.openapi(modelsRoute, (c) => {
    const { models } = c.var.runtime;
    const summaries = models.names().map((name) => {
      const card = models.card(name)!;
      return {
        name,
        description: card.description,
        family: card.family,
        default: name === models.defaultName,
        threshold: card.threshold,
        // seed sites and the duplex come with every model; an attention profile from a model that has
        // one, or an ensemble with such a member (in its members' breakdown)
        explanations: [
          "seed-sites" as const,
          "duplex" as const,
          ...(card.attention ||
          (card.encoding.name === "member-scores" && card.encoding.members.some((m) => models.card(m)?.attention))
            ? ["attention" as const]
            : []),
        ],
        ...(card.encoding.name === "member-scores" ? { members: card.encoding.members } : {}),
        encoding: card.encoding,
        training: card.training,
        ...(card.screenPrior ? { screenPrior: card.screenPrior } : {}),
        ...(card.geneHead ? { geneHead: card.geneHead } : {}),
        ...withNewLncrna(name, card.onnx.sha256),
        metrics: card.metrics,
        onnx: card.onnx,
      };
    });
    return c.json({ default: models.defaultName, models: summaries }, 200);
  });
}

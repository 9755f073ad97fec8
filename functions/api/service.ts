// GET /v1/health and GET /v1/models.
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./env.ts";
import { HealthSchema, ModelSummarySchema } from "./schemas.ts";

export const SERVICE_VERSION = "0.1.0";

const healthRoute = createRoute({
  method: "get",
  path: "/v1/health",
  summary: "Liveness and the models this deployment serves",
  responses: { 200: { description: "Service is up", content: { "application/json": { schema: HealthSchema } } } },
});

const modelsRoute = createRoute({
  method: "get",
  path: "/v1/models",
  summary: "Served models with their cards: encoding, training data, threshold, metrics",
  responses: {
    200: { description: "All served models", content: { "application/json": { schema: z.object({ default: z.string(), models: z.array(ModelSummarySchema) }) } } },
  },
});

export function registerService(app: OpenAPIHono<AppEnv>): void {
  app.openapi(healthRoute, (c) => c.json({ status: "ok" as const, version: SERVICE_VERSION, models: c.var.runtime.models.names() }, 200));
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
        encoding: card.encoding,
        training: card.training,
        metrics: card.metrics,
        onnx: card.onnx,
      };
    });
    return c.json({ default: models.defaultName, models: summaries }, 200);
  });
}

// POST /v1/predict: score miRNA–lncRNA pairs with a served model and show the seed sites behind it.
import { createRoute, type OpenAPIHono, type z } from "@hono/zod-openapi";
import type { EncodedPair } from "../inference/pipeline.ts";
import type { DuplexSite } from "../kernels/duplex.ts";
import type { AppEnv } from "./env.ts";
import { LIMITS } from "./limits.ts";
import { ProblemError, type FieldError, type ProblemKind } from "./problems.ts";
import { PredictRequestSchema, PredictResponseSchema, ProblemSchema, type PredictionSchema } from "./schemas.ts";
import { checkSequence } from "./sequences.ts";

const problemContent = { "application/problem+json": { schema: ProblemSchema } };

export const predictRoute = createRoute({
  method: "post",
  path: "/v1/predict",
  summary: "Score miRNA–lncRNA pairs",
  request: { body: { required: true, content: { "application/json": { schema: PredictRequestSchema } } } },
  responses: {
    200: { description: "One result per pair, in request order", content: { "application/json": { schema: PredictResponseSchema } } },
    400: { description: "Malformed JSON", content: problemContent },
    413: { description: `Body over ${LIMITS.maxBodyBytes} bytes`, content: problemContent },
    415: { description: "Content type is not application/json", content: problemContent },
    422: { description: "Invalid sequences, limits exceeded, schema violation or unknown model", content: problemContent },
  },
});

const MAX_ERRORS_LISTED = 100;

const duplexSite = ({ energy, targetStart, targetEnd, mirnaStart, mirnaEnd, diagram }: DuplexSite) => ({ energy, targetStart, targetEnd, mirnaStart, mirnaEnd, diagram });

export function registerPredict(app: OpenAPIHono<AppEnv>): void {
  app.openapi(predictRoute, async (c) => {
    const { pairs, model: requested } = c.req.valid("json");
    const { encoders, models } = c.var.runtime;
    const name = requested ?? models.defaultName;
    const card = models.card(name);
    if (!card) throw new ProblemError("unknown-model", `no model named ${JSON.stringify(name)}; available: ${models.names().join(", ")}`, { available: models.names() });

    const errors: FieldError[] = [];
    const checked = pairs.map((pair, i) => ({
      mirna: checkSequence(encoders, pair.mirna, "mirna", `/pairs/${i}/mirna`, errors),
      lncrna: checkSequence(encoders, pair.lncrna, "lncrna", `/pairs/${i}/lncrna`, errors),
    }));
    if (errors.length > 0) {
      const first = errors[0]!;
      const summary = errors.length === 1 ? first.detail : `${errors.length} sequences are invalid; first at ${first.pointer}: ${first.detail}`;
      throw new ProblemError(first.type.split("/").pop() as ProblemKind, summary, {
        errors: errors.slice(0, MAX_ERRORS_LISTED),
        errorCount: errors.length,
      });
    }

    const model = await models.get(name);
    const encoded: EncodedPair[] = checked.map((pair) => ({ mirna: pair.mirna!.codes, lncrna: pair.lncrna!.codes }));
    const predictions = await model.predict(encoded, LIMITS.maxSitesListed);
    const results: z.infer<typeof PredictionSchema>[] = predictions.map((p, i) => ({
      index: i,
      ...(pairs[i]!.id !== undefined ? { id: pairs[i]!.id } : {}),
      score: p.score,
      label: p.label,
      threshold: card.threshold,
      model: name,
      lengths: { mirna: checked[i]!.mirna!.codes.length, lncrna: checked[i]!.lncrna!.codes.length },
      ambiguous: { mirna: checked[i]!.mirna!.ambiguous, lncrna: checked[i]!.lncrna!.ambiguous },
      seed: { ...p.seed, sitesTruncated: p.seed.total > p.seed.sites.length },
      ...(p.duplex ? { duplex: { energy: p.duplex.energy, best: p.duplex.best && duplexSite(p.duplex.best) } } : {}),
    }));
    return c.json({ model: name, results }, 200);
  });
}

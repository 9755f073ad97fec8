// Whether a species set's null describes the scores a request got, shared by /v1/screen and
// /v1/predict: p-values are given only for the model (name and ONNX sha256) and head the null was
// fitted with; otherwise the answer says why there are none.
import type { z } from "@hono/zod-openapi";
import type { ModelRegistry } from "../inference/registry.ts";
import type { Significance } from "../species/significance.ts";
import type { SpeciesSummary } from "../species/set.ts";
import type { ScreenSignificanceSchema } from "./schemas.ts";

export type SpeciesRef = Pick<SpeciesSummary, "name" | "latinName" | "source" | "release">;

/**
 * The species set's null when it describes the scores this screen gave — the same model (by name and
 * ONNX sha256) and the same head — else why there are no p-values.
 */
export function significanceFor(
  models: ModelRegistry,
  model: string,
  head: string | undefined,
  significance: Significance | undefined,
  distinct: number,
  species: SpeciesRef | undefined,
): { significance?: Significance; answer: z.infer<typeof ScreenSignificanceSchema> } {
  const no = (reason: string) => ({ answer: { available: false, reason } });
  if (!species) return no("candidates from a FASTA have no null: p-values need a species set");
  if (!significance)
    return no(
      `species set ${species.name} (${species.source}) was loaded without a null (npm run species:load -- --significance ${species.name})`,
    );
  const sha = models.card(model)?.onnx.sha256;
  if (significance.model !== model || significance.modelSha256 !== sha)
    return no(
      `the set's null describes model ${significance.model}${significance.model === model ? " as it was before retraining (run species:load again)" : ""}, not ${model}`,
    );
  if ((head ?? null) !== significance.head)
    return no(`the set's null was fitted with another head (${significance.head ?? "the gate"})`);
  if (significance.rows.length !== distinct) return no("the set's null does not match its rows");
  return {
    significance,
    answer: {
      available: true,
      method:
        "per-miRNA null of logit scores against background lncRNAs, ln(length) term, pooled held-out residuals (docs/significance.md)",
      model: significance.model,
      backgrounds: significance.lengths.length * significance.perLength,
    },
  };
}

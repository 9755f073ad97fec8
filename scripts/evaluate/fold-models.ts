// The committed fold models (models/folds) that score a harness variant through the serving path: each
// was trained on that variant's train and validation rows only, so on its test rows it is a held-out
// score where the served model of its family trained on the test RNAs.
import { join } from "node:path";
import { EnsembleModel } from "../../functions/inference/ensemble.ts";
import { InteractionModel, type ServedModel } from "../../functions/inference/pipeline.ts";
import type { Encoders } from "../../functions/kernels/encoders.ts";
import type { ModelBundle, ModelCard } from "../../functions/models/card.ts";
import type { LabelledPair } from "../data/pairs.ts";
import { ortWasmFromNodeModules, readModelBundles } from "../lib/node-runtime.ts";
import { modelsDir } from "../lib/paths.ts";
import type { Variant } from "./benchmarks.ts";
import { trainingSetOfRows, type TrainingSet } from "./training-overlap.ts";

export interface FoldModel {
  name: string;
  model: ServedModel;
  trainedOn: TrainingSet;
  /** The variant whose fold it was trained on (the only one it scores). */
  variant: string;
  /** The served model of the same family, whose row it stands in for when that row is contaminated. */
  servedAs: string;
}

/**
 * The served model a fold model stands in for: the longest served name its own name starts with
 * ("duplex-mlp-both-human-cold" → "duplex-mlp-both", not "duplex-mlp"); none for an experiment.
 */
export const servedModelOf = (foldName: string, served: readonly string[]): string | undefined =>
  served.filter((name) => foldName.startsWith(`${name}-`)).sort((a, b) => b.length - a.length)[0];

export async function loadFoldModels(
  variants: Variant[],
  encoders: Encoders,
  served: readonly string[],
  dir = join(modelsDir, "folds"),
): Promise<FoldModel[]> {
  const byId = new Map(variants.map((v) => [v.id, v]));
  const out: FoldModel[] = [];
  const bundles = readModelBundles(dir);
  // a fold ensemble's members: fold models beside it, or served models
  const bundleOf = (name: string) =>
    [...bundles, ...readModelBundles()].find((b) => (b.card as { name?: string }).name === name);
  const load = async (bundle: ModelBundle): Promise<ServedModel> =>
    (bundle.card as ModelCard).encoding.name === "member-scores"
      ? EnsembleModel.load(bundle, encoders, ortWasmFromNodeModules(), (name) => {
          const member = bundleOf(name);
          if (!member) throw new Error(`fold ensemble ${(bundle.card as ModelCard).name}: no member ${name}`);
          return load(member);
        })
      : InteractionModel.load(bundle, encoders, ortWasmFromNodeModules());
  for (const bundle of bundles) {
    const card = bundle.card as ModelCard & { training: { variant?: string } };
    const variant = card.encoding && card.training?.variant ? byId.get(card.training.variant) : undefined;
    const servedAs = servedModelOf(card.name, served);
    if (!variant || !servedAs) continue;
    const [fold] = variant.folds;
    out.push({
      name: card.name,
      model: await load(bundle),
      trainedOn: trainingSetOfRows([...fold!.train, ...fold!.validation] as LabelledPair[]),
      variant: variant.id,
      servedAs,
    });
  }
  return out;
}

// species:load's p-value nulls: which sets get one, the background of each domain, and a cache in
// build/significance keyed by the model's and the set's sha256 and the null's options (a null takes
// seconds to minutes).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Encoders } from "../../functions/kernels/encoders.ts";
import type { ServedModel } from "../../functions/inference/pipeline.ts";
import { speciesDomain, type SpeciesDomain } from "../../functions/species/domains.ts";
import type { SpeciesSetInfo } from "../../functions/species/set.ts";
import { SignificanceSchema } from "../../functions/species/significance.ts";
import { sha256Hex } from "../../functions/digest.ts";
import { loadLabelledPairs } from "../data/datasets.ts";
import { nodeModelRegistry } from "../lib/node-runtime.ts";
import { buildDir } from "../lib/paths.ts";
import { DEFAULT_NULL_OPTIONS, dinucleotideModel, fitSignificance, type DinucleotideModel } from "./significance.ts";

/** The species of the examples: their sets get a null unless told otherwise (others: --significance). */
export const DEFAULT_SIGNIFICANCE = ["hsa", "ath"];

/** Real lncRNAs whose dinucleotide make-up the backgrounds of a domain follow. */
const BACKGROUND_DATASETS: Record<SpeciesDomain, string> = {
  animal: "ncrnainter-human",
  plant: "pmlipred-trainval-ath",
};

/** The Markov model of a domain's real lncRNAs, which its backgrounds follow. */
export function backgroundOf(domain: SpeciesDomain, dataDir: string): DinucleotideModel {
  const pairs = loadLabelledPairs(BACKGROUND_DATASETS[domain], dataDir).pairs;
  return dinucleotideModel(new Set(pairs.map((p) => p.lncrna)));
}

/** Adds the default model's screen null to each set (from the cache when the model and set are unchanged). */
export async function addSignificance(sets: SpeciesSetInfo[], encoders: Encoders, dataDir: string): Promise<void> {
  const registry = nodeModelRegistry();
  const card = registry.card(registry.defaultName)!;
  // the model's session only opens when a null is not in the cache
  let model: ServedModel | undefined;
  const backgrounds = new Map<SpeciesDomain, DinucleotideModel>();
  const dir = join(buildDir, "significance");
  const optionsSha = await sha256Hex(new TextEncoder().encode(JSON.stringify(DEFAULT_NULL_OPTIONS)));
  mkdirSync(dir, { recursive: true });
  for (const info of sets) {
    const domain = speciesDomain(info.set);
    if (!domain) {
      console.log(`species:load: ${info.set.name} (${info.set.source}): no domain (not a plant or an animal), no null`);
      continue;
    }
    const setSha = await sha256Hex(new TextEncoder().encode(JSON.stringify(info.set.mirnas)));
    const file = join(
      dir,
      `${card.onnx.sha256.slice(0, 16)}-${info.set.source}-${info.set.name}-${setSha.slice(0, 16)}-${optionsSha.slice(0, 8)}.json`,
    );
    const cached = existsSync(file) ? SignificanceSchema.safeParse(JSON.parse(readFileSync(file, "utf8"))) : undefined;
    if (cached?.success) {
      info.set.significance = cached.data;
      continue;
    }
    const started = Date.now();
    if (!backgrounds.has(domain)) backgrounds.set(domain, backgroundOf(domain, dataDir));
    model ??= await registry.get(card.name);
    const significance = await fitSignificance(model, encoders, info.set, domain, backgrounds.get(domain)!);
    writeFileSync(file, JSON.stringify(significance));
    info.set.significance = significance;
    console.log(
      `species:load: ${info.set.name} (${info.set.source}): ${card.name} null over ${info.set.mirnas.length} miRNAs in ${Math.round((Date.now() - started) / 1000)} s`,
    );
  }
}

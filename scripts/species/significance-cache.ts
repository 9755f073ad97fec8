// species:load's p-value nulls: which sets get one, the background of each domain, and a cache in
// build/significance keyed by the model's and the set's sha256 and the null's recipe (a null takes
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
import { DEFAULT_NULL_OPTIONS, fitSignificance, shuffledBackground, type Background } from "./significance.ts";

/** The species of the examples: their sets get a null unless told otherwise (others: --significance). */
export const DEFAULT_SIGNIFICANCE = ["hsa", "ath"];

/** Real lncRNAs whose shuffles are the backgrounds of a domain. */
const BACKGROUND_DATASETS: Record<SpeciesDomain, string> = {
  animal: "ncrnainter-human",
  plant: "pmlipred-trainval-ath",
};

/** A domain's backgrounds: its real lncRNAs, dinucleotide-shuffled. */
export function backgroundOf(domain: SpeciesDomain, dataDir: string): Background {
  const pairs = loadLabelledPairs(BACKGROUND_DATASETS[domain], dataDir).pairs;
  return shuffledBackground([...new Set(pairs.map((p) => p.lncrna))].sort());
}

/** What a cached null depends on besides the model and the set: its options and its backgrounds. */
const NULL_RECIPE = JSON.stringify({
  options: DEFAULT_NULL_OPTIONS,
  backgrounds: "dinucleotide-shuffled real lncRNAs",
});

/** Adds the default model's screen null to each set (from the cache when the model and set are unchanged). */
export async function addSignificance(sets: SpeciesSetInfo[], encoders: Encoders, dataDir: string): Promise<void> {
  const registry = nodeModelRegistry();
  const card = registry.card(registry.defaultName)!;
  // the model's session only opens when a null is not in the cache
  let model: ServedModel | undefined;
  const backgrounds = new Map<SpeciesDomain, Background>();
  const dir = join(buildDir, "significance");
  const recipeSha = await sha256Hex(new TextEncoder().encode(NULL_RECIPE));
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
      `${card.onnx.sha256.slice(0, 16)}-${info.set.source}-${info.set.name}-${setSha.slice(0, 16)}-${recipeSha.slice(0, 8)}.json`,
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

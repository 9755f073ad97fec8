// npm run -s train:prior -- [--model NAME] [--dataset NAME] [--species PREFIX] [--pseudocount N] [--data-dir DIR]
// Writes a model card's screen prior (functions/species/partner-prior.ts): validated partners per
// miRNA seed family over the dataset's non-test rows. The prior only reorders species screens of
// the named species; a pair's score and p-value do not use it.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PartnerPriorSchema } from "../../functions/species/partner-prior.ts";
import { loadLabelledPairs } from "../data/datasets.ts";
import { parseCli, runCli } from "../lib/cli.ts";
import { loadEncoders } from "../lib/kernels-node.ts";
import { repoRoot, resolveDataDir } from "../lib/paths.ts";
import { countPartners } from "./partner-counts.ts";

const usage =
  "usage: npm run -s train:prior -- [--model ensemble-lite] [--dataset ncrnainter-human] [--species hsa] [--pseudocount 1] [--data-dir DIR]";

runCli(() => {
  const { values } = parseCli(usage, {
    model: { type: "string" },
    dataset: { type: "string" },
    species: { type: "string" },
    pseudocount: { type: "string" },
    "data-dir": { type: "string" },
  });
  if (values.help) return console.log(usage);
  const model = values.model ?? "ensemble-lite";
  const dataset = values.dataset ?? "ncrnainter-human";
  const pseudocount = Number(values.pseudocount ?? 1);
  if (!(pseudocount > 0)) throw new Error(`--pseudocount must be a positive number\n\n${usage}`);
  const { pairs } = loadLabelledPairs(dataset, resolveDataDir(values["data-dir"]));
  const prior = PartnerPriorSchema.parse({
    species: [(values.species ?? "hsa").toLowerCase()],
    ...countPartners(loadEncoders(), pairs),
    pseudocount,
    datasets: [dataset],
  });
  const path = join(repoRoot, "models", `${model}.json`);
  const card = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  writeFileSync(path, `${JSON.stringify({ ...card, screenPrior: prior }, null, 2)}\n`);
  console.error(
    `${path}: screen prior for ${prior.species.join(", ")} from ${dataset}: ${Object.keys(prior.families).length} seed families, ${prior.meanPartners} partners per miRNA`,
  );
});

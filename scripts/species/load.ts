// npm run species:load [-- --data-dir DIR] [--remote | --persist-to DIR] [--if-data] [--out FILE]
//   [--significance NAMES|all|none]
// Builds the species sets from the data dir (scripts/species/sources.ts: curated miRBase 18, the later
// human release, PMRD), checks every miRNA with the API's own rules (records that fail are skipped and
// listed), keeps one row per distinct sequence with all its names, and writes them to the SPECIES KV
// namespace with `wrangler kv bulk put`: local storage by default (.wrangler/state, where
// `wrangler dev` reads it), or the deployed namespace with --remote (needs `wrangler login`). For the
// sets --significance names, it fits the default model's screen null (scripts/species/significance.ts),
// cached under build/significance by model and set.
import { writeFileSync } from "node:fs";
import { SPECIES_SOURCES, speciesEntries, type SpeciesSetInfo } from "../../functions/species/set.ts";
import { buildSpeciesSet } from "./build.ts";
import { parseCli, runCli } from "../lib/cli.ts";
import { loadEncoders } from "../lib/kernels-node.ts";
import { defaultDataDir, hasDataDir, resolveDataDir } from "../lib/paths.ts";
import { bulkPutSpecies } from "./storage.ts";
import { readSpeciesSources } from "./sources.ts";
import { addSignificance, DEFAULT_SIGNIFICANCE } from "./significance-cache.ts";

const usage = `usage: npm run species:load -- [--data-dir DIR] [--remote | --persist-to DIR] [--if-data] [--out FILE]
  --data-dir DIR    the benchmark data (default ../shared/data or LMI_DATA_DIR)
  --remote          write to the deployed SPECIES namespace (wrangler login needed)
  --persist-to DIR  local storage folder (default: wrangler's .wrangler/state)
  --if-data         without a data dir, say so and exit 0 (npm start uses it)
  --out FILE        only write the bulk entries (JSON for wrangler kv bulk put) to FILE
  --significance S  species (prefixes, comma-separated), "all" or "none" whose sets get the default
                    model's screen null for p-values (default: ${DEFAULT_SIGNIFICANCE.join(",")})`;

function significanceChoice(option: string | undefined): Set<string> | "all" {
  if (option === "all") return "all";
  if (option === "none") return new Set();
  return new Set((option?.split(",") ?? DEFAULT_SIGNIFICANCE).map((n) => n.trim().toLowerCase()).filter(Boolean));
}

runCli(async () => {
  const { values } = parseCli(usage, {
    "data-dir": { type: "string" },
    remote: { type: "boolean" },
    "persist-to": { type: "string" },
    "if-data": { type: "boolean" },
    out: { type: "string" },
    significance: { type: "string" },
  });
  if (values.help) return console.log(usage);
  if (values.remote && values["persist-to"]) throw new Error("--remote and --persist-to exclude each other");
  if (values["if-data"] && !values["data-dir"] && !hasDataDir(defaultDataDir())) {
    console.log(
      `species:load: no data dir at ${defaultDataDir()}; species sets not loaded (/v1/screen still takes FASTA)`,
    );
    return;
  }
  const dataDir = resolveDataDir(values["data-dir"]);
  const encoders = loadEncoders();
  const built = readSpeciesSources(dataDir).map((source): SpeciesSetInfo => {
    const { set, skipped } = buildSpeciesSet(encoders, source.name, source.source, source.records);
    for (const s of skipped)
      console.warn(`species:load: ${source.name} (${source.source}): skipped ${s.id}: ${s.reason}`);
    const { latinName, release, file, description } = source;
    return { set, latinName, release, file, description, skipped: skipped.length };
  });
  const chosen = significanceChoice(values.significance);
  const withNull = built.filter((b) => chosen === "all" || chosen.has(b.set.name.toLowerCase()));
  if (withNull.length) await addSignificance(withNull, encoders, dataDir);
  const entries = await speciesEntries(built, new Date().toISOString());
  const summary = SPECIES_SOURCES.map((source) => {
    const sets = built.filter((b) => b.set.source === source);
    const rows = sets.reduce((n, b) => n + b.set.mirnas.length, 0);
    return `${source}: ${sets.length} sets, ${rows} distinct miRNAs`;
  }).join("; ");
  if (values.out) {
    writeFileSync(values.out, JSON.stringify(entries));
    console.log(`species:load: wrote ${entries.length} entries (${summary}) to ${values.out}`);
    return;
  }

  bulkPutSpecies(
    entries,
    values.remote ? ["--remote"] : ["--local", ...(values["persist-to"] ? ["--persist-to", values["persist-to"]] : [])],
  );
  console.log(`species:load: ${summary} written to ${values.remote ? "the deployed" : "the local"} SPECIES namespace`);
});

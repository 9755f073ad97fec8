// npm run reference:load [-- --fasta FILE ... | --data-dir DIR] [--remote | --persist-to DIR] [--if-data] [--out FILE]
// Writes the deployment's reference lncRNAs (functions/species/reference.ts), from which the default
// model's gene head reads a new human lncRNA's isoforms, to the SPECIES KV namespace: local storage by
// default (.wrangler/state, where `wrangler dev` reads it), or the deployed namespace with --remote.
// Without --fasta: the human lncRNAs of the data dir's human data sets (sequences only). With --fasta:
// any FASTA of lncRNA transcripts, e.g. an annotation's (as long as it fits one isolate). Each sequence
// is checked with the API's rules; records that fail are skipped and listed; identical sequences are
// kept once.
import { writeFileSync } from "node:fs";
import { basename } from "node:path";
import { referenceEntries } from "../../functions/species/reference.ts";
import { HUMAN_REFERENCE_DATASETS, humanReferenceTranscripts } from "../data/datasets.ts";
import { parseCli, runCli } from "../lib/cli.ts";
import { loadEncoders } from "../lib/kernels-node.ts";
import { defaultDataDir, hasDataDir, resolveDataDir } from "../lib/paths.ts";
import { bulkPutSpecies } from "./storage.ts";
import { checkedTranscripts, readTranscripts, type Transcript } from "./reference-transcripts.ts";

const usage = `usage: npm run reference:load -- [--fasta FILE ...] [--data-dir DIR] [--remote | --persist-to DIR] [--if-data] [--out FILE]
  --fasta FILE      lncRNA transcripts to load (repeatable); default: the human lncRNAs of the data dir's
                    ${HUMAN_REFERENCE_DATASETS.join(", ")}
  --data-dir DIR    the benchmark data (default ../shared/data or LMI_DATA_DIR)
  --remote          write to the deployed SPECIES namespace (wrangler login needed)
  --persist-to DIR  local storage folder (default: wrangler's .wrangler/state)
  --if-data         without --fasta and a data dir, say so and exit 0 (npm start uses it)
  --out FILE        only write the bulk entries (JSON for wrangler kv bulk put) to FILE`;

runCli(async () => {
  const { values } = parseCli(usage, {
    fasta: { type: "string", multiple: true },
    "data-dir": { type: "string" },
    remote: { type: "boolean" },
    "persist-to": { type: "string" },
    "if-data": { type: "boolean" },
    out: { type: "string" },
  });
  if (values.help) return console.log(usage);
  if (values.remote && values["persist-to"]) throw new Error("--remote and --persist-to exclude each other");
  const files = values.fasta ?? [];
  if (files.length === 0 && values["if-data"] && !values["data-dir"] && !hasDataDir(defaultDataDir())) {
    console.log(`reference:load: no data dir at ${defaultDataDir()}; no reference loaded (the gene head stays off)`);
    return;
  }
  let records: Transcript[];
  let description: string;
  let sources: string[];
  if (files.length > 0) {
    records = files.flatMap(readTranscripts);
    sources = files.map((f) => basename(f));
    description = `lncRNA transcripts of ${sources.join(", ")}`;
  } else {
    const dataDir = resolveDataDir(values["data-dir"]);
    records = humanReferenceTranscripts(dataDir);
    sources = HUMAN_REFERENCE_DATASETS;
    description = `the human lncRNAs of the benchmark data sets ${HUMAN_REFERENCE_DATASETS.join(", ")} (sequences only)`;
  }
  const { kept, skipped } = checkedTranscripts(loadEncoders(), records);
  for (const line of skipped) console.warn(`reference:load: skipped ${line}`);
  const entries = await referenceEntries(kept, description, sources, new Date().toISOString());
  const summary = `${kept.length} distinct transcripts (${skipped.length} skipped) from ${sources.join(", ")}`;
  if (values.out) {
    writeFileSync(values.out, JSON.stringify(entries));
    console.log(`reference:load: wrote ${summary} to ${values.out}`);
    return;
  }
  bulkPutSpecies(
    entries,
    values.remote ? ["--remote"] : ["--local", ...(values["persist-to"] ? ["--persist-to", values["persist-to"]] : [])],
  );
  console.log(
    `reference:load: ${summary} written to ${values.remote ? "the deployed" : "the local"} SPECIES namespace`,
  );
});

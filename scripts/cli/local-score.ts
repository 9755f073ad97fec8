// Scoring a pairs file in this process with the worker's own code: the same row reader and shards as
// POST /v1/jobs, the same kernels, models and scoring as the queue consumer; nothing leaves the machine.
import { createReadStream, createWriteStream } from "node:fs";
import { basename } from "node:path";
import { Readable } from "node:stream";
import type { ReadableStream as WebStream } from "node:stream/web";
import type { FieldError } from "../../functions/api/problems.ts";
import { scoreShard, type ResultRow } from "../../functions/jobs/consumer.ts";
import { ingest, type JobFormat } from "../../functions/jobs/ingest.ts";
import { resultLine, RESULT_COLUMNS } from "../../functions/jobs/results.ts";
import type { SpeciesDomain } from "../../functions/species/domains.ts";
import { SpeciesCatalog } from "../../functions/species/store.ts";
import { referenceEntries, ReferenceStore } from "../../functions/species/reference.ts";
import type { SpeciesStorage } from "../../functions/species/store.ts";
import type { Encoders } from "../../functions/kernels/encoders.ts";
import { checkedTranscripts, readTranscripts } from "../species/reference-transcripts.ts";
import { memoryStorage } from "../species/storage.ts";
import { loadEncoders } from "../lib/kernels-node.ts";
import { nodeModelRegistry } from "../lib/node-runtime.ts";

export interface LocalScoreOutcome {
  pairs: number;
  errors: FieldError[];
  errorCount: number;
  seconds: number;
}

export async function scoreLocally(
  file: string,
  format: JobFormat,
  out: string,
  options: {
    model?: string;
    domain?: SpeciesDomain;
    /** Reference lncRNAs (FASTA) for the gene head, as a deployment holds them after reference:load. */
    reference?: string;
    onShard?: (pairsDone: number) => void;
  } = {},
): Promise<LocalScoreOutcome> {
  const encoders = loadEncoders();
  const env = options.reference ? { SPECIES: await referenceStorage(encoders, options.reference) } : {};
  const models = nodeModelRegistry();
  const runtime = { encoders, models, species: new SpeciesCatalog(encoders), references: new ReferenceStore(encoders) };
  const model = options.model ?? models.defaultName;
  const output = createWriteStream(out);
  output.write(RESULT_COLUMNS.join("\t") + "\n");
  let done = 0;
  const started = performance.now();
  const body = Readable.toWeb(createReadStream(file)) as unknown as ReadableStream<Uint8Array> & WebStream;
  const result = await ingest(body, format, encoders, async (_index, text) => {
    const rows: ResultRow[] = await scoreShard(text, runtime, model, env, options.domain);
    const chunk = rows.map(resultLine).join("\n") + "\n";
    if (!output.write(chunk)) await new Promise<void>((resolve) => output.once("drain", () => resolve()));
    done += rows.length;
    options.onShard?.(done);
  });
  await new Promise<void>((resolve, reject) =>
    output.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return {
    pairs: result.pairs,
    errors: result.errors,
    errorCount: result.errorCount,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * The reference lncRNAs of a FASTA as storage the serving code reads (the entries reference:load writes,
 * held in memory): the worker's own store then indexes them. Records that fail the checks are named.
 */
async function referenceStorage(encoders: Encoders, file: string): Promise<SpeciesStorage> {
  const { kept, skipped } = checkedTranscripts(encoders, readTranscripts(file));
  for (const line of skipped) console.warn(`lmi-edge score --reference: skipped ${line}`);
  return memoryStorage(
    await referenceEntries(kept, `lncRNA transcripts of ${basename(file)}`, [basename(file)], "now"),
  );
}

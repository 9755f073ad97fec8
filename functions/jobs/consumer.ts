// Queue consumer: each message names one shard of a job. The shard is read from R2, scored with the
// serving code (the same scorePairs as /v1/predict), its results written to R2 under a deterministic
// key, and only then completed and billed in one D1 batch (functions/jobs/ledger.ts). A message that
// fails is retried; one already completed, or of a cancelled job, is acknowledged without work.
import { Context } from "hono";
import type { AppEnv } from "../api/env.ts";
import { chooseModels, scorePairs } from "../api/scoring.ts";
import type { EncodedPair } from "../inference/pipeline.ts";
import type { Runtime } from "../runtime.ts";
import type { SpeciesDomain } from "../species/domains.ts";
import type { JobBindings, ShardBatch, ShardMessage } from "./bindings.ts";
import type { ShardRow } from "./ingest.ts";
import { completeShard, failJob, getJob, isShardDone } from "./ledger.ts";
import { jobObjects } from "./objects.ts";

/** One scored pair as a result part stores it (a line of NDJSON), in input order. */
export interface ResultRow {
  index: number;
  id?: string;
  mirnaId?: string;
  lncrnaId?: string;
  score: number;
  label: 0 | 1;
  threshold: number;
  model: string;
  /** Minimum free energy of the best duplex, kcal/mol. */
  mfe: number;
  /** Seed sites of every type, Watson–Crick and G:U. */
  seedSites: number;
  /** The model's score before its gene head revised it (reference lncRNAs loaded); absent where it did not. */
  modelScore?: number;
}

/** Points where tests stop a consumer on purpose, to check what a crash leaves behind. */
export interface ConsumerHooks {
  afterResultsWritten?: (message: ShardMessage) => void | Promise<void>;
}

/** The serving code reads its runtime and timers from a Hono context: a context of its own here. */
function scoringContext(runtime: Runtime, env: AppEnv["Bindings"]): Context<AppEnv> {
  const c = new Context<AppEnv>(new Request("http://queue.internal/jobs"), { env });
  c.set("runtime", runtime);
  c.set("metric", { headers: [], timers: new Map() });
  return c;
}

/**
 * Scores a shard (NDJSON rows as ingest wrote them) with the serving code: one result per row, in order.
 * With the domain of the species the job named, a gated ensemble scores with that domain's head.
 */
export async function scoreShard(
  text: string,
  runtime: Runtime,
  model: string,
  env: AppEnv["Bindings"] = {},
  domain?: SpeciesDomain,
): Promise<ResultRow[]> {
  const rows = text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as ShardRow);
  const { encoders, models } = runtime;
  const encoded: EncodedPair[] = rows.map((r) => ({
    mirna: encoders.normalize(r.mirna).codes,
    lncrna: encoders.normalize(r.lncrna).codes,
  }));
  const choice = chooseModels(models, model);
  const { scores, seeds, duplexes } = await scorePairs(scoringContext(runtime, env), choice, encoded, 0, domain);
  return rows.map((r, k): ResultRow => {
    const seed = seeds[k]!;
    const sites = Object.values(seed.counts).reduce((a, b) => a + b, 0);
    const wobble = Object.values(seed.wobbleCounts).reduce((a, b) => a + b, 0);
    return {
      index: r.i,
      ...(r.id !== undefined ? { id: r.id } : {}),
      ...(r.mirnaId !== undefined ? { mirnaId: r.mirnaId } : {}),
      ...(r.lncrnaId !== undefined ? { lncrnaId: r.lncrnaId } : {}),
      score: scores[k]!.score,
      label: scores[k]!.label,
      threshold: scores[k]!.threshold,
      model: choice.name,
      mfe: duplexes[k]?.energy ?? 0,
      seedSites: sites + wobble,
      ...(scores[k]!.gene ? { modelScore: scores[k]!.gene.modelScore } : {}),
    };
  });
}

export type ShardOutcome = "scored" | "already-done" | "job-gone";

export async function processShard(
  message: ShardMessage,
  env: AppEnv["Bindings"] & Required<Pick<JobBindings, "DB" | "JOBS_BUCKET">>,
  runtime: Runtime,
  hooks: ConsumerHooks = {},
): Promise<ShardOutcome> {
  const db = env.DB;
  const job = await getJob(db, message.job);
  if (!job || job.state === "cancelled" || job.state === "succeeded") return "job-gone";
  if (await isShardDone(db, message.job, message.shard)) return "already-done";
  const objects = jobObjects(env.JOBS_BUCKET, job.id);
  const text = await objects.shard(message.shard);
  if (text === undefined) throw new Error(`shard ${message.shard} of ${job.id} is missing from the bucket`);
  const results = await scoreShard(text, runtime, job.model, env, job.species_domain ?? undefined);
  await objects.putResults(message.shard, results.map((r) => JSON.stringify(r)).join("\n") + "\n");
  await hooks.afterResultsWritten?.(message);
  await completeShard(db, { job: job.id, shard: message.shard, pairs: results.length, keyId: job.key_id });
  return "scored";
}

/** The queue handler: each message acknowledged once its shard is durably done, retried otherwise. */
export async function consumeShards(
  batch: ShardBatch,
  env: AppEnv["Bindings"],
  runtime: Runtime,
  hooks: ConsumerHooks = {},
): Promise<void> {
  const { DB, JOBS_BUCKET } = env;
  for (const message of batch.messages) {
    try {
      if (!DB || !JOBS_BUCKET) throw new Error("the queue consumer needs the DB and JOBS_BUCKET bindings");
      await processShard(message.body, { ...env, DB, JOBS_BUCKET }, runtime, hooks);
      message.ack();
    } catch (error) {
      console.error(`shard ${message.body.shard} of ${message.body.job} failed (attempt ${message.attempts})`, error);
      message.retry({ delaySeconds: Math.min(60, 2 ** message.attempts) });
    }
  }
}

/**
 * The dead-letter queue's handler: a shard that ran out of retries fails its job (unless another
 * delivery completed it meanwhile), so the job ends visibly instead of waiting forever.
 */
export async function consumeDeadShards(batch: ShardBatch, env: AppEnv["Bindings"]): Promise<void> {
  for (const message of batch.messages) {
    const { job, shard } = message.body;
    if (env.DB && !(await isShardDone(env.DB, job, shard)))
      await failJob(env.DB, job, `shard ${shard} could not be scored after every retry`);
    message.ack();
  }
}

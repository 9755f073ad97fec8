// The jobs ledger in D1: jobs, shard completions and usage events. A shard is completed and billed
// in one batch (a transaction) keyed by its deterministic id, each insert ON CONFLICT DO NOTHING, and
// only while its job is live: a redelivered or duplicated message completes and bills nothing twice,
// and a cancelled job bills no more shards.
import { randomBase62 } from "../keys/format.ts";
import type { SpeciesDomain } from "../species/domains.ts";
import type { D1 } from "./bindings.ts";

export type JobState = "queued" | "running" | "succeeded" | "cancelled" | "failed";

export interface JobRecord {
  id: string;
  key_id: string;
  idempotency_key: string | null;
  body_sha256: string;
  state: JobState;
  input_format: string;
  model: string;
  total_pairs: number;
  shard_count: number;
  created_at: string;
  finished_at: string | null;
  /** Why a failed job failed. */
  error?: string | null;
  expires_at: string;
  /** The species set the request named: the pairs' species (null: none named). */
  species: string | null;
  /** That species' domain, whose head a gated ensemble scores the pairs with (null: the gate decides). */
  species_domain: SpeciesDomain | null;
}

export interface JobProgress {
  shardsDone: number;
  pairsDone: number;
  firstCompletion: string | null;
  lastCompletion: string | null;
}

export const newJobId = () => "job_" + randomBase62(20);

/** The deterministic id of a shard: its completion row and its usage event share it. */
export const shardId = (job: string, shard: number) => `${job}:${shard}`;

/** Calendar month (UTC) a usage event counts in: `2026-12`. */
export const monthOf = (date: Date) => date.toISOString().slice(0, 7);

export async function insertJob(db: D1, job: JobRecord): Promise<boolean> {
  const result = await db
    .prepare(
      `INSERT INTO jobs (id, key_id, idempotency_key, body_sha256, state, input_format, model, total_pairs,
         shard_count, created_at, finished_at, expires_at, species, species_domain)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    )
    .bind(
      job.id,
      job.key_id,
      job.idempotency_key,
      job.body_sha256,
      job.state,
      job.input_format,
      job.model,
      job.total_pairs,
      job.shard_count,
      job.created_at,
      job.finished_at,
      job.expires_at,
      job.species,
      job.species_domain,
    )
    .run();
  return (result.meta.changes ?? 0) > 0;
}

export const getJob = (db: D1, id: string) => db.prepare("SELECT * FROM jobs WHERE id = ?").bind(id).first<JobRecord>();

export const jobByIdempotencyKey = (db: D1, keyId: string, idempotencyKey: string) =>
  db
    .prepare("SELECT * FROM jobs WHERE key_id = ? AND idempotency_key = ?")
    .bind(keyId, idempotencyKey)
    .first<JobRecord>();

export async function jobProgress(db: D1, id: string): Promise<JobProgress> {
  const row = await db
    .prepare(
      `SELECT COUNT(*) AS shards, COALESCE(SUM(pairs), 0) AS pairs, MIN(completed_at) AS first,
         MAX(completed_at) AS last FROM shard_completions WHERE job_id = ?`,
    )
    .bind(id)
    .first<{ shards: number; pairs: number; first: string | null; last: string | null }>();
  return {
    shardsDone: row?.shards ?? 0,
    pairsDone: row?.pairs ?? 0,
    firstCompletion: row?.first ?? null,
    lastCompletion: row?.last ?? null,
  };
}

export const isShardDone = async (db: D1, job: string, shard: number) =>
  (await db.prepare("SELECT 1 AS done FROM shard_completions WHERE id = ?").bind(shardId(job, shard)).first()) !== null;

/**
 * Completes a shard and bills its pairs, once: the completion is written only while the job is live,
 * the usage event only where the completion exists, and the job's state follows its completions.
 */
export async function completeShard(
  db: D1,
  done: { job: string; shard: number; pairs: number; keyId: string },
  now = new Date(),
): Promise<void> {
  const id = shardId(done.job, done.shard);
  const at = now.toISOString();
  await db.batch([
    db
      .prepare(
        `INSERT INTO shard_completions (id, job_id, shard, pairs, completed_at)
         SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM jobs WHERE id = ? AND state IN ('queued', 'running'))
         ON CONFLICT DO NOTHING`,
      )
      .bind(id, done.job, done.shard, done.pairs, at, done.job),
    db
      .prepare(
        `INSERT INTO usage_events (id, key_id, job_id, shard, pairs, month, created_at)
         SELECT c.id, ?, c.job_id, c.shard, c.pairs, ?, c.completed_at FROM shard_completions c WHERE c.id = ?
         ON CONFLICT DO NOTHING`,
      )
      .bind(done.keyId, monthOf(now), id),
    db
      .prepare(
        `UPDATE jobs SET
           state = CASE WHEN (SELECT COUNT(*) FROM shard_completions WHERE job_id = ?1) >= shard_count
             THEN 'succeeded' ELSE 'running' END,
           finished_at = CASE WHEN (SELECT COUNT(*) FROM shard_completions WHERE job_id = ?1) >= shard_count
             THEN ?2 ELSE NULL END
         WHERE id = ?1 AND state IN ('queued', 'running')`,
      )
      .bind(done.job, at),
  ]);
}

/** Cancels a live job of this key; false when it was not live. */
export async function cancelJob(db: D1, id: string, keyId: string, now = new Date()): Promise<boolean> {
  const result = await db
    .prepare(
      "UPDATE jobs SET state = 'cancelled', finished_at = ? WHERE id = ? AND key_id = ? AND state IN ('queued', 'running')",
    )
    .bind(now.toISOString(), id, keyId)
    .run();
  return (result.meta.changes ?? 0) > 0;
}

/** Pairs billed to a key in a month. */
export async function pairsUsed(db: D1, keyId: string, month: string): Promise<number> {
  const row = await db
    .prepare("SELECT COALESCE(SUM(pairs), 0) AS pairs FROM usage_events WHERE key_id = ? AND month = ?")
    .bind(keyId, month)
    .first<{ pairs: number }>();
  return row?.pairs ?? 0;
}

/** Pairs a key's live jobs have yet to bill: what a new job's quota check must leave room for. */
export async function pairsPending(db: D1, keyId: string): Promise<number> {
  const row = await db
    .prepare(
      `SELECT COALESCE(SUM(j.total_pairs - COALESCE((SELECT SUM(c.pairs) FROM shard_completions c WHERE c.job_id = j.id), 0)), 0)
         AS pairs FROM jobs j WHERE j.key_id = ? AND j.state IN ('queued', 'running')`,
    )
    .bind(keyId)
    .first<{ pairs: number }>();
  return row?.pairs ?? 0;
}

export interface UsageEvent {
  id: string;
  key_id: string;
  job_id: string;
  shard: number;
  pairs: number;
  month: string;
  created_at: string;
}

/** Usage events after a cursor (exclusive), oldest first: the billing export's pages. */
export async function usageEventsAfter(
  db: D1,
  after: { createdAt: string; id: string } | undefined,
  limit: number,
): Promise<UsageEvent[]> {
  const statement = after
    ? db
        .prepare("SELECT * FROM usage_events WHERE (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?")
        .bind(after.createdAt, after.id, limit)
    : db.prepare("SELECT * FROM usage_events ORDER BY created_at, id LIMIT ?").bind(limit);
  return (await statement.all<UsageEvent>()).results;
}

/** Jobs whose retention has ended, oldest first. */
export async function expiredJobs(db: D1, now: Date, limit: number): Promise<string[]> {
  const { results } = await db
    .prepare("SELECT id FROM jobs WHERE expires_at < ? ORDER BY expires_at LIMIT ?")
    .bind(now.toISOString(), limit)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

/** Forgets a job and its completions; its usage events stay in the ledger. */
export async function deleteJob(db: D1, id: string): Promise<void> {
  await db.batch([
    db.prepare("DELETE FROM shard_completions WHERE job_id = ?").bind(id),
    db.prepare("DELETE FROM jobs WHERE id = ?").bind(id),
  ]);
}

/** Ends a live job as failed (a shard ran out of retries); shards already done stay billed. */
export async function failJob(db: D1, id: string, reason: string, now = new Date()): Promise<void> {
  await db
    .prepare(
      "UPDATE jobs SET state = 'failed', error = ?, finished_at = ? WHERE id = ? AND state IN ('queued', 'running')",
    )
    .bind(reason, now.toISOString(), id)
    .run();
}

/** Live jobs with no shard completed since `before` (nor created since): stalled, or their messages lost. */
export async function stalledJobs(db: D1, before: Date, limit: number): Promise<JobRecord[]> {
  const at = before.toISOString();
  const { results } = await db
    .prepare(
      `SELECT j.* FROM jobs j WHERE j.state IN ('queued', 'running') AND j.created_at < ?1
         AND COALESCE((SELECT MAX(c.completed_at) FROM shard_completions c WHERE c.job_id = j.id), j.created_at) < ?1
       ORDER BY j.created_at LIMIT ?2`,
    )
    .bind(at, limit)
    .all<JobRecord>();
  return results;
}

/** The shards of a job not completed yet, ascending. */
export async function pendingShards(db: D1, job: JobRecord): Promise<number[]> {
  const { results } = await db
    .prepare("SELECT shard FROM shard_completions WHERE job_id = ?")
    .bind(job.id)
    .all<{ shard: number }>();
  const done = new Set(results.map((r) => r.shard));
  return Array.from({ length: job.shard_count }, (_, n) => n).filter((n) => !done.has(n));
}

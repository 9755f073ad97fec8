// The scheduled upkeep of jobs. Retention: the objects and rows of jobs past their expiry are deleted
// (results are kept JOB_LIMITS.retentionDays), and so are uploads as old; usage events stay, they
// are the billing ledger.
// Stalls: a live job with no progress for an hour has its missing shards queued again — a lost
// sendBatch after the job was recorded must not leave it waiting forever, and a duplicate message
// costs only its scoring (the ledger completes and bills each shard once).
import type { JobBindings, ShardMessage } from "./bindings.ts";
import { deleteJob, expiredJobs, pendingShards, stalledJobs } from "./ledger.ts";
import { jobObjects } from "./objects.ts";
import { JOB_LIMITS } from "./ingest.ts";
import { expireUploads } from "./uploads.ts";

/** Jobs removed per run: each costs a few R2 list/delete calls and one D1 batch. */
const JOBS_PER_RUN = 100;

export async function expireJobs(env: JobBindings, now = new Date()): Promise<number> {
  const { DB, JOBS_BUCKET } = env;
  if (!DB || !JOBS_BUCKET) return 0;
  const ids = await expiredJobs(DB, now, JOBS_PER_RUN);
  for (const id of ids) {
    await jobObjects(JOBS_BUCKET, id).deleteAll(); // objects first: a row never outlives nothing
    await deleteJob(DB, id);
  }
  // uploads that never became a job (or whose job has gone the same way)
  await expireUploads(DB, JOBS_BUCKET, new Date(now.getTime() - JOB_LIMITS.retentionDays * 86_400_000), JOBS_PER_RUN);
  return ids.length;
}

const STALL_MS = 60 * 60 * 1000;
const STALLED_JOBS_PER_RUN = 20;

/** Queues the missing shards of stalled jobs again; the messages sent. */
export async function requeueStalled(env: JobBindings, now = new Date()): Promise<ShardMessage[]> {
  const { DB, JOBS_QUEUE } = env;
  if (!DB || !JOBS_QUEUE) return [];
  const sent: ShardMessage[] = [];
  for (const job of await stalledJobs(DB, new Date(now.getTime() - STALL_MS), STALLED_JOBS_PER_RUN)) {
    const messages = (await pendingShards(DB, job)).map((shard) => ({ body: { job: job.id, shard } }));
    for (let start = 0; start < messages.length; start += 100)
      await JOBS_QUEUE.sendBatch(messages.slice(start, start + 100));
    sent.push(...messages.map((m) => m.body));
  }
  return sent;
}

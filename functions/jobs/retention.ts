// Retention: a scheduled run deletes the objects and rows of jobs past their expiry (results are kept
// JOB_LIMITS.retentionDays); usage events stay, they are the billing ledger.
import type { JobBindings } from "./bindings.ts";
import { deleteJob, expiredJobs } from "./ledger.ts";
import { jobObjects } from "./objects.ts";

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
  return ids.length;
}

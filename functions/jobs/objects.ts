// Where a job's objects live in R2: its shards (accepted input, NDJSON) and result parts (NDJSON),
// one per shard, under deterministic keys so that a rewrite after a redelivery replaces, never adds.
import type { ObjectStore } from "./bindings.ts";

export function jobObjects(bucket: ObjectStore, job: string) {
  const shardKey = (n: number) => `jobs/${job}/shards/${String(n).padStart(6, "0")}.ndjson`;
  const resultKey = (n: number) => `jobs/${job}/results/${String(n).padStart(6, "0")}.ndjson`;
  return {
    putShard: (n: number, text: string) => bucket.put(shardKey(n), text),
    shard: async (n: number) => (await bucket.get(shardKey(n)))?.text(),
    putResults: (n: number, text: string) => bucket.put(resultKey(n), text),
    results: async (n: number) => (await bucket.get(resultKey(n)))?.body,
    /** Deletes every object of the job (refused input, expiry). */
    async deleteAll(): Promise<void> {
      let cursor: string | undefined;
      do {
        const page = await bucket.list({ prefix: `jobs/${job}/`, ...(cursor ? { cursor } : {}) });
        if (page.objects.length > 0) await bucket.delete(page.objects.map((o) => o.key));
        cursor = page.truncated ? page.cursor : undefined;
      } while (cursor);
    },
  };
}

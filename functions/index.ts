// Worker entry: the app with the workerd runtime (precompiled wasm modules, bundled models), and the
// queue consumer that scores job shards with the same runtime, and the scheduled upkeep of jobs (expiry, stalled shards).
import { createApp } from "./app.ts";
import type { AppEnv } from "./api/env.ts";
import type { ShardBatch } from "./jobs/bindings.ts";
import { consumeDeadShards, consumeShards } from "./jobs/consumer.ts";
import { expireJobs, requeueStalled } from "./jobs/retention.ts";
import { lazyRuntime } from "./runtime.ts";
import { createWorkerdRuntime } from "./runtime-workerd.ts";

/** The dead-letter queue is named after the shard queue (wrangler.toml). */
const DEAD_LETTER_SUFFIX = "-dlq";

/** The isolate's runtime, shared by the app and the queue consumer. */
export const runtime = lazyRuntime(createWorkerdRuntime);
const app = createApp(runtime);

export default {
  fetch: app.fetch,
  queue: (batch: ShardBatch, env: AppEnv["Bindings"]) =>
    batch.queue.endsWith(DEAD_LETTER_SUFFIX) ? consumeDeadShards(batch, env) : consumeShards(batch, env, runtime()),
  scheduled: async (_controller: unknown, env: AppEnv["Bindings"]) => {
    await expireJobs(env);
    await requeueStalled(env);
  },
};

// Worker entry: the app with the workerd runtime (precompiled wasm modules, bundled models), behind
// the static assets (wrangler.toml [assets], run first by the worker): the widget, its device
// engine and the demo page answer GET and HEAD outside /v1/; everything else — other methods
// included — reaches the app, so every fault is a problem+json. Beside it, the queue consumer that
// scores job shards with the same runtime, and the scheduled upkeep of jobs (expiry, stalled shards).
import type { ExecutionContext } from "hono";
import { createApp } from "./app.ts";
import type { AppEnv } from "./api/env.ts";
import { JOB_LIMITS } from "./api/limits.ts";
import { discardUnreadBody } from "./api/unread-body.ts";
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

interface AssetsEnv {
  /** Workers static assets; absent where none are configured. */
  ASSETS?: { fetch(request: Request): Promise<Response> };
}

export default {
  async fetch(request: Request, env: AppEnv["Bindings"] & AssetsEnv, ctx: ExecutionContext): Promise<Response> {
    const reading = request.method === "GET" || request.method === "HEAD";
    if (env.ASSETS && reading && !new URL(request.url).pathname.startsWith("/v1/")) {
      const asset = await env.ASSETS.fetch(request);
      if (asset.status !== 404) return asset;
    }
    const response = await app.fetch(request, env, ctx);
    // early answers (404, 405, 413, 415, …) leave the body unread; the platform's limit bounds it
    await discardUnreadBody(request, JOB_LIMITS.maxBodyBytes);
    return response;
  },
  queue: (batch: ShardBatch, env: AppEnv["Bindings"]) =>
    batch.queue.endsWith(DEAD_LETTER_SUFFIX) ? consumeDeadShards(batch, env) : consumeShards(batch, env, runtime()),
  scheduled: async (_controller: unknown, env: AppEnv["Bindings"]) => {
    await expireJobs(env);
    await requeueStalled(env);
  },
};

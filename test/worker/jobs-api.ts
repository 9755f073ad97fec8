// Keys, job submissions and queue deliveries for the jobs tests, inside workerd.
import { expect } from "vitest";
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { randomRna, seededRandom } from "../../scripts/lib/generators.ts";
import type { ShardMessage } from "../../functions/jobs/bindings.ts";
import { consumeDeadShards, consumeShards, type ConsumerHooks } from "../../functions/jobs/consumer.ts";
import { createKey } from "../../functions/keys/store.ts";
import { runtime } from "../../functions/index.ts";
import { BASE } from "./api.ts";

export const QUEUE = "lmi-edge-shards";

export async function testKey(plan = "standard", kind: "secret" | "publishable" = "secret") {
  return createKey(env.DB, { kind, name: `test ${plan}`, plan });
}

export const authed = (key: string, path: string, init: RequestInit = {}) =>
  exports.default.fetch(`${BASE}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${key}`, ...(init.headers as Record<string, string>) },
  });

/** Generated pairs as TSV with ids; lncRNAs of `length` nt. */
export function pairsTsv(count: number, seed: number, length = 200): { text: string; ids: string[] } {
  const random = seededRandom(seed);
  const ids = Array.from({ length: count }, (_, i) => `p${seed}-${i}`);
  const rows = ids.map((id) => `${id}\t${randomRna(random, 22)}\t${randomRna(random, length)}`);
  return { text: ["id\tmirna\tlncrna", ...rows].join("\n") + "\n", ids };
}

export const submit = (key: string, body: string, headers: Record<string, string> = {}, query = "") =>
  authed(key, `/v1/jobs${query}`, {
    method: "POST",
    headers: { "Content-Type": "text/tab-separated-values", ...headers },
    body,
  });

/** A FASTA-pairs job: the form's parts in the order given, each a file as curl -F name=@file sends it. */
export const submitForm = (
  key: string,
  parts: Array<[string, string]>,
  headers: Record<string, string> = {},
  query = "",
) => {
  const form = new FormData();
  for (const [name, text] of parts) form.append(name, new File([text], `${name}.fa`, { type: "text/plain" }));
  return authed(key, `/v1/jobs${query}`, { method: "POST", headers, body: form });
};

export interface JobBody {
  id: string;
  state: string;
  pairs: { total: number; done: number };
  shards: { total: number; done: number };
}

export const jobStatus = async (key: string, id: string) =>
  (await (await authed(key, `/v1/jobs/${id}`)).json()) as JobBody;

/** Delivers shard messages as the queue would (each a fresh attempt unless given), through the consumer. */
export async function deliver(messages: Array<ShardMessage & { attempts?: number }>, hooks: ConsumerHooks = {}) {
  const batch = createMessageBatch<ShardMessage>(
    QUEUE,
    messages.map(({ attempts = 1, ...body }, k) => ({
      id: `${body.job}-${body.shard}-${k}-${Math.random()}`,
      timestamp: new Date(),
      attempts,
      body,
    })),
  );
  const ctx = createExecutionContext();
  await consumeShards(batch, env, runtime(), hooks);
  return getQueueResult(batch, ctx);
}

/** Delivers messages as the dead-letter queue would, once their retries are spent. */
export async function deliverDead(messages: ShardMessage[]) {
  const batch = createMessageBatch<ShardMessage>(
    `${QUEUE}-dlq`,
    messages.map((body, k) => ({
      id: `dead-${body.job}-${body.shard}-${k}`,
      timestamp: new Date(),
      attempts: 6,
      body,
    })),
  );
  const ctx = createExecutionContext();
  await consumeDeadShards(batch, env);
  return getQueueResult(batch, ctx);
}

export const shardMessages = (job: JobBody) =>
  Array.from({ length: job.shards.total }, (_, shard) => ({ job: job.id, shard }));

export async function usageEvents(job: string) {
  return (
    await env.DB.prepare("SELECT id, pairs FROM usage_events WHERE job_id = ? ORDER BY shard").bind(job).all<{
      id: string;
      pairs: number;
    }>()
  ).results;
}

/** Starts an upload (POST /v1/uploads) and PUTs the given parts, numbered from 1 unless told. */
export async function upload(key: string, parts: Array<string | { part: number; text: string }>) {
  const created = await authed(key, "/v1/uploads", { method: "POST" });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  for (const [k, given] of parts.entries()) {
    const { part, text } = typeof given === "string" ? { part: k + 1, text: given } : given;
    const put = await authed(key, `/v1/uploads/${id}/parts/${part}`, { method: "PUT", body: text });
    expect(put.status).toBe(200);
  }
  return id;
}

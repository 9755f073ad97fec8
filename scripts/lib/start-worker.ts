// The worker in a real workerd (wrangler's startWorker) on a free local port, for Node-side tests.
import { unstable_startWorker } from "wrangler";
import { repoRoot } from "./paths.ts";

export type TestWorker = Awaited<ReturnType<typeof unstable_startWorker>>;

/** persist: a folder for local KV/R2 state (e.g. one species:load wrote), or false for none. */
export async function startTestWorker(persist: string | false = false): Promise<TestWorker> {
  process.env.WRANGLER_SEND_METRICS = "false";
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
  const worker = await unstable_startWorker({
    config: `${repoRoot}/wrangler.toml`,
    dev: { server: { hostname: "127.0.0.1", port: 0 }, inspector: false, watch: false, persist, logLevel: "warn" },
  });
  await worker.ready;
  return worker;
}

/** A fetch against the worker's address over HTTP (Node's own fetch and types). */
export function httpClient(worker: TestWorker): (path: string, init?: RequestInit) => Promise<Response> {
  return async (path, init) => fetch(new URL(path, await worker.url), init);
}

// The worker in a real workerd (wrangler's startWorker) on a free local port, for Node-side tests.
import { unstable_startWorker } from "wrangler";
import { generatedPairs } from "./fixture-pairs.ts";
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

/** The engine that ran the model (Server-Timing `engine`), "–" where none ran. */
export const engineOf = (response: Response) =>
  /(?:^|,)engine;desc="([^"]+)"/.exec(response.headers.get("Server-Timing") ?? "")?.[1] ?? "–";
export const ONNX_ENGINE = "onnxruntime-web";

/**
 * Sends /v1/predict until onnxruntime-web answers. A fresh worker's first request loads the isolate
 * and answers from the light engine tier; onnxruntime-web then starts in the background without
 * yielding, and on a busy machine that stalls every request, pages included, for tens of seconds.
 * Tests that time their own requests (a browser's page loads) warm the worker first.
 */
export async function warmTestWorker(worker: TestWorker, patienceMs = 300_000): Promise<void> {
  const url = new URL("v1/predict", await worker.url);
  const body = JSON.stringify({ pairs: generatedPairs(1, 1) });
  const until = Date.now() + patienceMs;
  for (;;) {
    const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`warming the worker: /v1/predict answered ${response.status}`);
    if (engineOf(response) === ONNX_ENGINE) return;
    if (Date.now() > until)
      throw new Error(`warming the worker: onnxruntime-web did not answer within ${patienceMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

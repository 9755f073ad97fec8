// Tests that compare answers across requests (or with the Node serving path) want them from one
// engine: a fresh worker answers its first predicts of the default model on the light engine tier,
// whose scores agree with onnxruntime-web's within 1e-5, not bit for bit (test/worker/tier.test.ts).
import { generatedPairs } from "../scripts/lib/fixture-pairs.ts";
import { timingEngine } from "../scripts/lib/server-timing.ts";

/** Node's fetch or workerd's: only what is used of each. */
type Fetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string },
) => Promise<{ headers: { get(name: string): string | null }; arrayBuffer(): Promise<ArrayBuffer> }>;

/** Sends small predicts to `url` until onnxruntime-web answers one: the default model's session is open. */
export async function untilOnnxAnswers(fetch: Fetch, url: string): Promise<void> {
  const [pair] = generatedPairs(1, 3);
  const init = {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ pairs: [{ mirna: pair!.mirna, lncrna: pair!.lncrna }] }),
  };
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await fetch(url, init);
    await response.arrayBuffer();
    if (timingEngine(response.headers.get("Server-Timing")) === "onnxruntime-web") return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the worker's onnxruntime-web session did not open");
}

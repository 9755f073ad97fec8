// The light engine tier inside workerd: a fresh runtime's first /v1/predict of the default model is
// answered by tfjs-core on its wasm backend (the widget's forward pass and device files) while
// onnxruntime-web's session opens in the background; once open, the session answers and the tier is
// dropped: its wasm memory is collected. Both engines' answers to the same 200 generated pairs agree.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../functions/app.ts";
import { DEFAULT_MODEL } from "../../functions/models/default.ts";
import { lazyRuntime } from "../../functions/runtime.ts";
import { createWorkerdRuntime } from "../../functions/runtime-workerd.ts";
import { generatedPairs } from "../../scripts/lib/fixture-pairs.ts";
import { collectGarbageUntil, wasmMemoriesSince, wasmMemoryCount } from "../../scripts/lib/isolate-memory.ts";
import { timingEngine } from "../../scripts/lib/server-timing.ts";
import { BASE } from "./api.ts";

type Result = {
  score: number;
  label: number;
  members: { model: string; score: number; label: number }[];
  domains: Record<string, number>;
};

const engineOf = (response: Response) => timingEngine(response.headers.get("Server-Timing"));

describe("light engine tier", () => {
  it("answers a fresh isolate's first predict, then hands over to onnxruntime-web: 200 pairs, |Δ| ≤ 1e-5", async () => {
    // a runtime of its own: its registry has no session open, as in a fresh isolate; made before the
    // mark, so that the memories created after it are the tier's (onnxruntime's is the isolate's already)
    const runtime = createWorkerdRuntime();
    const app = createApp(() => runtime);
    const mark = wasmMemoryCount();
    const body = JSON.stringify({ pairs: generatedPairs(200, 41).map(({ mirna, lncrna }) => ({ mirna, lncrna })) });
    const predict = async () => {
      const ctx = createExecutionContext();
      const response = await app.fetch(
        new Request(`${BASE}/v1/predict`, { method: "POST", headers: { "Content-Type": "application/json" }, body }),
        env,
        ctx,
      );
      const text = await response.text();
      expect(response.status, text).toBe(200);
      await waitOnExecutionContext(ctx); // the session's opening, started after the answer
      return {
        engine: engineOf(response),
        results: (JSON.parse(text) as { model: string; results: Result[] }).results,
      };
    };

    const light = await predict();
    const tier = wasmMemoriesSince(mark);
    const served = await predict();
    expect([light.engine, served.engine]).toEqual(["tfjs-wasm", "onnxruntime-web"]);
    expect((await predict()).engine).toBe("onnxruntime-web");

    // the session has taken over and no request holds the tier: its memory is collected
    expect(tier.length).toBeGreaterThanOrEqual(1);
    expect(await collectGarbageUntil(() => tier.every((memory) => memory.deref() === undefined))).toBe(true);

    // the pairs exercise the model: its scores reach both ends
    const scores = served.results.map((r) => r.score);
    expect([Math.min(...scores) < 0.2, Math.max(...scores) > 0.8]).toEqual([true, true]);
    const worst = Math.max(...light.results.map((r, i) => Math.abs(r.score - scores[i]!)));
    expect(worst).toBeLessThanOrEqual(1e-5);
    expect(light.results.map((r) => r.label)).toEqual(served.results.map((r) => r.label));
    light.results.forEach((r, i) => {
      const other = served.results[i]!;
      expect(r.members.map((m) => [m.model, m.label])).toEqual(other.members.map((m) => [m.model, m.label]));
      r.members.forEach((m, k) => expect(Math.abs(m.score - other.members[k]!.score)).toBeLessThanOrEqual(1e-5));
      for (const [domain, weight] of Object.entries(r.domains))
        expect(Math.abs(weight - other.domains[domain]!)).toBeLessThanOrEqual(1e-5);
    });
  });

  it("is used for the default model only; another model waits for its session", async () => {
    const app = createApp(lazyRuntime(createWorkerdRuntime));
    const pair = generatedPairs(1, 5)[0]!;
    const other = ["kmer-mlp", "plant-mlp"].find((name) => name !== DEFAULT_MODEL)!;
    const response = await app.fetch(
      new Request(`${BASE}/v1/predict`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ model: other, pairs: [{ mirna: pair.mirna, lncrna: pair.lncrna }] }),
      }),
      env,
      createExecutionContext(),
    );
    expect(response.status).toBe(200);
    expect(engineOf(response)).toBe("onnxruntime-web");
  });
});

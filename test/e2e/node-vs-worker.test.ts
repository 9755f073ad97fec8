// The same pairs scored through the Node serving path (scripts/lib/node-runtime.ts) and through the
// worker running in workerd (wrangler's startWorker, HTTP): the scores must agree to 1e-6.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEncoders } from "../../scripts/lib/kernels-node.ts";
import { nodeModelRegistry } from "../../scripts/lib/node-runtime.ts";
import { defaultDataDir, hasDataDir } from "../../scripts/lib/paths.ts";
import { loadPmlipredExamples } from "../../scripts/data/pmlipred.ts";
import { generatedPairs } from "../../scripts/lib/fixture-pairs.ts";
import { startTestWorker, type TestWorker } from "../../scripts/lib/start-worker.ts";
import { untilOnnxAnswers } from "../onnx-session.ts";

let worker: TestWorker;

beforeAll(async () => {
  worker = await startTestWorker();
  // onnxruntime-web in Node against onnxruntime-web in workerd, past the worker's light engine tier
  await untilOnnxAnswers(worker.fetch, "http://127.0.0.1/v1/predict");
});

afterAll(async () => {
  await worker?.dispose();
});

describe("Node serving path and workerd agree", () => {
  it("gives equal scores and seed sites for 120 generated pairs", async () => {
    const pairs = generatedPairs(120, 11);
    const encoders = loadEncoders();
    const registry = nodeModelRegistry();
    const model = await registry.get(registry.defaultName);
    const local = await model.predict(
      pairs.map((p) => ({ mirna: encoders.normalize(p.mirna).codes, lncrna: encoders.normalize(p.lncrna).codes })),
    );

    const response = await worker.fetch("http://127.0.0.1/v1/predict", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ pairs }),
    });
    expect(response.status).toBe(200);
    const remote = (
      (await response.json()) as { results: Array<{ id: string; score: number; seed: { total: number } }> }
    ).results;
    expect(remote.map((r) => r.id)).toEqual(pairs.map((p) => p.id));

    const scores = local.map((p) => p.score);
    // the inputs exercise the whole output range, so agreement is not agreement on saturated values
    expect(scores.filter((s) => s < 0.3).length).toBeGreaterThan(10);
    expect(scores.filter((s) => s > 0.7).length).toBeGreaterThan(10);
    expect(scores.filter((s) => s >= 0.3 && s <= 0.7).length).toBeGreaterThan(3);
    remote.forEach((r, i) => {
      expect(Math.abs(r.score - scores[i]!)).toBeLessThanOrEqual(1e-6);
      expect(r.seed.total).toBe(local[i]!.seed.total);
    });
  });
});

describe.skipIf(!hasDataDir())("the PmliPred README examples in workerd (needs the data dir)", () => {
  it("scores both lab-validated pairs as the Node serving path does", async () => {
    const pairs = loadPmlipredExamples(defaultDataDir()).map((p) => ({
      id: p.lncrnaId,
      mirna: p.mirna,
      lncrna: p.lncrna,
    }));
    const encoders = loadEncoders();
    const registry = nodeModelRegistry();
    const model = await registry.get(registry.defaultName);
    const local = await model.predict(
      pairs.map((p) => ({ mirna: encoders.normalize(p.mirna).codes, lncrna: encoders.normalize(p.lncrna).codes })),
    );
    const response = await worker.fetch("http://127.0.0.1/v1/predict", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ pairs }),
    });
    expect(response.status).toBe(200);
    const { results } = (await response.json()) as {
      results: Array<{ id: string; score: number; label: number; threshold: number }>;
    };
    expect(results.map((r) => r.id)).toEqual(["slylnc1077", "TCONS_00023468"]);
    results.forEach((r, i) => {
      expect(Math.abs(r.score - local[i]!.score)).toBeLessThanOrEqual(1e-6);
      expect(r.label).toBe(r.score >= r.threshold ? 1 : 0);
    });
  });
});

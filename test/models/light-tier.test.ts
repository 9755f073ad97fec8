// ModelRegistry's light engine tier in Node, with the real engines: the default model's device files
// on tfjs's wasm backend answer until the onnxruntime-web session is open, and the tier is closed once
// no request holds it; a tier that fails to start, or runs another model than the bundled default, is
// not used.
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-wasm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { DeviceModel } from "../../functions/device/model.ts";
import { ModelRegistry, type LightTier } from "../../functions/inference/registry.ts";
import { DEFAULT_MODEL } from "../../functions/models/default.ts";
import { exportDeviceModel } from "../../scripts/export/device-model.ts";
import { generatedPairs } from "../../scripts/lib/fixture-pairs.ts";
import { loadEncoders } from "../../scripts/lib/kernels-node.ts";
import { ortWasmFromNodeModules, readModelBundles } from "../../scripts/lib/node-runtime.ts";

beforeAll(async () => {
  expect(await tf.setBackend("wasm")).toBe(true);
});
afterEach(() => {
  vi.restoreAllMocks();
});

const encoders = loadEncoders();
const bundles = readModelBundles();

const tierRunning = (model: string): LightTier => ({
  model: DEFAULT_MODEL,
  engine: "tfjs-wasm",
  open: async () => {
    const { manifest, weights } = exportDeviceModel(model);
    return DeviceModel.open(manifest, weights.slice().buffer, encoders);
  },
});

const registryWith = (tier: LightTier) =>
  new ModelRegistry(bundles, encoders, ortWasmFromNodeModules(), DEFAULT_MODEL, tier);

describe("light engine tier", () => {
  it("answers for the default model until its session is open, then the session does", async () => {
    const registry = registryWith(tierRunning(DEFAULT_MODEL));
    const pairs = generatedPairs(3, 9).map((p) => ({
      mirna: encoders.normalize(p.mirna).codes,
      lncrna: encoders.normalize(p.lncrna).codes,
    }));
    const first = await registry.predictor(DEFAULT_MODEL);
    expect(first.engine).toBe("tfjs-wasm");
    expect(first.openSession).toBeTypeOf("function");
    const light = await first.model.predict(pairs);
    // other models never go through the tier
    expect((await registry.predictor("kmer-mlp")).engine).toBe("onnxruntime-web");
    await first.openSession!();
    const later = await registry.predictor(DEFAULT_MODEL);
    expect([later.engine, later.openSession]).toEqual(["onnxruntime-web", undefined]);
    const served = await later.model.predict(pairs);
    light.forEach((p, i) => expect(Math.abs(p.score - served[i]!.score)).toBeLessThanOrEqual(1e-5));
  });

  it("closes the tier once the session is open and the last request that held it is done", async () => {
    let closed = 0;
    const registry = registryWith({ ...tierRunning(DEFAULT_MODEL), close: () => closed++ });
    const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
    const held = await registry.predictor(DEFAULT_MODEL);
    const finished = await registry.predictor(DEFAULT_MODEL);
    expect([held.engine, finished.engine]).toEqual(["tfjs-wasm", "tfjs-wasm"]);
    finished.done!();
    await held.openSession!();
    await nextTask();
    expect(closed).toBe(0); // a request still holds the tier
    held.done!();
    held.done!(); // a second call is not a second request
    await nextTask();
    expect(closed).toBe(1);
    expect((await registry.predictor(DEFAULT_MODEL)).engine).toBe("onnxruntime-web");
    await nextTask();
    expect(closed).toBe(1);
  });

  it("closes the tier as its session opens when no request holds it", async () => {
    let closed = 0;
    const registry = registryWith({ ...tierRunning(DEFAULT_MODEL), close: () => closed++ });
    const first = await registry.predictor(DEFAULT_MODEL);
    first.done!();
    expect(closed).toBe(0); // no session yet: the tier answers the next request too
    await first.openSession!();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(closed).toBe(1);
  });

  it("falls back to onnxruntime-web when the tier does not start, and tries it again later", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    let attempts = 0;
    const registry = registryWith({
      ...tierRunning(DEFAULT_MODEL),
      open: () => Promise.reject(new Error(`no backend (attempt ${++attempts})`)),
    });
    const choice = await registry.predictor(DEFAULT_MODEL);
    expect(choice.engine).toBe("onnxruntime-web");
    expect(error).toHaveBeenCalledWith(expect.stringMatching(/tfjs-wasm tier did not start/), expect.any(Error));
    expect(attempts).toBe(1);
    // the session is open now: the tier is no longer asked
    await registry.predictor(DEFAULT_MODEL);
    expect(attempts).toBe(1);
  });

  it("refuses a tier that runs another model than the bundled default", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const other = ["kmer-mlp", "plant-mlp"].find((name) => name !== DEFAULT_MODEL)!;
    const registry = registryWith(tierRunning(other));
    expect((await registry.predictor(DEFAULT_MODEL)).engine).toBe("onnxruntime-web");
    expect(String(error.mock.calls[0]?.[1])).toMatch(new RegExp(`runs ${other}, not the bundled ${DEFAULT_MODEL}`));
  });
});

// The device engine's forward pass (functions/device/) on tfjs-core + tfjs-backend-wasm in Node,
// against the serving path (onnxruntime-web) for every committed model it can hold, each exported
// from its committed ONNX as the build exports the default; and an unknown op is refused by name.
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { GraphExecutor, type DeviceGraph } from "../../functions/device/graph.ts";
import { DeviceModel } from "../../functions/device/model.ts";
import { DEFAULT_MODEL } from "../../functions/models/default.ts";
import { exportDeviceModel } from "../../scripts/export/device-model.ts";
import { generatedPairs } from "../../scripts/lib/fixture-pairs.ts";
import { loadEncoders } from "../../scripts/lib/kernels-node.ts";
import { nodeModelRegistry } from "../../scripts/lib/node-runtime.ts";

beforeAll(async () => {
  expect(await tf.setBackend("wasm")).toBe(true);
});

const registry = nodeModelRegistry();
const encoders = loadEncoders();
const encode = (count: number, seed: number) =>
  generatedPairs(count, seed).map((p) => ({
    mirna: encoders.normalize(p.mirna).codes,
    lncrna: encoders.normalize(p.lncrna).codes,
  }));

describe("device executor", () => {
  // every committed model the device can hold: single models, and ensembles fused into one graph
  const runnable = registry.names().filter((name) => {
    const spec = registry.card(name)!.encoding;
    return spec.name !== "member-scores" || spec.fused !== undefined;
  });

  it("runs the default model and every served single model", () => {
    expect(runnable).toContain(DEFAULT_MODEL);
    expect(runnable.length).toBeGreaterThanOrEqual(registry.names().length - 1);
  });

  for (const name of runnable) {
    const count = name === DEFAULT_MODEL ? 200 : 50;
    // the default is also the worker's light engine tier, whose answers must be the session's
    const tolerance = name === DEFAULT_MODEL ? 1e-5 : 1e-4;
    it(`${name}: scores as onnxruntime-web does, |Δ| ≤ ${tolerance} on ${count} generated pairs`, async () => {
      const { manifest, weights } = exportDeviceModel(name);
      const device = DeviceModel.open(manifest, weights.slice().buffer, encoders);
      const pairs = encode(count, 41);
      const served = await (await registry.get(name)).predict(pairs);
      const ours = await device.predict(pairs);
      const scores = served.map((p) => p.score);
      // the pairs exercise the model: the default's scores reach both ends; a member trained on
      // other data (gclmi: the human graph) at least spreads
      const [low, high] = [Math.min(...scores), Math.max(...scores)];
      if (name === DEFAULT_MODEL) expect([low < 0.2, high > 0.8]).toEqual([true, true]);
      expect(high - low).toBeGreaterThan(0.4);
      const worst = Math.max(...ours.map((p, i) => Math.abs(p.score - scores[i]!)));
      expect(worst).toBeLessThanOrEqual(tolerance);
      ours.forEach((p, i) => {
        expect(p.label).toBe(served[i]!.label);
        p.members?.forEach((m, k) =>
          expect(Math.abs(m.score - served[i]!.members![k]!.score)).toBeLessThanOrEqual(tolerance),
        );
        for (const [domain, w] of Object.entries(p.domains ?? {}))
          expect(Math.abs(w - served[i]!.domains![domain]!)).toBeLessThanOrEqual(tolerance);
      });
    });
  }

  it("refuses a graph with ops it cannot run, naming them", () => {
    const graph: DeviceGraph = {
      opset: 17,
      inputs: [{ name: "x", dims: [-1, 2] }],
      outputs: ["y"],
      weights: [],
      nodes: [
        { op: "LSTM", inputs: ["x"], outputs: ["h"], attributes: {} },
        { op: "Loop", inputs: ["h"], outputs: ["c"], attributes: {} },
        { op: "Relu", inputs: ["c"], outputs: ["y"], attributes: {} },
      ],
    };
    expect(() => GraphExecutor.open(graph, new ArrayBuffer(0))).toThrow(/unsupported ONNX ops LSTM, Loop/);
  });

  it("computes Unique + Gather, Slice, Gemm and Softmax as ONNX defines them", async () => {
    const f32 = (values: number[], shape: number[]) => ({ values, shape });
    const w = { b: f32([1, 0, 0, 1, 1, 1], [3, 2]) };
    const ints = { starts: [0], ends: [2], axes: [1] };
    const graph: DeviceGraph = {
      opset: 17,
      inputs: [{ name: "x", dims: [-1, 3] }],
      outputs: ["y", "rows"],
      weights: [
        { name: "b", shape: [3, 2], dtype: "float32" },
        { name: "starts", shape: [1], dtype: "int32" },
        { name: "ends", shape: [1], dtype: "int32" },
        { name: "axes", shape: [1], dtype: "int32" },
      ],
      nodes: [
        { op: "Unique", inputs: ["x"], outputs: ["u", "", "inv", ""], attributes: { axis: 0, sorted: 0 } },
        { op: "Gemm", inputs: ["u", "b"], outputs: ["g"], attributes: {} },
        { op: "Softmax", inputs: ["g"], outputs: ["s"], attributes: { axis: -1 } },
        { op: "Gather", inputs: ["s", "inv"], outputs: ["y"], attributes: { axis: 0 } },
        { op: "Slice", inputs: ["u", "starts", "ends", "axes"], outputs: ["rows"], attributes: {} },
      ],
    };
    const bytes = new Float32Array(w.b.values).buffer;
    const all = new Uint8Array(bytes.byteLength + 12);
    all.set(new Uint8Array(bytes));
    new Int32Array(all.buffer, bytes.byteLength, 3).set([ints.starts[0]!, ints.ends[0]!, ints.axes[0]!]);
    const executor = GraphExecutor.open(graph, all.buffer);
    const x = tf.tensor2d([1, 2, 3, 0, 0, 0, 1, 2, 3], [3, 3]);
    const [y, rows] = await executor.run({ x });
    // rows 0 and 2 are equal: two unique rows, [1,2,3] → g = [4, 5], [0,0,0] → g = [0, 0]
    const e = Math.exp(-1) / (1 + Math.exp(-1));
    expect(Array.from(y!)).toEqual([
      expect.closeTo(e, 6),
      expect.closeTo(1 - e, 6),
      0.5,
      0.5,
      expect.closeTo(e, 6),
      expect.closeTo(1 - e, 6),
    ]);
    expect(Array.from(rows!)).toEqual([1, 2, 0, 0]);
    x.dispose();
    executor.dispose();
  });
});

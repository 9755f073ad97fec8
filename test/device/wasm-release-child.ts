// In a child process with --expose-gc (test/device/wasm-release.test.ts): tfjs's wasm backend started
// as the worker starts it, the default model's device files run on it, then the backend dropped the
// way LMI_DROP names ("remove": tfjs's removeBackend alone; "release": releaseWasmBackend); prints
// whether its wasm memory was collected, and the score a restarted backend gives.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as tf from "@tensorflow/tfjs-core";
import { DeviceModel } from "../../functions/device/model.ts";
import { releaseWasmBackend, startWasmBackend } from "../../functions/device/wasm-backend.ts";
import { DEFAULT_MODEL } from "../../functions/models/default.ts";
import { exportDeviceModel } from "../../scripts/export/device-model.ts";
import { generatedPairs } from "../../scripts/lib/fixture-pairs.ts";
import {
  collectGarbageUntil,
  trackWasmMemories,
  wasmMemoriesSince,
  wasmMemoryCount,
} from "../../scripts/lib/isolate-memory.ts";
import { loadEncoders } from "../../scripts/lib/kernels-node.ts";

trackWasmMemories();
const encoders = loadEncoders();
const simd = new WebAssembly.Module(
  readFileSync(
    createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm"),
  ),
);
const [pair] = generatedPairs(1, 7).map((p) => ({
  mirna: encoders.normalize(p.mirna).codes,
  lncrna: encoders.normalize(p.lncrna).codes,
}));

async function score(): Promise<number> {
  await startWasmBackend(simd);
  const { manifest, weights } = exportDeviceModel(DEFAULT_MODEL);
  const model = DeviceModel.open(manifest, weights.slice().buffer, encoders);
  const [prediction] = await model.predict([pair!]);
  model.dispose();
  return prediction!.score;
}

const mark = wasmMemoryCount();
const first = await score();
const backend = wasmMemoriesSince(mark);
if (process.env.LMI_DROP === "release") releaseWasmBackend();
else tf.removeBackend("wasm");
const collected = await collectGarbageUntil(() => backend.every((memory) => memory.deref() === undefined), 20);
const again = process.env.LMI_DROP === "release" ? await score() : undefined;
console.log(JSON.stringify({ memories: backend.length, collected, first, again }));

// The serving path in Node: the same encoders, features, ONNX adapter and models as the worker,
// loaded from files. Evaluation and the Node side of the end-to-end test go through it.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { ModelBundle } from "../../functions/models/card.ts";
import { DEFAULT_MODEL } from "../../functions/models/default.ts";
import { ModelRegistry } from "../../functions/inference/registry.ts";
import type { OrtWasm } from "../../functions/inference/onnx.ts";
import { loadEncoders } from "./kernels-node.ts";
import { modelsDir } from "./paths.ts";

const ortWasmPath = () => createRequire(import.meta.url).resolve("onnxruntime-web/ort-wasm-simd-threaded.wasm");

/** The installed onnxruntime-web's version, as reports and cards record it. */
export function ortVersion(): string {
  const manifest = join(dirname(ortWasmPath()), "..", "package.json");
  return (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
}

export function ortWasmFromNodeModules(): OrtWasm & { binary: ArrayBuffer } {
  const path = ortWasmPath();
  const bytes = readFileSync(path);
  return { binary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) };
}

/** Every models/<name>.json with its <name>.onnx. */
export function readModelBundles(dir = modelsDir): ModelBundle[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const card = JSON.parse(readFileSync(join(dir, f), "utf8")) as { onnx?: { file?: string } };
      const onnx = readFileSync(join(dir, card.onnx?.file ?? f.replace(/\.json$/, ".onnx")));
      return { card, onnx: new Uint8Array(onnx) };
    });
}

/** `encoders`: share the caller's, as the worker's runtime does (one kernel instance, one wasm memory). */
export function nodeModelRegistry(dir = modelsDir, encoders = loadEncoders()): ModelRegistry {
  return new ModelRegistry(readModelBundles(dir), encoders, ortWasmFromNodeModules(), DEFAULT_MODEL);
}

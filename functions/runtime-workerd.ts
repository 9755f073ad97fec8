// The runtime as workerd builds it: WebAssembly arrives as precompiled modules (workerd forbids
// compiling from bytes), models as bundled data.
import encodersWasm from "../build/assembly/encoders.simd.wasm";
import ortWasm from "onnxruntime-web/ort-wasm-simd-threaded.wasm";
import { Encoders } from "./kernels/encoders.ts";
import { BUNDLED_MODELS, DEFAULT_MODEL } from "./models/bundled.ts";
import { ModelRegistry } from "./inference/registry.ts";
import type { Runtime } from "./runtime.ts";
import { SpeciesCatalog } from "./species/store.ts";

export function createWorkerdRuntime(): Runtime {
  const encoders = new Encoders(encodersWasm);
  return {
    encoders,
    models: new ModelRegistry(BUNDLED_MODELS, encoders, { module: ortWasm }, DEFAULT_MODEL),
    species: new SpeciesCatalog(encoders),
  };
}

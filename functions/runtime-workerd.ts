// The runtime as workerd builds it: WebAssembly arrives as precompiled modules (workerd forbids
// compiling from bytes), models as bundled data. The default model also comes as its device files
// (the widget's, exported from the same ONNX by the build), for the light engine tier that answers
// while onnxruntime-web starts: tfjs-core on its small wasm backend, the widget's forward pass. Once
// the session has taken over, the tier's weights and backend are dropped: their memory can go.
import encodersWasm from "../build/assembly/encoders.simd.wasm";
import defaultDeviceManifest from "../build/device/default-model.json";
import defaultDeviceWeights from "../build/device/default-model.bin";
import tfjsSimdWasm from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm";
import ortWasm from "onnxruntime-web/ort-wasm-simd-threaded.wasm";
import { DeviceModel, type DeviceManifest } from "./device/model.ts";
import { releaseWasmBackend, startWasmBackend } from "./device/wasm-backend.ts";
import { Encoders } from "./kernels/encoders.ts";
import { BUNDLED_MODELS, DEFAULT_MODEL } from "./models/bundled.ts";
import { ModelRegistry, type LightTier } from "./inference/registry.ts";
import type { Runtime } from "./runtime.ts";
import { SpeciesCatalog } from "./species/store.ts";
import { ReferenceStore } from "./species/reference.ts";

export function createWorkerdRuntime(): Runtime {
  const encoders = new Encoders(encodersWasm);
  let device: DeviceModel | undefined;
  const light: LightTier = {
    model: DEFAULT_MODEL,
    engine: "tfjs-wasm",
    open: async () => {
      await startWasmBackend(tfjsSimdWasm);
      // the worker's copy of the manifest leaves out the card: the registry parsed the same file already
      const card = models.card(DEFAULT_MODEL)!;
      const manifest = { ...(defaultDeviceManifest as unknown as Omit<DeviceManifest, "card">), card };
      device = DeviceModel.open(manifest, defaultDeviceWeights, encoders);
      return device;
    },
    close: () => {
      device?.dispose();
      device = undefined;
      releaseWasmBackend();
    },
  };
  const models = new ModelRegistry(BUNDLED_MODELS, encoders, { module: ortWasm }, DEFAULT_MODEL, light);
  return {
    encoders,
    models,
    species: new SpeciesCatalog(encoders),
    references: new ReferenceStore(encoders),
  };
}

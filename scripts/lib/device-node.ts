// The device engine in Node: a committed model exported as the build exports it, run by the device
// executor on tfjs-core with the wasm backend (the browser's backend), wrapped as a served model so
// that the evaluation harness scores it beside the server's onnxruntime-web path.
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-wasm";
import { DeviceModel } from "../../functions/device/model.ts";
import type { ServedModel } from "../../functions/inference/pipeline.ts";
import type { Encoders } from "../../functions/kernels/encoders.ts";
import { exportDeviceModel } from "../export/device-model.ts";

export async function nodeDeviceModel(name: string, encoders: Encoders): Promise<ServedModel> {
  if (!(await tf.setBackend("wasm"))) throw new Error("the tfjs wasm backend did not start in Node");
  const { manifest, weights } = exportDeviceModel(name);
  const device = DeviceModel.open(manifest, weights.slice().buffer, encoders);
  return {
    card: device.card,
    predict: (pairs, maxSites) => device.predict(pairs, maxSites),
    screen: () => Promise.reject(new Error("the device engine scores pairs only")),
  };
}

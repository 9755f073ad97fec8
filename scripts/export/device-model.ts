// npm run export:device [-- --model NAME] [--out DIR]
// Writes a committed model's ONNX graph as the device engine's files (functions/device/): its
// initializers and constants as a tfjs weights binary with tf.io weight specs, its nodes (op, inputs,
// outputs, attributes) as JSON, and its card. A retrained model needs only this rerun (the build
// does it). Fails, naming them, on ops the device executor cannot run.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  SUPPORTED_OPS,
  type DeviceAttribute,
  type DeviceGraph,
  type DeviceWeightSpec,
} from "../../functions/device/graph.ts";
import type { DeviceManifest } from "../../functions/device/model.ts";
import { DEFAULT_MODEL } from "../../functions/models/default.ts";
import { parseCard } from "../../functions/models/card.ts";
import { parseCli, runCli } from "../lib/cli.ts";
import { buildDir, modelsDir } from "../lib/paths.ts";
import { readOnnx, type OnnxTensor } from "./onnx-reader.ts";

/** Where the build puts the device files: served by the worker beside widget.js. */
export const DEVICE_MODELS_DIR = join(buildDir, "public", "widget", "models");

const INT32_MAX = 2 ** 31 - 1;

/** The device files of a model, as written by writeDeviceModel. */
export function exportDeviceModel(name: string): { manifest: DeviceManifest; weights: Uint8Array } {
  const card = parseCard(JSON.parse(readFileSync(join(modelsDir, `${name}.json`), "utf8")));
  const onnxBytes = readFileSync(join(modelsDir, card.onnx.file));
  const sha256 = createHash("sha256").update(onnxBytes).digest("hex");
  if (sha256 !== card.onnx.sha256)
    throw new Error(`${card.onnx.file}: sha256 ${sha256} does not match the card of ${name} (${card.onnx.sha256})`);
  const onnx = readOnnx(onnxBytes);
  const tensors: OnnxTensor[] = [...onnx.initializers];
  const nodes: DeviceGraph["nodes"] = [];
  for (const node of onnx.nodes) {
    if (node.domain !== "" && node.domain !== "ai.onnx")
      throw new Error(`${name}: node ${node.outputs[0]} is in op domain ${node.domain}`);
    if (node.op === "Constant") {
      const value = node.attributes.value;
      if (typeof value !== "object" || Array.isArray(value))
        throw new Error(`${name}: Constant ${node.outputs[0]} holds no tensor value`);
      tensors.push({ ...value, name: node.outputs[0]! });
      continue;
    }
    const attributes: Record<string, DeviceAttribute> = {};
    for (const [key, value] of Object.entries(node.attributes)) {
      if (typeof value === "object" && !Array.isArray(value)) {
        if (value.values.length !== 1)
          throw new Error(`${name}: ${node.op} ${node.outputs[0]} has a tensor attribute ${key} of several values`);
        attributes[key] = value.values[0]!;
        attributes[`${key}.dtype`] = value.dtype === "float32" ? "float32" : "int32";
      } else attributes[key] = value;
    }
    nodes.push({ op: node.op, inputs: node.inputs, outputs: node.outputs, attributes });
  }
  const unsupported = [...new Set(nodes.map((n) => n.op).filter((op) => !SUPPORTED_OPS.includes(op)))].sort();
  if (unsupported.length)
    throw new Error(`${name}: the device executor (functions/device/graph.ts) lacks ${unsupported.join(", ")}`);

  // tfjs has no int64: integer tensors (shapes, axes, slice bounds) become int32, clamped
  const specs: DeviceWeightSpec[] = tensors.map((t) => ({
    name: t.name,
    shape: t.dims,
    dtype: t.dtype === "float32" ? "float32" : "int32",
  }));
  const weights = new Uint8Array(specs.reduce((n, s) => n + 4 * s.shape.reduce((a, b) => a * b, 1), 0));
  const view = new DataView(weights.buffer);
  let offset = 0;
  for (const t of tensors) {
    for (const v of t.values) {
      if (t.dtype === "float32") view.setFloat32(offset, v, true);
      else view.setInt32(offset, Math.max(-INT32_MAX - 1, Math.min(INT32_MAX, v)), true);
      offset += 4;
    }
  }
  const thresholds: Record<string, number> = {};
  if (card.encoding.name === "member-scores")
    for (const member of card.encoding.members)
      thresholds[member] = parseCard(JSON.parse(readFileSync(join(modelsDir, `${member}.json`), "utf8"))).threshold;
  const manifest: DeviceManifest = {
    format: 1,
    card,
    memberThresholds: thresholds,
    onnxSha256: sha256,
    weights: { file: `${name}.bin`, bytes: weights.length },
    graph: {
      opset: onnx.opset,
      inputs: onnx.inputs,
      outputs: onnx.outputs.map((o) => o.name),
      weights: specs,
      nodes,
    },
  };
  return { manifest, weights };
}

/**
 * Writes <fileBase>.json and <fileBase>.bin (the worker's copy of the default has a fixed name).
 * `withoutCard`: the manifest leaves out the card, for a reader that has the committed card already.
 */
export function writeDeviceModel(
  name: string,
  out = DEVICE_MODELS_DIR,
  fileBase = name,
  { withoutCard = false } = {},
): string[] {
  const { manifest, weights } = exportDeviceModel(name);
  const { card: _card, ...rest } = manifest;
  mkdirSync(out, { recursive: true });
  const files = [join(out, `${fileBase}.json`), join(out, `${fileBase}.bin`)];
  writeFileSync(files[0]!, JSON.stringify(withoutCard ? rest : manifest));
  writeFileSync(files[1]!, weights);
  return files;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runCli(() => {
    const usage = "usage: npm run export:device -- [--model NAME (default: the default model)] [--out DIR]";
    const { values } = parseCli(usage, { model: { type: "string" }, out: { type: "string" } });
    if (values.help) return console.log(usage);
    const files = writeDeviceModel(values.model ?? DEFAULT_MODEL, values.out ? resolve(values.out) : undefined);
    console.log(`export:device: wrote ${files.join(", ")}`);
  });
}

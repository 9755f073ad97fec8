// A fresh process's first prediction, done as a fresh workerd isolate does it: onnxruntime-web's
// wasm arrives precompiled (a WebAssembly.Module, not bytes), the model's session opens on first use,
// then one predict on the bench pair. bench:api runs it in child processes, under V8's default lazy
// wasm compilation (what workerd does) and with --no-wasm-lazy-compilation, to show how much of a
// cold request is V8 compiling onnxruntime's functions as they are first called.
// Prints one JSON line: { compileMs, loadMs, firstPredictMs, secondPredictMs }.
import { DEFAULT_MODEL } from "../../functions/models/default.ts";
import { ModelRegistry } from "../../functions/inference/registry.ts";
import { parseCli, runCli } from "../lib/cli.ts";
import { loadEncoders } from "../lib/kernels-node.ts";
import { ortWasmFromNodeModules, readModelBundles } from "../lib/node-runtime.ts";
import { encodeBenchPair } from "./bench-pair.ts";

const usage = "usage: node [V8 flags] --import tsx scripts/bench/ort-start.ts [--model NAME (the default model)]";

runCli(async () => {
  const { values } = parseCli(usage, { model: { type: "string" } });
  if (values.help) return console.log(usage);
  const { binary } = ortWasmFromNodeModules();
  const bundles = readModelBundles();
  const encoders = loadEncoders();

  const t0 = performance.now();
  const module = new WebAssembly.Module(binary); // workerd does this at startup, before any request
  const t1 = performance.now();
  const registry = new ModelRegistry(bundles, encoders, { module }, DEFAULT_MODEL);
  const model = await registry.get(values.model ?? registry.defaultName);
  const t2 = performance.now();
  await model.predict([encodeBenchPair(encoders)]);
  const t3 = performance.now();
  await model.predict([encodeBenchPair(encoders)]);
  const t4 = performance.now();
  console.log(
    JSON.stringify({ compileMs: t1 - t0, loadMs: t2 - t1, firstPredictMs: t3 - t2, secondPredictMs: t4 - t3 }),
  );
});

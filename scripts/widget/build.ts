// npm run build:widget
// Builds what the worker serves as static assets (wrangler.toml [assets]) into build/public/:
// widget.js (the <lmi-predict> element), the lazily loaded device engine (widget/device.js, the
// tfjs wasm binaries, the AS kernels' .wasm and the device files of the default and every other
// committed model the executor can run, exported from their ONNX), the demo page at / with its
// script, and the _headers those files are served with; and beside them, build/device/, the default
// model's device files that the worker bundles for its light engine tier.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { build } from "esbuild";
import { DEFAULT_MODEL } from "../../functions/models/default.ts";
import { parseCard } from "../../functions/models/card.ts";
import { exportDeviceModel, writeDeviceModel } from "../export/device-model.ts";
import { runCli } from "../lib/cli.ts";
import { encoderWasmPath } from "../lib/kernels-node.ts";
import { buildDir, modelsDir, repoRoot } from "../lib/paths.ts";
import { demoCss, demoPage, headersFile } from "./page.ts";

export const PUBLIC_DIR = join(buildDir, "public");
/** The default model's device files as the worker bundles them. */
const WORKER_DEVICE_DIR = join(buildDir, "device");
const TFJS_WASM = ["tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm", "tfjs-backend-wasm-threaded-simd.wasm"];

/**
 * The committed models the device can run: the default always (its export failing fails the build),
 * the others when their graphs hold only ops the executor knows.
 */
function deviceModels(): string[] {
  const names = readdirSync(modelsDir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length))
    .sort();
  return names.filter((name) => {
    const card = parseCard(JSON.parse(readFileSync(join(modelsDir, `${name}.json`), "utf8")));
    if (card.encoding.name === "member-scores" && !card.encoding.fused) return false;
    if (name === DEFAULT_MODEL) return true;
    try {
      exportDeviceModel(name);
      return true;
    } catch (error) {
      console.warn(`build:widget: ${name} has no device build: ${(error as Error).message}`);
      return false;
    }
  });
}

export async function buildWidget(): Promise<void> {
  const kernels = encoderWasmPath("simd");
  if (!existsSync(kernels)) throw new Error(`${kernels} is missing: run \`npm run build:kernels\` first`);
  rmSync(PUBLIC_DIR, { recursive: true, force: true });
  const files = join(PUBLIC_DIR, "widget");
  mkdirSync(files, { recursive: true });
  const common = {
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    logLevel: "warning",
  } as const;
  await build({
    ...common,
    entryPoints: [join(repoRoot, "widget", "lmi-predict.ts")],
    outfile: join(PUBLIC_DIR, "widget.js"),
  });
  await build({ ...common, entryPoints: [join(repoRoot, "widget", "demo.ts")], outfile: join(files, "demo.js") });
  await build({ ...common, entryPoints: [join(repoRoot, "widget", "device.ts")], outfile: join(files, "device.js") });
  const tfjsDist = dirname(createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm/package.json"));
  for (const name of TFJS_WASM) copyFileSync(join(tfjsDist, "dist", name), join(files, name));
  copyFileSync(kernels, join(files, "encoders.simd.wasm"));
  const models = deviceModels();
  for (const name of models) writeDeviceModel(name, join(files, "models"));
  // the worker's light engine tier bundles the default's device files (functions/runtime-workerd.ts),
  // without the card, which the worker bundles already: its lists of sequence keys are long
  writeDeviceModel(DEFAULT_MODEL, WORKER_DEVICE_DIR, "default-model", { withoutCard: true });
  writeFileSync(join(files, "models", "index.json"), JSON.stringify({ default: DEFAULT_MODEL, models }));
  writeFileSync(join(PUBLIC_DIR, "index.html"), demoPage());
  writeFileSync(join(files, "demo.css"), demoCss());
  writeFileSync(join(PUBLIC_DIR, "_headers"), headersFile());
}

if (import.meta.url === `file://${process.argv[1]}`) runCli(buildWidget);

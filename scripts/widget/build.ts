// npm run build:widget
// Builds what the worker serves as static assets (wrangler.toml [assets]) into build/public/:
// widget.js (the <lmi-predict> element), the lazily loaded device engine (widget/device.js, the
// tfjs wasm binaries, the AS kernels' .wasm and the default model's device files, exported from its
// committed ONNX), the demo page at / with its script, and the _headers those files are served with.
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { build } from "esbuild";
import { DEFAULT_MODEL } from "../../functions/models/default.ts";
import { writeDeviceModel } from "../export/device-model.ts";
import { runCli } from "../lib/cli.ts";
import { encoderWasmPath } from "../lib/kernels-node.ts";
import { buildDir, repoRoot } from "../lib/paths.ts";
import { demoCss, demoPage, headersFile } from "./page.ts";

export const PUBLIC_DIR = join(buildDir, "public");
const TFJS_WASM = ["tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm", "tfjs-backend-wasm-threaded-simd.wasm"];

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
  writeDeviceModel(DEFAULT_MODEL, join(files, "models"));
  writeFileSync(join(PUBLIC_DIR, "index.html"), demoPage());
  writeFileSync(join(files, "demo.css"), demoCss());
  writeFileSync(join(PUBLIC_DIR, "_headers"), headersFile());
}

if (import.meta.url === `file://${process.argv[1]}`) runCli(buildWidget);

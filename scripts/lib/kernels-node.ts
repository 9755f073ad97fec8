// Loads the compiled AssemblyScript encoders in Node (scripts and tests); the worker imports the
// same .wasm as a module instead.
import { readFileSync, existsSync } from "node:fs";
import { resolve } from "node:path";
import { Encoders } from "../../functions/kernels/encoders.ts";
import { buildDir } from "./paths.ts";

export type KernelBuild = "simd" | "scalar";

export function encoderWasmPath(build: KernelBuild = "simd"): string {
  return resolve(buildDir, "assembly", `encoders.${build}.wasm`);
}

export function loadEncoders(build: KernelBuild = "simd"): Encoders {
  const path = encoderWasmPath(build);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build:kernels\` first`);
  return new Encoders(new WebAssembly.Module(readFileSync(path)));
}

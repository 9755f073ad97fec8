// tfjs's wasm backend in workerd: single-threaded SIMD, its binary precompiled (imported as a .wasm
// module) and handed to the glue through a placeholder, since a Worker can neither fetch nor compile
// it at run time. The browser loads it normally (widget/device.ts); Node reads it from node_modules.
import * as tf from "@tensorflow/tfjs-core";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { placeholderFor } from "../wasm-placeholder.ts";

/** Where the glue looks for its binaries: the SIMD one, the only one it asks for here, is the placeholder. */
const BINARY_PREFIX = "lmi-precompiled/";
const SIMD_BINARY_PATH = `${BINARY_PREFIX}tfjs-backend-wasm-simd.wasm`;

let started: Promise<void> | undefined;

/** Makes tfjs's wasm backend (the SIMD binary, `simdModule`) the active one; once per isolate. */
export function startWasmBackend(simdModule: WebAssembly.Module): Promise<void> {
  started ??= (async () => {
    if (tf.getBackend() === "wasm") return;
    tf.enableProdMode();
    const placeholder = placeholderFor(simdModule, "lmi-tfjs");
    const platform = tf.env().platform as tf.Platform | undefined;
    // workerd is neither a browser nor Node to tfjs: give it a platform whose fetch serves the placeholder
    tf.setPlatform("workerd", {
      now: () => performance.now(),
      encode: (text) => new TextEncoder().encode(text),
      decode: (bytes) => new TextDecoder().decode(bytes),
      isTypedArray: (a): a is Float32Array | Int32Array | Uint8Array | Uint8ClampedArray =>
        a instanceof Float32Array ||
        a instanceof Int32Array ||
        a instanceof Uint8Array ||
        a instanceof Uint8ClampedArray,
      ...platform,
      fetch: (path, init) =>
        path === SIMD_BINARY_PATH
          ? Promise.resolve(new Response(placeholder))
          : (platform?.fetch(path, init) ?? fetch(path, init)),
    });
    tf.env().set("WASM_HAS_SIMD_SUPPORT", true);
    tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
    setWasmPaths(BINARY_PREFIX, true);
    if (!(await tf.setBackend("wasm"))) throw new Error("tfjs's wasm backend did not start");
  })();
  started.catch(() => (started = undefined)); // a failed start is tried again on the next request
  return started;
}

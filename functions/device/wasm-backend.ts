// tfjs's wasm backend in workerd: single-threaded SIMD, its binary precompiled (imported as a .wasm
// module) and handed to the glue through a placeholder, since a Worker can neither fetch nor compile
// it at run time. The browser loads it normally (widget/device.ts); Node reads it from node_modules.
import * as tf from "@tensorflow/tfjs-core";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { placeholderFor } from "../wasm-placeholder.ts";

/** Where the glue looks for its binaries: the SIMD one, the only one it asks for here, is the placeholder. */
const BINARY_PREFIX = "lmi-precompiled/";
const SIMD_BINARY_PATH = `${BINARY_PREFIX}tfjs-backend-wasm-simd.wasm`;
/** The priority tfjs-backend-wasm registers its backend with. */
const WASM_PRIORITY = 2;

let started: Promise<void> | undefined;

/** Makes tfjs's wasm backend (the SIMD binary, `simdModule`) the active one; once per isolate until released. */
export function startWasmBackend(simdModule: WebAssembly.Module): Promise<void> {
  started ??= (async () => {
    if (tf.getBackend() === "wasm") return;
    usePlaceholder(placeholderFor(simdModule, "lmi-tfjs"));
    tf.enableProdMode();
    tf.env().set("WASM_HAS_SIMD_SUPPORT", true);
    tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
    setWasmPaths(BINARY_PREFIX, true);
    if (!(await tf.setBackend("wasm"))) throw new Error("tfjs's wasm backend did not start");
  })();
  started.catch(() => (started = undefined)); // a failed start is tried again on the next request
  return started;
}

/** workerd is neither a browser nor Node to tfjs: a platform whose fetch serves the placeholder (set once). */
function usePlaceholder(placeholder: Uint8Array<ArrayBuffer>): void {
  if (tf.env().platformName === "workerd") return;
  const platform = tf.env().platform as tf.Platform | undefined;
  tf.setPlatform("workerd", {
    now: () => performance.now(),
    encode: (text) => new TextEncoder().encode(text),
    decode: (bytes) => new TextDecoder().decode(bytes),
    isTypedArray: (a): a is Float32Array | Int32Array | Uint8Array | Uint8ClampedArray =>
      a instanceof Float32Array || a instanceof Int32Array || a instanceof Uint8Array || a instanceof Uint8ClampedArray,
    ...platform,
    fetch: (path, init) =>
      path === SIMD_BINARY_PATH
        ? Promise.resolve(new Response(placeholder))
        : (platform?.fetch(path, init) ?? fetch(path, init)),
  });
}

const released = (): never => {
  throw new Error("tfjs's wasm backend was released");
};

/** What each wasm kernel is set up against once the backend is gone: functions that refuse to run. */
const RELEASED_BACKEND = { wasm: { cwrap: () => released } } as unknown as tf.KernelBackend;

/**
 * Drops the wasm backend so that its memory can be collected; tensors on it must be disposed first.
 * Removing it from tfjs is not enough: every wasm kernel keeps the glue's functions, and through
 * their closures the module's memory, in a module variable set when the backend starts. Setting
 * each kernel up again against a released backend overwrites them. The backend stays registered:
 * a later start opens a new module.
 */
export function releaseWasmBackend(): void {
  const factory = tf.findBackendFactory("wasm");
  if (!factory) return;
  tf.removeBackend("wasm");
  for (const kernel of tf.getKernelsForBackend("wasm")) kernel.setupFunc?.(RELEASED_BACKEND);
  tf.registerBackend("wasm", factory, WASM_PRIORITY);
  started = undefined;
}

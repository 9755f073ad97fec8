// The memory budget of an isolate and the WebAssembly memories counted against it. Free of Node
// APIs: the Node measurements (scripts/lib/memory-budget.ts) and the worker tests inside workerd
// (test/worker/setup.ts) track the memories the same way.

/** What one isolate may hold (wasm memories + JS heap), below the platform's 128 MB. */
export const MEMORY_BUDGET_MB = 100;
/** The JS heap's share of the budget (V8's --max-heap-size); wasm memories get the rest. */
export const HEAP_CAP_MB = 52;

const MB = 1024 * 1024;
const memories = new Set<WebAssembly.Memory>();
let tracking = false;

/** Records every wasm memory created, imported or exported from here on (once per process or isolate). */
export function trackWasmMemories(): void {
  if (tracking) return;
  tracking = true;
  const NativeMemory = WebAssembly.Memory;
  (WebAssembly as { Memory: unknown }).Memory = new Proxy(NativeMemory, {
    construct(target, args) {
      const memory = Reflect.construct(target, args) as WebAssembly.Memory;
      memories.add(memory);
      return memory;
    },
  });
  const remember = (instance: WebAssembly.Instance, imports?: WebAssembly.Imports) => {
    for (const value of Object.values(instance.exports)) if (value instanceof NativeMemory) memories.add(value);
    for (const module of Object.values(imports ?? {}))
      for (const value of Object.values(module)) if (value instanceof NativeMemory) memories.add(value);
  };
  const instantiate = WebAssembly.instantiate.bind(WebAssembly) as (...a: unknown[]) => Promise<unknown>;
  (WebAssembly as { instantiate: unknown }).instantiate = async (source: unknown, imports?: WebAssembly.Imports) => {
    const result = (await instantiate(source, imports)) as WebAssembly.Instance | { instance: WebAssembly.Instance };
    remember("instance" in result ? result.instance : result, imports);
    return result;
  };
  (WebAssembly as { Instance: unknown }).Instance = new Proxy(WebAssembly.Instance, {
    construct(target, args) {
      const instance = Reflect.construct(target, args) as WebAssembly.Instance;
      remember(instance, args[1] as WebAssembly.Imports | undefined);
      return instance;
    },
  });
}

/** Each tracked wasm memory's size now, in MB, in the order they were created. */
export function wasmMemorySizesMB(): number[] {
  return [...memories].map((m) => m.buffer.byteLength / MB);
}

/** Every tracked wasm memory together, in MB: they never shrink, so this is their peak. */
export function wasmMemoriesMB(): number {
  return wasmMemorySizesMB().reduce((sum, mb) => sum + mb, 0);
}

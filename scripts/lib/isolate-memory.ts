// The memory budget of an isolate and the WebAssembly memories counted against it. Free of Node
// APIs: the Node measurements (scripts/lib/memory-budget.ts) and the worker tests inside workerd
// (test/worker/setup.ts) track the memories the same way.

/** What one isolate may hold (wasm memories + JS heap), below the platform's 128 MB. */
export const MEMORY_BUDGET_MB = 100;
/** The JS heap's share of the budget (V8's --max-heap-size); wasm memories get the rest. */
export const HEAP_CAP_MB = 52;

const MB = 1024 * 1024;
/** Held weakly: a memory nothing else holds any more is collected and stops counting. */
const memories: WeakRef<WebAssembly.Memory>[] = [];
const tracked = new WeakSet<WebAssembly.Memory>();
let tracking = false;

function track(memory: WebAssembly.Memory): void {
  if (tracked.has(memory)) return;
  tracked.add(memory);
  memories.push(new WeakRef(memory));
}

/** Records every wasm memory created, imported or exported from here on (once per process or isolate). */
export function trackWasmMemories(): void {
  if (tracking) return;
  tracking = true;
  const NativeMemory = WebAssembly.Memory;
  (WebAssembly as { Memory: unknown }).Memory = new Proxy(NativeMemory, {
    construct(target, args) {
      const memory = Reflect.construct(target, args) as WebAssembly.Memory;
      track(memory);
      return memory;
    },
  });
  const remember = (instance: WebAssembly.Instance, imports?: WebAssembly.Imports) => {
    for (const value of Object.values(instance.exports)) if (value instanceof NativeMemory) track(value);
    for (const module of Object.values(imports ?? {}))
      for (const value of Object.values(module)) if (value instanceof NativeMemory) track(value);
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

/** How many wasm memories were tracked so far, collected ones included: a mark for `wasmMemoriesSince`. */
export function wasmMemoryCount(): number {
  return memories.length;
}

/** The memories tracked since `mark`, held weakly: one that is collected reads as undefined. */
export function wasmMemoriesSince(mark: number): WeakRef<WebAssembly.Memory>[] {
  return memories.slice(mark);
}

/** Each live tracked wasm memory's size now, in MB, in the order they were created. */
export function wasmMemorySizesMB(): number[] {
  return memories.flatMap((ref) => {
    const memory = ref.deref();
    return memory ? [memory.buffer.byteLength / MB] : [];
  });
}

/**
 * Every live tracked wasm memory together, in MB: a memory never shrinks, so while none is dropped
 * this is their peak; a dropped one counts until it is collected.
 */
export function wasmMemoriesMB(): number {
  return wasmMemorySizesMB().reduce((sum, mb) => sum + mb, 0);
}

/**
 * 64 MB held across its own allocations, so that young-generation collections move it to the old
 * generation: its growth brings on a full collection, which wasm memories need.
 */
function oldGenerationGarbage(seed: number): void {
  const held: number[][] = [];
  for (let i = 0; i < 8; i++) held.push(new Array<number>(MB).fill(seed + i));
}

/**
 * Collects garbage until `done()` holds or `rounds` collections have run: with `gc` where the runtime
 * exposes it (node --expose-gc), else by allocating more than V8 lets the heap grow by (workerd
 * exposes no gc). A WeakRef read keeps its target alive until the task ends: each collection runs
 * in a task of its own, apart from the tasks that call `done`.
 */
export async function collectGarbageUntil(done: () => boolean, rounds = 200): Promise<boolean> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
  for (let round = 0; round < rounds; round++) {
    if (done()) return true;
    await nextTask();
    if (gc) gc();
    else oldGenerationGarbage(round);
    await nextTask();
  }
  return done();
}

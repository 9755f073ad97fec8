// How the memory budget of an isolate (scripts/lib/isolate-memory.ts) is measured (bench:memory,
// test/app/memory-budget.test.ts): the largest accepted requests run in a fresh Node process with the
// app and the serving runtime, after one small warm-up predict and screen (sessions open). The budget
// is split in two: V8's heap runs under --max-heap-size (V8 collects garbage before it grows past it,
// and aborts the process when the live objects do not fit), and every WebAssembly memory the process
// creates (the kernels', onnxruntime's) must fit in the rest; wasm memories never shrink, so their
// size after the requests is their peak.
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { promisify } from "node:util";
import { join } from "node:path";
import { GCProfiler, getHeapStatistics } from "node:v8";
import { LIMITS } from "../../functions/api/limits.ts";
import { DEFAULT_MODEL } from "../../functions/models/default.ts";
import { longestFullShortlistLncrna } from "../../functions/api/budget.ts";
import { HEAP_CAP_MB, trackWasmMemories, wasmMemoriesMB } from "./isolate-memory.ts";
import { seededRandom } from "./random.ts";
import { modelsDir, repoRoot } from "./paths.ts";

const MB = 1024 * 1024;
const run = promisify(execFile);

/** The default model and the heaviest. */
export const MEMORY_MODELS = [DEFAULT_MODEL, "ensemble"];

const random = seededRandom(99);
const rna = (length: number) => Array.from({ length }, () => "ACGU"[Math.floor(random() * 4)]).join("");
const fasta = (sequences: string[]) => sequences.map((s, i) => `>r${i}\n${s}\n`).join("");
/** The longest miRNAs accepted: the duplex kernel's memory grows with the miRNA's length. */
const mirna = () => rna(LIMITS.maxMirnaLength);
const mirnas = (count: number) => Array.from({ length: count }, mirna);
/** The longest lncRNAs the first-pass screens may have at the default topK and at the largest one. */
const firstPassLength = longestFullShortlistLncrna(LIMITS.maxScreenMirnas, LIMITS.defaultTopK);
const topKPassLength = longestFullShortlistLncrna(3000, LIMITS.maxTopK);
/** The longest distinct lncRNA per JSON pair that lets maxPairs pairs fit the body limit. */
const pairsInBodyLength = Math.floor(LIMITS.maxBodyBytes / LIMITS.maxPairs) - 72;

/** The largest request of each kind the limits accept: [path, JSON body without the model]. */
export const MEMORY_SHAPES: Record<string, () => [string, Record<string, unknown>]> = {
  [`predict: ${LIMITS.maxWork / LIMITS.maxLncrnaLength} miRNAs × one ${LIMITS.maxLncrnaLength}-nt lncRNA`]: () => [
    "/v1/predict",
    {
      mirnaFasta: fasta(mirnas(LIMITS.maxWork / LIMITS.maxLncrnaLength)),
      lncrnaFasta: fasta([rna(LIMITS.maxLncrnaLength)]),
    },
  ],
  [`predict: ${LIMITS.maxPairs} miRNAs × one ${LIMITS.maxWork / LIMITS.maxPairs}-nt lncRNA`]: () => [
    "/v1/predict",
    { mirnaFasta: fasta(mirnas(LIMITS.maxPairs)), lncrnaFasta: fasta([rna(LIMITS.maxWork / LIMITS.maxPairs)]) },
  ],
  [`predict: 10 pairs, each its own ${LIMITS.maxLncrnaLength}-nt lncRNA`]: () => [
    "/v1/predict",
    { pairs: Array.from({ length: 10 }, () => ({ mirna: mirna(), lncrna: rna(LIMITS.maxLncrnaLength) })) },
  ],
  [`predict: ${LIMITS.maxPairs} pairs, each its own ${pairsInBodyLength}-nt lncRNA (a body near the size limit)`]:
    () => [
      "/v1/predict",
      {
        pairs: Array.from({ length: LIMITS.maxPairs }, () => ({ mirna: mirna(), lncrna: rna(pairsInBodyLength) })),
      },
    ],
  [`exhaustive screen: ${LIMITS.maxWork / LIMITS.maxLncrnaLength} candidates × ${LIMITS.maxLncrnaLength} nt`]: () => [
    "/v1/screen",
    {
      lncrna: rna(LIMITS.maxLncrnaLength),
      mirnaFasta: fasta(mirnas(LIMITS.maxWork / LIMITS.maxLncrnaLength)),
      exhaustive: true,
    },
  ],
  [`first-pass screen: ${LIMITS.maxScreenMirnas} candidates × ${firstPassLength} nt`]: () => [
    "/v1/screen",
    {
      lncrna: rna(firstPassLength),
      mirnaFasta: fasta(mirnas(LIMITS.maxScreenMirnas)),
      exhaustive: false,
    },
  ],
  [`first-pass screen: 3000 candidates × ${topKPassLength} nt, topK ${LIMITS.maxTopK}`]: () => [
    "/v1/screen",
    {
      lncrna: rna(topKPassLength),
      mirnaFasta: fasta(mirnas(3000)),
      topK: LIMITS.maxTopK,
      exhaustive: false,
    },
  ],
};

/** A small predict that opens a model's sessions and runs each at a predict's largest batch (32 pairs). */
const smallPredict = () => ({ pairs: Array.from({ length: 32 }, () => ({ mirna: mirna(), lncrna: rna(500) })) });

export interface Measurement {
  /** Every wasm memory of the process after the requests: their peak. */
  wasmMB: number;
  /** The largest V8 heap during the requests (at any garbage collection, or after them). */
  peakHeapMB: number;
  /** The most live JS objects a full garbage collection found during the requests (0: none ran). */
  liveHeapMB: number;
  peakRssMB: number;
  baselineRssMB: number;
}

/**
 * The child's app, its wasm memories tracked from before the first is made, and a POST of a JSON body
 * that must answer 200 (it throws with the answer otherwise).
 */
async function childApp(): Promise<
  (path: string, body: Uint8Array<ArrayBuffer> | string, label?: string) => Promise<void>
> {
  trackWasmMemories();
  const { nodeApp } = await import("./node-app.ts");
  const app = nodeApp();
  return async (path, body, label = path) => {
    const response = await app.request(path, { method: "POST", headers: { "Content-Type": "application/json" }, body });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${label} answered ${response.status}: ${text.slice(0, 300)}`);
  };
}

/**
 * In the child (scripts/bench/memory-child.ts): a small predict with each model of `before` (other
 * models the isolate served first), the warm-up, then each shape in turn; prints the measurement as JSON.
 */
export async function measureShapes(model: string, shapes: string[], before: string[] = []): Promise<void> {
  const post = await childApp();
  // bodies as bytes, as a request's arrive: the client's strings are no part of the isolate's heap
  const json = (body: Record<string, unknown>) => new TextEncoder().encode(JSON.stringify({ ...body, model }));
  for (const other of before)
    await post("/v1/predict", new TextEncoder().encode(JSON.stringify({ ...smallPredict(), model: other })));
  await post("/v1/predict", json({ pairs: [{ mirna: mirna(), lncrna: rna(500) }] }));
  await post("/v1/screen", json({ lncrna: rna(500), mirnaFasta: fasta(mirnas(60)) })); // first-pass sessions open
  const bodies = shapes.map((shape): [string, Uint8Array<ArrayBuffer>] => {
    const [path, body] = MEMORY_SHAPES[shape]!();
    return [path, json(body)];
  });
  const baselineRssMB = process.resourceUsage().maxRSS / 1024;
  const profiler = new GCProfiler();
  profiler.start();
  for (const [path, body] of bodies) await post(path, body);
  const { statistics } = profiler.stop();
  const atGc = statistics.flatMap((s) => [
    s.beforeGC.heapStatistics.totalHeapSize,
    s.afterGC.heapStatistics.totalHeapSize,
  ]);
  const live = statistics
    .filter((s) => s.gcType === "MarkSweepCompact")
    .map((s) => s.afterGC.heapStatistics.usedHeapSize);
  const measurement: Measurement = {
    wasmMB: wasmMemoriesMB(),
    peakHeapMB: Math.max(getHeapStatistics().total_heap_size, ...atGc) / MB,
    liveHeapMB: Math.max(0, ...live) / MB,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    baselineRssMB,
  };
  console.log(JSON.stringify(measurement));
}

/**
 * Every served model in two orders for one isolate: the default first (the model a fresh isolate
 * opens first), then the rest by name; and the reverse. Card names are read from the models folder
 * rather than through the registry, so that no wasm is instantiated before the child tracks it.
 */
export function servedModelOrders(dir = modelsDir): string[][] {
  const names = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => (JSON.parse(readFileSync(join(dir, f), "utf8")) as { name: string }).name);
  const first = [DEFAULT_MODEL, ...names.filter((n) => n !== DEFAULT_MODEL).sort()];
  return [first, [...first].reverse()];
}

/** Every wasm memory of the process after one step of models in turn. */
export interface ModelStep {
  model: string;
  wasmMB: number;
}

/**
 * In the child: a small predict with each model of `order` in turn, in one app (one isolate's
 * registry); prints the wasm memories after each step as JSON.
 */
export async function measureModelsInTurn(order: string[]): Promise<void> {
  const post = await childApp();
  const steps: ModelStep[] = [];
  for (const model of order) {
    await post("/v1/predict", JSON.stringify({ ...smallPredict(), model }), model);
    steps.push({ model, wasmMB: wasmMemoriesMB() });
  }
  console.log(JSON.stringify(steps));
}

/** Each model of `order` in turn in one fresh Node process under the JS heap cap: the wasm memories after each. */
export async function modelsInTurnInChild(order: string[], heapCapMB = HEAP_CAP_MB): Promise<ModelStep[]> {
  const { stdout } = await runChild({ order }, heapCapMB);
  return JSON.parse(stdout.trim().split("\n").pop()!) as ModelStep[];
}

function runChild(job: unknown, heapCapMB: number) {
  const child = join(repoRoot, "scripts", "bench", "memory-child.ts");
  return run(process.execPath, [`--max-heap-size=${heapCapMB}`, "--import", "tsx", child], {
    cwd: repoRoot,
    env: { ...process.env, LMI_MEMORY_SHAPES: JSON.stringify(job) },
    encoding: "utf8",
    maxBuffer: 16 * MB,
  });
}

/**
 * Runs the shapes in turn in one fresh Node process whose V8 heap is capped at heapCapMB, after a
 * small predict with each model of `before`, and resolves to what it measured; rejects when the
 * process fails (a request refused, or the heap cap reached).
 */
export async function measureInChild(
  model: string,
  shapes: string[],
  heapCapMB = HEAP_CAP_MB,
  before: string[] = [],
): Promise<Measurement> {
  const { stdout } = await runChild({ model, shapes, before }, heapCapMB);
  return JSON.parse(stdout.trim().split("\n").pop()!) as Measurement;
}

// npm run bench:memory [-- --out FILE (reports/perf.md)]
// Peak memory of the largest request each limit allows, for the default and the heaviest model: each
// request in a fresh Node process running the app with the serving runtime, after one small warm-up
// request (sessions open). Every WebAssembly memory the process creates (the kernels', onnxruntime's)
// is tracked; wasm memories never shrink, so their size after the request is their peak. The JS heap
// is V8's heap size after the request, and peak RSS is the whole process's (Node itself included).
// Writes (or replaces) the "Memory" section of reports/perf.md.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { getHeapStatistics } from "node:v8";
import { LIMITS, SCREEN_SHORTLIST } from "../../functions/api/limits.ts";
import { DEFAULT_MODEL, SCREEN_FIRST_PASS_MODELS } from "../../functions/models/default.ts";
import { seededRandom } from "../lib/random.ts";
import { parseCli, runCli } from "../lib/cli.ts";
import { describeCommit } from "../lib/commit.ts";
import { repoRoot } from "../lib/paths.ts";
import { writeReportSection } from "../lib/report-section.ts";

const usage = "usage: npm run bench:memory [-- --out FILE (reports/perf.md)]";
const HEADING = "## Memory: the largest accepted requests (bench:memory)";
const MODELS = [DEFAULT_MODEL, "ensemble"];
const MB = 1024 * 1024;
const SIGNALS = 1 + SCREEN_FIRST_PASS_MODELS.length;

const memories = new Set<WebAssembly.Memory>();
/** Records every wasm memory created, imported or exported from here on. */
function trackWasmMemories(): void {
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

const random = seededRandom(99);
const rna = (length: number) => Array.from({ length }, () => "ACGU"[Math.floor(random() * 4)]).join("");
const fasta = (sequences: string[]) => sequences.map((s, i) => `>r${i}\n${s}\n`).join("");
const mirnas = (count: number) => Array.from({ length: count }, () => rna(22));
const firstPassLength = (candidates: number, topK: number) =>
  Math.floor(LIMITS.maxWork / (candidates * LIMITS.firstPassWorkShare + SIGNALS * Math.max(topK, SCREEN_SHORTLIST)));

const SHAPES: Record<string, () => [string, unknown]> = {
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
    { pairs: Array.from({ length: 10 }, () => ({ mirna: rna(22), lncrna: rna(LIMITS.maxLncrnaLength) })) },
  ],
  [`exhaustive screen: ${LIMITS.maxWork / LIMITS.maxLncrnaLength} candidates × ${LIMITS.maxLncrnaLength} nt`]: () => [
    "/v1/screen",
    {
      lncrna: rna(LIMITS.maxLncrnaLength),
      mirnaFasta: fasta(mirnas(LIMITS.maxWork / LIMITS.maxLncrnaLength)),
      exhaustive: true,
    },
  ],
  [`first-pass screen: ${LIMITS.maxScreenMirnas} candidates × ${firstPassLength(LIMITS.maxScreenMirnas, LIMITS.defaultTopK)} nt`]:
    () => [
      "/v1/screen",
      {
        lncrna: rna(firstPassLength(LIMITS.maxScreenMirnas, LIMITS.defaultTopK)),
        mirnaFasta: fasta(mirnas(LIMITS.maxScreenMirnas)),
        exhaustive: false,
      },
    ],
  [`first-pass screen: 3000 candidates × ${firstPassLength(3000, LIMITS.maxTopK)} nt, topK ${LIMITS.maxTopK}`]: () => [
    "/v1/screen",
    {
      lncrna: rna(firstPassLength(3000, LIMITS.maxTopK)),
      mirnaFasta: fasta(mirnas(3000)),
      topK: LIMITS.maxTopK,
      exhaustive: false,
    },
  ],
};

interface Measurement {
  wasmMB: number;
  heapMB: number;
  peakRssMB: number;
  baselineRssMB: number;
}

/** In a child: one warm-up, then the shape; prints the measurement as JSON. */
async function measureOne(model: string, shape: string): Promise<void> {
  trackWasmMemories();
  const { createApp } = await import("../../functions/app.ts");
  const { SpeciesCatalog } = await import("../../functions/species/store.ts");
  const { loadEncoders } = await import("../lib/kernels-node.ts");
  const { nodeModelRegistry } = await import("../lib/node-runtime.ts");
  const encoders = loadEncoders();
  const runtime = { encoders, models: nodeModelRegistry(), species: new SpeciesCatalog(encoders) };
  const app = createApp(() => runtime);
  const post = async (path: string, body: unknown) => {
    const response = await app.request(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ ...(body as object), model }),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${text.slice(0, 300)}`);
  };
  await post("/v1/predict", { pairs: [{ mirna: rna(22), lncrna: rna(500) }] });
  await post("/v1/screen", { lncrna: rna(500), mirnaFasta: fasta(mirnas(60)) }); // first-pass sessions open
  const baselineRssMB = process.resourceUsage().maxRSS / 1024;
  const [path, body] = SHAPES[shape]!();
  await post(path, body);
  const wasm = [...memories].reduce((sum, m) => sum + m.buffer.byteLength, 0);
  const measurement: Measurement = {
    wasmMB: wasm / MB,
    heapMB: getHeapStatistics().total_heap_size / MB,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    baselineRssMB,
  };
  console.log(JSON.stringify(measurement));
}

runCli(async () => {
  const child = process.env["LMI_MEMORY_CHILD"];
  if (child) {
    const { model, shape } = JSON.parse(child) as { model: string; shape: string };
    return measureOne(model, shape);
  }
  const { values } = parseCli(usage, { out: { type: "string" } });
  if (values.help) return console.log(usage);
  const out = values.out ?? join(repoRoot, "reports", "perf.md");
  const rows: string[] = [];
  let worst = 0;
  for (const model of MODELS)
    for (const shape of Object.keys(SHAPES)) {
      const output = execFileSync(process.execPath, [...process.execArgv, process.argv[1]!], {
        env: { ...process.env, LMI_MEMORY_CHILD: JSON.stringify({ model, shape }) },
        encoding: "utf8",
        maxBuffer: 16 * MB,
      });
      const m = JSON.parse(output.trim().split("\n").pop()!) as Measurement;
      const isolate = m.wasmMB + m.heapMB;
      worst = Math.max(worst, isolate);
      console.log(`${model}  ${shape}: wasm ${m.wasmMB.toFixed(0)} MB + JS heap ${m.heapMB.toFixed(0)} MB`);
      rows.push(
        `| ${model} | ${shape} | ${m.wasmMB.toFixed(0)} | ${m.heapMB.toFixed(0)} | **${isolate.toFixed(0)}** | ${m.peakRssMB.toFixed(0)} (${m.baselineRssMB.toFixed(0)} before) |`,
      );
    }
  const section = [
    HEADING,
    "",
    `\`npm run bench:memory\` — ${describeCommit(["functions", "models", "assembly"])}; Node ${process.version}. Each request in a fresh Node process with the app and the serving runtime, after a small predict and screen (every session open). wasm: every WebAssembly memory of the process (kernels and onnxruntime) after the request — they never shrink, so this is their peak; JS heap: V8's heap size after the request; isolate = wasm + JS heap, what a Workers isolate's 128 MB must hold; peak RSS: the whole Node process, Node itself included.`,
    "",
    "| model | largest accepted request | wasm MB | JS heap MB | isolate MB | peak RSS MB |",
    "|---|---|---|---|---|---|",
    ...rows,
    "",
    `Largest isolate figure: ${worst.toFixed(0)} MB against 128 MB per isolate.`,
    "",
  ].join("\n");
  writeReportSection(out, HEADING, section);
  console.log(`wrote ${out}`);
});

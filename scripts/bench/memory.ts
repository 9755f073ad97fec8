// npm run bench:memory [-- --out FILE (reports/perf.md)]
// Peak memory of the largest request each limit allows, for the default and the heaviest model, each
// request in its own fresh Node process under the JS heap cap (scripts/lib/memory-budget.ts). Fails
// when a request cannot finish under the cap or leaves the wasm memories over their share. Writes (or
// replaces) the "Memory" section of reports/perf.md.
import { join } from "node:path";
import { parseCli, runCli } from "../lib/cli.ts";
import { describeCommit } from "../lib/commit.ts";
import { HEAP_CAP_MB, MEMORY_BUDGET_MB, MEMORY_MODELS, MEMORY_SHAPES, measureInChild } from "../lib/memory-budget.ts";
import { repoRoot } from "../lib/paths.ts";
import { writeReportSection } from "../lib/report-section.ts";

const usage = "usage: npm run bench:memory [-- --out FILE (reports/perf.md)]";
const HEADING = "## Memory: the largest accepted requests (bench:memory)";

runCli(async () => {
  const { values } = parseCli(usage, { out: { type: "string" } });
  if (values.help) return console.log(usage);
  const out = values.out ?? join(repoRoot, "reports", "perf.md");
  const rows: string[] = [];
  let worstWasm = 0;
  let worstIsolate = 0;
  for (const model of MEMORY_MODELS)
    for (const shape of Object.keys(MEMORY_SHAPES)) {
      const m = await measureInChild(model, [shape]);
      const isolate = m.wasmMB + m.peakHeapMB;
      worstWasm = Math.max(worstWasm, m.wasmMB);
      worstIsolate = Math.max(worstIsolate, isolate);
      console.log(
        `${model}  ${shape}: wasm ${m.wasmMB.toFixed(1)} MB + JS heap ${m.peakHeapMB.toFixed(1)} MB (live ${m.liveHeapMB.toFixed(1)})`,
      );
      rows.push(
        `| ${model} | ${shape} | ${m.wasmMB.toFixed(1)} | ${m.peakHeapMB.toFixed(1)} | ${m.liveHeapMB > 0 ? m.liveHeapMB.toFixed(1) : "—"} | **${isolate.toFixed(1)}** | ${m.peakRssMB.toFixed(0)} (${m.baselineRssMB.toFixed(0)} before) |`,
      );
    }
  if (worstWasm > MEMORY_BUDGET_MB - HEAP_CAP_MB)
    throw new Error(
      `wasm memories reached ${worstWasm.toFixed(1)} MB, over their ${MEMORY_BUDGET_MB - HEAP_CAP_MB} MB`,
    );
  const section = [
    HEADING,
    "",
    `\`npm run bench:memory\` — ${describeCommit(["functions", "models", "assembly"])}; Node ${process.version}. Budget: ${MEMORY_BUDGET_MB} MB per isolate (the platform gives 128), of which the JS heap ${HEAP_CAP_MB} MB and wasm memories the rest. Each request in a fresh Node process with the app and the serving runtime, after a small predict and screen (every session open), V8's heap capped with \`--max-heap-size=${HEAP_CAP_MB}\` (V8 collects garbage before it passes the cap and aborts if the live objects cannot fit: every row below completed). wasm: every WebAssembly memory of the process (kernels and onnxruntime) after the request — they never shrink, so this is their peak; JS heap: the largest V8 heap during the request; live: the most live objects a full collection found during it; isolate = wasm + JS heap. Model runs take at most 32 pairs (screens' first passes 256 rows), so onnxruntime's memory stays near what its sessions take. test/app/memory-budget.test.ts runs every shape in turn in one process per model under the same cap and fails when the wasm memories pass their share.`,
    "",
    "| model | largest accepted request | wasm MB | JS heap MB | live MB | isolate MB | peak RSS MB |",
    "|---|---|---|---|---|---|---|",
    ...rows,
    "",
    `Largest: wasm ${worstWasm.toFixed(1)} MB (share ${MEMORY_BUDGET_MB - HEAP_CAP_MB} MB); isolate ${worstIsolate.toFixed(1)} MB against the ${MEMORY_BUDGET_MB} MB budget (128 MB per isolate). Not counted: ArrayBuffers outside wasm (request and answer bytes, feature batches, the model files).`,
    "",
  ].join("\n");
  writeReportSection(out, HEADING, section);
  console.log(`wrote ${out}`);
});

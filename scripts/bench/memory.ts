// npm run bench:memory [-- --out FILE (reports/perf.md)]
// Peak memory of the largest request each limit allows, for the default and the heaviest model, each
// request in its own fresh Node process under the JS heap cap (scripts/lib/memory-budget.ts); then one
// process asked for every served model in turn (one isolate keeps every session it opened), in two
// orders, and the largest requests after it. Fails when a request cannot finish under the cap or
// leaves the wasm memories over their share. Writes (or replaces) the two "Memory" sections of
// reports/perf.md.
import { join } from "node:path";
import { parseCli, runCli } from "../lib/cli.ts";
import { describeCommit } from "../lib/commit.ts";
import {
  MEMORY_MODELS,
  MEMORY_SHAPES,
  measureInChild,
  modelsInTurnInChild,
  servedModelOrders,
  type Measurement,
  type ModelStep,
} from "../lib/memory-budget.ts";
import { HEAP_CAP_MB, MEMORY_BUDGET_MB } from "../lib/isolate-memory.ts";
import { repoRoot } from "../lib/paths.ts";
import { writeReportSection } from "../lib/report-section.ts";

const usage = "usage: npm run bench:memory [-- --out FILE (reports/perf.md)]";
const HEADING = "## Memory: the largest accepted requests (bench:memory)";
const IN_TURN_HEADING = "## Memory: every served model in turn, one isolate (bench:memory)";
const WASM_SHARE_MB = MEMORY_BUDGET_MB - HEAP_CAP_MB;

/** The section on one isolate that serves every model: wasm after each step of each order, then the largest requests. */
async function inTurnSection(commit: string): Promise<{ section: string; worstWasm: number }> {
  const orders = servedModelOrders();
  const runs: ModelStep[][] = [];
  for (const order of orders) runs.push(await modelsInTurnInChild(order));
  const heaviest = MEMORY_MODELS.at(-1)!;
  const after: Measurement = await measureInChild(heaviest, Object.keys(MEMORY_SHAPES), HEAP_CAP_MB, orders[0]);
  for (const [k, steps] of runs.entries())
    console.log(`in turn, ${orders[k]![0]} first: ${steps.map((s) => `${s.model} ${s.wasmMB.toFixed(1)}`).join(", ")}`);
  console.log(
    `then every shape with ${heaviest}: wasm ${after.wasmMB.toFixed(1)} MB + JS heap ${after.peakHeapMB.toFixed(1)} MB`,
  );
  const rows = orders[0]!.map(
    (_, i) =>
      `| ${i + 1} | ${runs.map((steps) => `${steps[i]!.model} | ${steps[i]!.wasmMB.toFixed(1)}`).join(" | ")} |`,
  );
  const last = runs.map((steps) => steps.at(-1)!.wasmMB);
  const worstWasm = Math.max(...last, after.wasmMB);
  const section = [
    IN_TURN_HEADING,
    "",
    `\`npm run bench:memory\` — ${commit}; Node ${process.version}. A request may name any served model, and an isolate keeps the sessions of every model it has served open, all in onnxruntime-web's one wasm memory, which never shrinks. One fresh Node process (app and serving runtime, JS heap capped at ${HEAP_CAP_MB} MB) answers a small predict (32 pairs, a predict's largest model batch, 500-nt lncRNAs) with every served model in turn, in two orders; wasm: every WebAssembly memory of the process (kernels and onnxruntime) after each step. test/app/memory-budget.test.ts runs both orders and fails when the wasm memories pass their ${WASM_SHARE_MB} MB share.`,
    "",
    `| step | ${orders.map(() => "model | wasm MB").join(" | ")} |`,
    `|---|${orders.map(() => "---|---|").join("")}`,
    ...rows,
    "",
    `After every served model: wasm ${last.map((mb) => mb.toFixed(1)).join(" MB and ")} MB (share ${WASM_SHARE_MB} MB). Then, in a process that served every model first (${orders[0]![0]} first), every largest request of the previous section in turn with ${heaviest}: wasm ${after.wasmMB.toFixed(1)} MB + JS heap ${after.peakHeapMB.toFixed(1)} MB = isolate **${(after.wasmMB + after.peakHeapMB).toFixed(1)}** MB against the ${MEMORY_BUDGET_MB} MB budget.`,
    "",
  ].join("\n");
  return { section, worstWasm };
}

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
  const commit = describeCommit(["functions", "models", "assembly"]);
  const inTurn = await inTurnSection(commit);
  const worstOfAll = Math.max(worstWasm, inTurn.worstWasm);
  if (worstOfAll > WASM_SHARE_MB)
    throw new Error(`wasm memories reached ${worstOfAll.toFixed(1)} MB, over their ${WASM_SHARE_MB} MB`);
  const section = [
    HEADING,
    "",
    `\`npm run bench:memory\` — ${commit}; Node ${process.version}. Budget: ${MEMORY_BUDGET_MB} MB per isolate (the platform gives 128), of which the JS heap ${HEAP_CAP_MB} MB and wasm memories the rest. Each request in a fresh Node process with the app and the serving runtime, after a small predict and screen (every session open), V8's heap capped with \`--max-heap-size=${HEAP_CAP_MB}\` (V8 collects garbage before it passes the cap and aborts if the live objects cannot fit: every row below completed). wasm: every WebAssembly memory of the process (kernels and onnxruntime) after the request — they never shrink, so this is their peak; JS heap: the largest V8 heap during the request; live: the most live objects a full collection found during it; isolate = wasm + JS heap. Model runs take at most 32 pairs (screens' first passes 256 rows), so onnxruntime's memory stays near what its sessions take. test/app/memory-budget.test.ts runs every shape in turn in one process per model under the same cap and fails when the wasm memories pass their share.`,
    "",
    "| model | largest accepted request | wasm MB | JS heap MB | live MB | isolate MB | peak RSS MB |",
    "|---|---|---|---|---|---|---|",
    ...rows,
    "",
    `Largest: wasm ${worstWasm.toFixed(1)} MB (share ${WASM_SHARE_MB} MB); isolate ${worstIsolate.toFixed(1)} MB against the ${MEMORY_BUDGET_MB} MB budget (128 MB per isolate). Not counted: ArrayBuffers outside wasm (request and answer bytes, feature batches, the model files).`,
    "",
  ].join("\n");
  writeReportSection(out, HEADING, section);
  writeReportSection(out, IN_TURN_HEADING, inTurn.section);
  console.log(`wrote ${out}`);
});

// The child process of bench:memory and its tests (scripts/lib/memory-budget.ts): runs the shapes
// named in LMI_MEMORY_SHAPES with one model (after a small predict with each model `before` it), or a
// small predict with each model of its `order` in turn, and prints what it measured.
import { runCli } from "../lib/cli.ts";
import { measureModelsInTurn, measureShapes } from "../lib/memory-budget.ts";

runCli(async () => {
  const job = JSON.parse(process.env["LMI_MEMORY_SHAPES"] ?? "{}") as
    { model: string; shapes: string[]; before?: string[] } | { order: string[] };
  if ("order" in job) await measureModelsInTurn(job.order);
  else await measureShapes(job.model, job.shapes, job.before);
});

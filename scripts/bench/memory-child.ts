// The child process of bench:memory and its test (scripts/lib/memory-budget.ts): runs the shapes
// named in LMI_MEMORY_SHAPES with one model and prints what it measured.
import { runCli } from "../lib/cli.ts";
import { measureShapes } from "../lib/memory-budget.ts";

runCli(async () => {
  const { model, shapes } = JSON.parse(process.env["LMI_MEMORY_SHAPES"] ?? "{}") as { model: string; shapes: string[] };
  await measureShapes(model, shapes);
});

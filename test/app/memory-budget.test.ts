// Every accepted request shape fits the memory budget of an isolate, with the default model and with
// the heaviest: one fresh Node process per model serves the largest request of each kind in turn (as
// one isolate would) under the JS heap cap, so a request whose live objects outgrow the cap aborts it,
// and the wasm memories it leaves (their peak) must fit the rest of the budget. And one isolate that
// is asked for every served model in turn (a request may name any) keeps every session it opened:
// onnxruntime's one wasm memory holds them all and never shrinks, so after the last model it must
// still fit the wasm share. Slow: the processes run side by side, each the whole set of largest requests.
import { describe, expect, it } from "vitest";
import {
  MEMORY_MODELS,
  MEMORY_SHAPES,
  measureInChild,
  modelsInTurnInChild,
  servedModelOrders,
} from "../../scripts/lib/memory-budget.ts";
import { HEAP_CAP_MB, MEMORY_BUDGET_MB } from "../../scripts/lib/isolate-memory.ts";

describe(`the largest accepted requests fit ${MEMORY_BUDGET_MB} MB per isolate`, () => {
  for (const model of MEMORY_MODELS)
    it.concurrent(
      `${model}: every shape in turn under a ${HEAP_CAP_MB} MB JS heap, wasm memories within the rest`,
      async () => {
        const measured = await measureInChild(model, Object.keys(MEMORY_SHAPES));
        expect(measured.peakHeapMB).toBeGreaterThan(0);
        expect(measured.wasmMB).toBeLessThanOrEqual(MEMORY_BUDGET_MB - HEAP_CAP_MB);
      },
      600_000,
    );

  for (const order of servedModelOrders())
    it.concurrent(
      `every served model in turn in one process, ${order[0]} first: wasm memories within ${MEMORY_BUDGET_MB - HEAP_CAP_MB} MB`,
      async () => {
        const steps = await modelsInTurnInChild(order);
        expect(steps.map((s) => s.model)).toEqual(order);
        // wasm memories never shrink: the last step is the peak, and each step at least the one before
        steps.slice(1).forEach((s, k) => expect(s.wasmMB).toBeGreaterThanOrEqual(steps[k]!.wasmMB));
        expect(steps.at(-1)!.wasmMB).toBeLessThanOrEqual(MEMORY_BUDGET_MB - HEAP_CAP_MB);
      },
      600_000,
    );
});

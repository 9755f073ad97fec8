// One isolate of the deployed worker asked for every served model in turn (a request may name any):
// its wasm memories — the kernels', onnxruntime-web's with every session the isolate opened, and,
// until onnxruntime's session of the default model takes over, the light engine tier's tfjs backend
// (started by the isolate's first predict) — never shrink. Once the tier is dropped and its memory
// collected, what is left after the last model must fit the wasm share of the isolate's budget.
// What the Node measurement (test/app/memory-budget.test.ts) cannot see: the Node app has no light tier.
import { describe, expect, it } from "vitest";
import {
  HEAP_CAP_MB,
  MEMORY_BUDGET_MB,
  collectGarbageUntil,
  wasmMemoriesMB,
  wasmMemoryCount,
  wasmMemorySizesMB,
} from "../../scripts/lib/isolate-memory.ts";
import { generatedPairs } from "../../scripts/lib/fixture-pairs.ts";
import { get, postJson } from "./api.ts";

const sizes = () =>
  `${wasmMemoriesMB().toFixed(1)} MB (${wasmMemorySizesMB()
    .map((mb) => mb.toFixed(1))
    .join(" + ")})`;

describe("one isolate, every served model in turn", () => {
  it(`keeps its wasm memories within ${MEMORY_BUDGET_MB - HEAP_CAP_MB} MB`, async () => {
    const { default: first, models } = (await (await get("/v1/models")).json()) as {
      default: string;
      models: { name: string }[];
    };
    const order = [first, ...models.map((m) => m.name).filter((n) => n !== first)];
    // a predict's largest model batch (32 pairs): each session's run memory at its largest
    const pairs = generatedPairs(32, 17).map(({ mirna, lncrna }) => ({ mirna, lncrna }));
    const steps: string[] = [];
    for (const model of order) {
      const response = await postJson("/v1/predict", { model, pairs });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
      steps.push(`${model} ${sizes()}`);
    }
    console.log(`wasm memories after each model: ${steps.join(", ")}`);
    // the setup's predicts handed the default model over to onnxruntime: the tier's memory goes
    expect(await collectGarbageUntil(() => wasmMemorySizesMB().length < wasmMemoryCount())).toBe(true);
    console.log(`after a collection: ${sizes()}, ${wasmMemoryCount() - wasmMemorySizesMB().length} collected`);
    expect(wasmMemorySizesMB().length).toBeGreaterThanOrEqual(2); // kernels, onnxruntime
    expect(wasmMemoriesMB()).toBeLessThanOrEqual(MEMORY_BUDGET_MB - HEAP_CAP_MB);
  }, 120_000);
});

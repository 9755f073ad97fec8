// Model runs are cut into bounded batches so that onnxruntime's wasm memory stays bounded
// (scripts/lib/memory-budget.ts): the answers must not depend on the cut. The app's predict (pairs
// in batches) against one model run over every pair, and a first-pass screen in its bounded runs
// against one run over the whole panel.
import { describe, expect, it } from "vitest";
import { MirnaPanel } from "../../functions/features/mirna-panel.ts";
import type { InteractionModel } from "../../functions/inference/pipeline.ts";
import { SCREEN_FIRST_PASS_MODELS } from "../../functions/models/default.ts";
import { randomRna, seededRandom } from "../../scripts/lib/generators.ts";
import { loadEncoders } from "../../scripts/lib/kernels-node.ts";
import { nodeApp } from "../../scripts/lib/node-app.ts";
import { nodeModelRegistry } from "../../scripts/lib/node-runtime.ts";

const random = seededRandom(515);
const encoders = loadEncoders();
const registry = nodeModelRegistry(undefined, encoders);
const app = nodeApp();
const codes = (s: string) => encoders.normalize(s).codes;

describe("bounded model runs give the answers of one run", () => {
  const pairs = Array.from({ length: 150 }, () => ({
    mirna: randomRna(random, 22),
    lncrna: randomRna(random, 300 + Math.floor(random() * 1700)),
  }));

  for (const name of ["ensemble-lite", "ensemble"])
    it(`${name}: /v1/predict of ${pairs.length} pairs = one run over them all`, async () => {
      const response = await app.request("/v1/predict", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ pairs, model: name }),
      });
      expect(response.status).toBe(200);
      const { results } = (await response.json()) as { results: { score: number; members: { score: number }[] }[] };
      const whole = await (
        await registry.get(name)
      ).predict(
        pairs.map((p) => ({ mirna: codes(p.mirna), lncrna: codes(p.lncrna) })),
        0,
      );
      expect(results.map((r) => r.score)).toEqual(whole.map((p) => p.score));
      expect(results.map((r) => r.members.map((m) => m.score))).toEqual(
        whole.map((p) => p.members!.map((m) => m.score)),
      );
    });

  for (const name of SCREEN_FIRST_PASS_MODELS)
    it(`${name}: a first-pass screen of 3,000 candidates in bounded runs = one run`, async () => {
      const lncrna = codes(randomRna(random, 2500));
      const panel = new MirnaPanel(Array.from({ length: 3000 }, () => codes(randomRna(random, 21))));
      const model = (await registry.get(name)) as InteractionModel;
      const bounded = await model.screen(lncrna, panel);
      const oneRun = await model.screen(lncrna, panel, panel.size * 4);
      expect(Array.from(bounded)).toEqual(Array.from(oneRun));
    });
});

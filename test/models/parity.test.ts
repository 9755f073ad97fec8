// Every served model scores as its PyTorch original did: the training script scored generated pairs
// (test/fixtures/parity/<model>.json) with the PyTorch model; here the same pairs go through the
// serving path (AS kernels + onnxruntime-web). Families from the seed methods must ship a fixture.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadEncoders } from "../../scripts/lib/kernels-node.ts";
import { nodeModelRegistry } from "../../scripts/lib/node-runtime.ts";

interface ParityFixture {
  model: string;
  pairs: { id: string; mirna: string; lncrna: string }[];
  scores: number[];
}

const dir = join(import.meta.dirname, "..", "fixtures", "parity");
const fixtures = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")) : [];
const registry = nodeModelRegistry();
const encoders = loadEncoders();
/** Model families that were trained in PyTorch for this repo and so must prove parity. */
const MUST_HAVE_FIXTURE = ["pmlipred", "premli", "lncmirnet", "gclmi", "ensemble"];

describe("PyTorch ↔ onnxruntime-web parity", () => {
  it("has a fixture for every seed-method model", () => {
    const missing = registry
      .names()
      .filter((name) => MUST_HAVE_FIXTURE.includes(registry.card(name)!.family) && !fixtures.includes(`${name}.json`));
    expect(missing).toEqual([]);
  });

  for (const file of fixtures) {
    it(`${file}: |Δ| ≤ 1e-4 on generated pairs whose scores spread over (0, 1)`, async () => {
      const fixture = JSON.parse(readFileSync(join(dir, file), "utf8")) as ParityFixture;
      expect(registry.names()).toContain(fixture.model);
      expect(fixture.pairs.length).toBeGreaterThanOrEqual(200);
      const model = await registry.get(fixture.model);
      const predictions = await model.predict(
        fixture.pairs.map((p) => ({
          mirna: encoders.normalize(p.mirna).codes,
          lncrna: encoders.normalize(p.lncrna).codes,
        })),
        0,
      );
      const scores = predictions.map((p) => p.score);
      // the inputs must exercise the model: scores spread, not stuck at one end
      expect(Math.min(...fixture.scores)).toBeLessThan(0.2);
      expect(Math.max(...fixture.scores)).toBeGreaterThan(0.8);
      const worst = Math.max(...scores.map((s, i) => Math.abs(s - fixture.scores[i]!)));
      expect(worst).toBeLessThanOrEqual(1e-4);
    });
  }
});

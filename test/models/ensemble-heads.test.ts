// A gated ensemble's heads, as its card records them, recompute what its graph does: the graph's score
// is the gate-weighted sum of the heads, so a request that names its species can use one head alone.
import { describe, expect, it } from "vitest";
import { EnsembleModel } from "../../functions/inference/ensemble.ts";
import { loadEncoders } from "../../scripts/lib/kernels-node.ts";
import { generatedPairs } from "../../scripts/lib/fixture-pairs.ts";
import { nodeModelRegistry } from "../../scripts/lib/node-runtime.ts";

describe("stacker heads from the card", () => {
  it.each(["ensemble-lite", "ensemble"])("%s: the gate-weighted heads give the graph's score", async (name) => {
    const registry = nodeModelRegistry();
    const model = await registry.get(name);
    expect(model).toBeInstanceOf(EnsembleModel);
    const ensemble = model as EnsembleModel;
    expect(ensemble.headNames.sort()).toEqual(["human", "plant"]);
    const encoders = loadEncoders();
    const pairs = generatedPairs(60, 11).map((p) => ({
      mirna: encoders.normalize(p.mirna).codes,
      lncrna: encoders.normalize(p.lncrna).codes,
    }));
    const predictions = await ensemble.predict(pairs, 0);
    const heads = predictions.map((p) => {
      const members = p.members!.map((m) => m.score);
      return Object.fromEntries(ensemble.headNames.map((h) => [h, ensemble.headScore(h, members, p.lncrnaKnown)]));
    });
    // the heads differ, so the check can fail; the scores spread over (0, 1)
    expect(Math.max(...heads.map((h) => Math.abs(h.plant! - h.human!)))).toBeGreaterThan(0.2);
    const scores = predictions.map((p) => p.score);
    expect(Math.min(...scores)).toBeLessThan(0.2);
    expect(Math.max(...scores)).toBeGreaterThan(0.8);
    predictions.forEach((p, i) => {
      const mixed = Object.entries(p.domains!).reduce((sum, [d, w]) => sum + w * heads[i]![d]!, 0);
      expect(Math.abs(mixed - p.score)).toBeLessThan(1e-5);
    });
  });
});

// A gated ensemble's heads, as its card records them, recompute what its graph does: the graph's score
// is the gate-weighted sum of the heads, so a request that names its species can use one head alone.
import { describe, expect, it } from "vitest";
import { sequenceKey } from "../../functions/features/known-lncrnas.ts";
import { EnsembleModel } from "../../functions/inference/ensemble.ts";
import { ModelRegistry } from "../../functions/inference/registry.ts";
import { loadEncoders } from "../../scripts/lib/kernels-node.ts";
import { generatedPairs } from "../../scripts/lib/fixture-pairs.ts";
import { nodeModelRegistry, ortWasmFromNodeModules, readModelBundles } from "../../scripts/lib/node-runtime.ts";

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

  it("ensemble-lite: a miRNA on one head's list gives that head weight 1 in the graph", async () => {
    const encoders = loadEncoders();
    const pairs = generatedPairs(60, 13).map((p) => ({
      mirna: encoders.normalize(p.mirna).codes,
      lncrna: encoders.normalize(p.lncrna).codes,
    }));
    // generated miRNAs are on no list: put every third on the human list and the next on the plant list
    const listedUnder = pairs.map((_, i) => (["human", "plant", undefined] as const)[i % 3]);
    const bundles = readModelBundles();
    const lite = bundles.find((b) => (b.card as { name: string }).name === "ensemble-lite")!;
    type Part = { kind: string; rna?: string; head?: string; keys?: string[] };
    const encoding = (
      lite.card as { encoding: { gate: { encoding: { parts: Part[] } }; fused?: { encoding: { parts: Part[] } } } }
    ).encoding;
    const lists = [...encoding.gate.encoding.parts, ...(encoding.fused?.encoding.parts ?? [])].filter(
      (p) => p.kind === "known" && p.rna === "mirna",
    );
    expect(new Set(lists.map((p) => p.head))).toEqual(new Set(["human", "plant"]));
    pairs.forEach((p, i) => {
      for (const list of lists) if (list.head === listedUnder[i]) list.keys!.push(sequenceKey(p.mirna));
    });
    const registry = new ModelRegistry(bundles, encoders, ortWasmFromNodeModules());
    const ensemble = (await registry.get("ensemble-lite")) as EnsembleModel;
    const predictions = await ensemble.predict(pairs, 0);
    // the gate mixes the heads for unlisted miRNAs (some pairs far from weight 1 on either head)
    const unlisted = predictions.filter((_, i) => !listedUnder[i]).map((p) => Math.max(...Object.values(p.domains!)));
    expect(Math.min(...unlisted)).toBeLessThan(0.99);
    predictions.forEach((p, i) => {
      const head = listedUnder[i];
      expect(p.mirnaHead).toBe(head);
      if (!head) return;
      expect(p.domains).toEqual({ plant: head === "plant" ? 1 : 0, human: head === "human" ? 1 : 0 });
      const members = p.members!.map((m) => m.score);
      expect(Math.abs(p.score - ensemble.headScore(head, members, p.lncrnaKnown))).toBeLessThan(1e-5);
    });
  });
});

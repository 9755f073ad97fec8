// The screen null (scripts/species/significance.ts → functions/species/significance.ts) with the
// default model: p-values of fresh background lncRNAs are close to uniform, and a planted perfect
// site gives its miRNA a small p-value.
import { describe, expect, it } from "vitest";
import { MirnaPanel } from "../../functions/features/mirna-panel.ts";
import { screenScores } from "../../functions/inference/ensemble.ts";
import { pValue } from "../../functions/species/significance.ts";
import { randomRna, reverseComplement } from "../../scripts/lib/generators.ts";
import { loadEncoders } from "../../scripts/lib/kernels-node.ts";
import { nodeModelRegistry } from "../../scripts/lib/node-runtime.ts";
import { seededRandom } from "../../scripts/lib/random.ts";
import { ksDistanceToUniform } from "../stats.ts";
import {
  backgroundRna,
  dinucleotideModel,
  fitSignificance,
  markovBackground,
} from "../../scripts/species/significance.ts";

describe("screen significance with the default model", () => {
  it("gives near-uniform p-values to background lncRNAs and small ones to planted sites", async () => {
    const registry = nodeModelRegistry();
    const model = await registry.get(registry.defaultName);
    const encoders = loadEncoders();
    const random = seededRandom(5);
    const mirnas = Array.from({ length: 40 }, (_, i) => ({
      id: `gen-miR-${i}`,
      aliases: [],
      sequence: randomRna(random, 20 + (i % 4)),
    }));
    // a lncRNA-like composition: AU-rich, with CpG depleted
    const background = dinucleotideModel([randomRna(random, 20000, "AAUUUGCAGUAUCUGA")]);
    const significance = await fitSignificance(
      model,
      encoders,
      { name: "gen", mirnas },
      "animal",
      markovBackground(background),
      {
        lengths: [300, 1000, 3000],
        fitPerLength: 3,
        heldOutPerLength: 2,
        quantiles: 100,
        seed: 2,
      },
    );
    expect(significance.rows).toHaveLength(mirnas.length);
    const panel = new MirnaPanel(mirnas.map((m) => encoders.normalize(m.sequence).codes));
    const fresh = seededRandom(99);
    const p: number[] = [];
    for (const length of [500, 2000]) {
      for (let k = 0; k < 3; k++) {
        const lncrna = backgroundRna(background, fresh, length);
        const scores = await screenScores(model, encoders.normalize(lncrna).codes, panel, "animal");
        Array.from(scores).forEach((s, r) => p.push(pValue(significance, r, s, length)));
      }
    }
    expect(ksDistanceToUniform(p)).toBeLessThan(0.15);
    const small = p.filter((x) => x < 0.05).length / p.length;
    expect(small).toBeGreaterThan(0.005);
    expect(small).toBeLessThan(0.12);

    // a planted perfect complement of miRNA 7 in a background lncRNA
    const target = mirnas[7]!.sequence;
    const host = backgroundRna(background, fresh, 1200);
    const planted = host.slice(0, 600) + reverseComplement(target) + host.slice(600);
    const scores = await screenScores(model, encoders.normalize(planted).codes, panel, "animal");
    expect(pValue(significance, 7, scores[7]!, planted.length)).toBeLessThan(0.01);
  });
});

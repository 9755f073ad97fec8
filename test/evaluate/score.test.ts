// The default model scored as /v1/predict scores it with each pair's species named: the head of the
// species' domain alone, which the gate's mixture of heads need not equal.
import { describe, expect, it } from "vitest";
import { DEFAULT_MODEL } from "../../functions/models/default.ts";
import { EnsembleModel } from "../../functions/inference/ensemble.ts";
import type { LabelledPair } from "../../scripts/data/pairs.ts";
import { predictLabelledPairs, scoreLabelledPairs, scoreWithSpeciesNamed } from "../../scripts/evaluate/score.ts";
import { randomRna, reverseComplement, seededRandom } from "../../scripts/lib/generators.ts";
import { loadEncoders } from "../../scripts/lib/kernels-node.ts";
import { nodeModelRegistry } from "../../scripts/lib/node-runtime.ts";

const encoders = loadEncoders();
const random = seededRandom(5);

/** Generated pairs of one species; every other one carries an 8mer site of its miRNA. */
const pairs = (species: string): LabelledPair[] =>
  Array.from({ length: 24 }, (_, i) => {
    const mirna = randomRna(random, 21);
    const lncrna = randomRna(random, 400 + 40 * i);
    const site = reverseComplement(mirna.slice(1, 8)) + "A";
    return {
      mirnaId: `${species}-m${i}`,
      lncrnaId: `${species}-l${i}`,
      mirna,
      lncrna: i % 2 ? lncrna.slice(0, 200) + site + lncrna.slice(200) : lncrna,
      label: (i % 2) as 0 | 1,
      species,
      source: "generated",
      split: "test",
    };
  });

describe("scores with the species named", () => {
  it("uses the head of each pair's domain, not the gate's mixture", async () => {
    const model = await nodeModelRegistry().get(DEFAULT_MODEL);
    expect(model).toBeInstanceOf(EnsembleModel);
    const ensemble = model as EnsembleModel;
    for (const [species, head] of [
      ["ath", "plant"],
      ["hsa", "human"],
    ] as const) {
      const rows = pairs(species);
      const named = await scoreWithSpeciesNamed(model, encoders, rows);
      const predictions = await predictLabelledPairs(model, encoders, rows);
      predictions.forEach((p, i) =>
        expect(named[i]).toBeCloseTo(
          ensemble.headScore(
            head,
            p.members!.map((m) => m.score),
            p.lncrnaKnown,
          ),
          12,
        ),
      );
      // the test can fail: the scores spread over (0, 1) and the gate mixes in the other head
      expect(Math.max(...named) - Math.min(...named)).toBeGreaterThan(0.2);
      const gated = await scoreLabelledPairs(model, encoders, rows);
      expect(gated.some((g, i) => Math.abs(g - named[i]!) > 1e-6)).toBe(true);
    }
  });
});

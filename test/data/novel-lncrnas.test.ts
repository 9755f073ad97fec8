// Needs the benchmark data dir (../shared/data or LMI_DATA_DIR); skipped, by name, without it.
// The default model calls a lncRNA of its human training pairs known and one of no training pair new:
// a known one gets the human head, a new one the novel head (fitted on lncRNAs the members never saw).
import { describe, expect, it } from "vitest";
import { EnsembleModel } from "../../functions/inference/ensemble.ts";
import { DEFAULT_MODEL } from "../../functions/models/default.ts";
import { loadLabelledPairs } from "../../scripts/data/datasets.ts";
import { loadEncoders } from "../../scripts/lib/kernels-node.ts";
import { nodeModelRegistry } from "../../scripts/lib/node-runtime.ts";
import { defaultDataDir, hasDataDir } from "../../scripts/lib/paths.ts";

const dataDir = defaultDataDir();
type Head = { weights: Record<string, number>; bias: number };

describe.skipIf(!hasDataDir(dataDir))("the default's route for new lncRNAs (needs the data dir)", () => {
  it("knows the human training lncRNAs, not the plant test sets', and scores each by its route", async () => {
    const encoders = loadEncoders();
    const model = (await nodeModelRegistry().get(DEFAULT_MODEL)) as EnsembleModel;
    expect(model).toBeInstanceOf(EnsembleModel);
    const sample = (dataset: string, split: (s: string) => boolean) => {
      const pairs = loadLabelledPairs(dataset, dataDir).pairs.filter((p) => split(p.split));
      return pairs
        .filter((_, i) => i % Math.ceil(pairs.length / 60) === 0)
        .map((p) => ({ mirna: encoders.normalize(p.mirna).codes, lncrna: encoders.normalize(p.lncrna).codes }));
    };
    const human = await model.predict(
      sample("ncrnainter-human", (s) => s !== "test"),
      0,
    );
    const sly = await model.predict(
      sample("pmlipred-test-sly", (s) => s === "test" || s === "all"),
      0,
    );
    expect(human.every((p) => p.lncrnaKnown === true)).toBe(true);
    expect(sly.every((p) => p.lncrnaKnown === false)).toBe(true);
    const stacker = model.card.training.stacker as {
      heads: Record<string, Head>;
      novelHead: Head;
    };
    const names = model.card.encoding.name === "member-scores" ? model.card.encoding.members : [];
    const logit = (x: number) => {
      const p = Math.min(Math.max(x, 1e-6), 1 - 1e-6);
      return Math.log(p / (1 - p));
    };
    const restate = (head: Head, scores: number[]) =>
      1 / (1 + Math.exp(-names.reduce((z, m, k) => z + head.weights[m]! * logit(scores[k]!), head.bias)));
    let apart = 0;
    for (const p of [...human, ...sly]) {
      const scores = p.members!.map((m) => m.score);
      const humanSide = restate(p.lncrnaKnown ? stacker.heads.human! : stacker.novelHead, scores);
      expect(model.headScore("human", scores, p.lncrnaKnown)).toBeCloseTo(humanSide, 9);
      const mixed = p.domains!.plant! * restate(stacker.heads.plant!, scores) + p.domains!.human! * humanSide;
      expect(Math.abs(mixed - p.score)).toBeLessThan(1e-5);
      apart = Math.max(apart, Math.abs(restate(stacker.heads.human!, scores) - restate(stacker.novelHead, scores)));
    }
    // the two heads disagree, so the checks above can fail
    expect(apart).toBeGreaterThan(0.1);
  });
});

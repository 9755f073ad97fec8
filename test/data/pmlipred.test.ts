// Needs the benchmark data dir (../shared/data or LMI_DATA_DIR); skipped, by name, without it.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { loadPmlipredExamples } from "../../scripts/data/pmlipred.ts";
import { loadLabelledPairs } from "../../scripts/data/datasets.ts";
import { baseId } from "../../scripts/data/pairs.ts";
import { rocAuc } from "../../scripts/evaluate/metrics.ts";
import { scoreLabelledPairs } from "../../scripts/evaluate/score.ts";
import { loadEncoders } from "../../scripts/lib/kernels-node.ts";
import { nodeModelRegistry } from "../../scripts/lib/node-runtime.ts";
import { defaultDataDir, hasDataDir, modelsDir } from "../../scripts/lib/paths.ts";

const dataDir = defaultDataDir();

describe.skipIf(!hasDataDir(dataDir))("PmliPred data (needs the data dir)", () => {
  it("loads the A. thaliana training pairs as the data README counts them", () => {
    const { pairs, loaded } = loadLabelledPairs("pmlipred-trainval-ath", dataDir);
    expect(loaded.report).toMatchObject({ rows: 5000, duplicates: 1, conflicting: 0, kept: 4999 });
    expect(pairs.filter((p) => p.label === 1)).toHaveLength(2500);
    expect(new Set(pairs.map((p) => p.lncrnaId)).size).toBe(3978);
    expect(new Set(pairs.map((p) => p.mirnaId)).size).toBe(350);
  });

  // The data README gives 259 / 206 miRNAs: that counts whole header fields of the spliced files,
  // where a negative's field carries the miRBase description; by identifier there are 215 / 139.
  it.each([
    ["aly", 215, 489],
    ["sly", 139, 369],
  ] as const)("loads the %s test set: 250/250, %i miRNAs, %i lncRNAs, no header leak", (species, mirnas, lncrnas) => {
    const { pairs, loaded } = loadLabelledPairs(`pmlipred-test-${species}`, dataDir);
    expect(loaded.report.kept).toBe(500);
    expect(pairs.filter((p) => p.label === 1)).toHaveLength(250);
    expect(new Set(pairs.map((p) => p.mirnaId)).size).toBe(mirnas);
    // by identifier: aly's AlylncRNA160 comes with two sequences, the second stored as AlylncRNA160#2
    expect(new Set(pairs.map((p) => baseId(p.lncrnaId))).size).toBe(lncrnas);
    expect(pairs.every((p) => !/\s|MIMAT/.test(p.mirnaId))).toBe(true);
  });

  it("splits the two lab-validated example pairs into miRNA and lncRNA", () => {
    const examples = loadPmlipredExamples(dataDir);
    expect(examples.map((e) => `${e.mirnaId}/${e.lncrnaId}`)).toEqual([
      "sly-miR399/slylnc1077",
      "sly-miR482b/TCONS_00023468",
    ]);
    for (const e of examples) {
      expect(e.mirna.length).toBeGreaterThanOrEqual(20);
      expect(e.mirna.length).toBeLessThanOrEqual(24);
      expect(e.lncrna.length).toBeGreaterThan(100);
    }
  });

  it.each(nodeModelRegistry().names())(
    "reproduces the test ROC-AUC written in the %s card, through the serving path",
    async (name) => {
      const card = JSON.parse(readFileSync(`${modelsDir}/${name}.json`, "utf8"));
      const model = await nodeModelRegistry().get(name);
      const encoders = loadEncoders();
      for (const species of ["aly", "sly"] as const) {
        const { pairs } = loadLabelledPairs(`pmlipred-test-${species}`, dataDir);
        const auc = rocAuc(
          await scoreLabelledPairs(model, encoders, pairs),
          pairs.map((p) => p.label),
        );
        const written = card.metrics.test[`pmlipred-test-${species}`];
        expect(Math.abs(auc - written.model.rocAuc)).toBeLessThan(1e-4);
        expect(written.baselines["lncrna-length"].rocAuc).toEqual(expect.any(Number));
      }
    },
  );
});

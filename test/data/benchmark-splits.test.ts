// Needs the benchmark data dir; skipped, by name, without it. The benchmark splits are regenerated
// from their seeds and must match the committed splits/manifest.json, and keep their promises.
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { COLD_FOLDS, manifestVariants, type Variant } from "../../scripts/evaluate/benchmarks.ts";
import { variantManifest } from "../../scripts/evaluate/split-manifest.ts";
import { pairKey, type LabelledPair } from "../../scripts/data/pairs.ts";
import { contaminationOf, overlapOf, trainingSet, trainingSetOfRows } from "../../scripts/evaluate/training-overlap.ts";
import { loadEncoders } from "../../scripts/lib/kernels-node.ts";
import { sharedStretchPairs } from "../../scripts/data/similarity.ts";
import { defaultDataDir, hasDataDir, repoRoot } from "../../scripts/lib/paths.ts";

const dataDir = defaultDataDir();

describe.skipIf(!hasDataDir(dataDir))("benchmark splits (needs the data dir)", () => {
  let variants: Variant[];
  const byId = (id: string) => variants.find((v) => v.id === id)!;
  beforeAll(() => {
    variants = manifestVariants({ dataDir, encoders: loadEncoders() });
  });

  it("are regenerated exactly as splits/manifest.json records them", () => {
    const committed = JSON.parse(readFileSync(join(repoRoot, "splits", "manifest.json"), "utf8"));
    expect(variants.map(variantManifest)).toEqual(committed);
  });

  it("never put a test pair in train or validation", () => {
    for (const v of variants) {
      for (const fold of v.folds) {
        const test = new Set(fold.test.map(pairKey));
        expect(
          fold.train.some((r) => test.has(pairKey(r))),
          v.id,
        ).toBe(false);
        expect(
          fold.validation.some((r) => test.has(pairKey(r))),
          v.id,
        ).toBe(false);
      }
    }
  });

  it("cold-start variants keep test lncRNAs out of training", () => {
    for (const id of [
      "ncrnainter-human-cold",
      "eplmi-cold",
      "trainval-cold",
      "pmlipred-test-aly-cold",
      "pmlipemg-testseth-mtr-cold",
      "pmlipred-prepub-aly-validation",
      "pmlipred-prepub-ath-test",
    ]) {
      for (const fold of byId(id).folds) {
        const seen = new Set([...fold.train, ...fold.validation].map((r) => r.lncrnaId));
        expect(
          fold.test.some((r) => seen.has(r.lncrnaId)),
          id,
        ).toBe(false);
        expect(fold.test.length, id).toBeGreaterThan(50);
      }
    }
  });

  it("the lncRNA-cold folds test every lncRNA once and keep each fold's test lncRNAs out of its training", () => {
    const folds = variants.filter((v) => /^ncrnainter-human-cold(-fold\d+)?$/.test(v.id));
    expect(folds.map((v) => v.id)).toEqual([
      "ncrnainter-human-cold",
      ...Array.from({ length: COLD_FOLDS - 1 }, (_, k) => `ncrnainter-human-cold-fold${k + 2}`),
    ]);
    const tested = folds.flatMap((v) => [...new Set(v.folds[0]!.test.map((r) => r.lncrnaId))]);
    expect(new Set(tested).size).toBe(tested.length);
    const all = new Set(byId("ncrnainter-human-official").folds[0]!.test.map((r) => r.lncrnaId));
    for (const r of byId("ncrnainter-human-official").folds[0]!.train) all.add(r.lncrnaId);
    expect(tested.length).toBe(all.size);
    for (const v of folds) {
      const { train, validation, test } = v.folds[0]!;
      const seen = new Set([...train, ...validation].map((r) => r.lncrnaId));
      expect(test.filter((r) => seen.has(r.lncrnaId)).length, v.id).toBe(0);
      expect(new Set(test.map(v.resampleBy!.key)).size, v.id).toBeGreaterThan(20);
    }
  });

  it("the lncRNA-cold folds keep a gene's isoforms together: no test lncRNA shares exons with a training one", () => {
    const encoders = loadEncoders();
    const official = byId("ncrnainter-human-official").folds[0]!;
    const sequences = new Map([...official.train, ...official.test].map((r) => [r.lncrnaId, r.lncrna!]));
    const ids = [...sequences.keys()];
    const joined = sharedStretchPairs(
      encoders,
      ids.map((id) => encoders.normalize(sequences.get(id)!).codes),
    );
    // isoforms the 8-mer MinHash alone would have split: the rule has work to do on these data
    expect(joined.length).toBeGreaterThan(1000);
    for (const v of variants.filter((x) => /^ncrnainter-human-cold(-fold\d+)?$/.test(x.id))) {
      const { train, validation, test } = v.folds[0]!;
      const tested = new Set(test.map((r) => r.lncrnaId));
      const seen = new Set([...train, ...validation].map((r) => r.lncrnaId));
      const straddling = joined.filter(
        ([a, b]) => (tested.has(ids[a]!) && seen.has(ids[b]!)) || (tested.has(ids[b]!) && seen.has(ids[a]!)),
      );
      expect(straddling, v.id).toEqual([]);
    }
  });

  it("pre-publication test sets share no pair and no lncRNA with another benchmark's independent test set", () => {
    const independent = variants.filter((v) => /-official$/.test(v.id) && !v.id.startsWith("ncrnainter-human"));
    const human = byId("ncrnainter-human-official").folds[0]!.test;
    for (const id of ["pmlipred-prepub-aly-validation", "pmlipred-prepub-ath-test"]) {
      const others = [...independent.flatMap((v) => v.folds[0]!.test), ...human];
      for (const other of ["pmlipred-prepub-aly-validation", "pmlipred-prepub-ath-test"].filter((o) => o !== id))
        others.push(...byId(other).folds[0]!.test);
      const pairs = new Set(others.map(pairKey));
      const lncrnas = new Set(others.map((r) => r.lncrna!.toUpperCase()));
      const test = byId(id).folds[0]!.test;
      expect(test.length, id).toBeGreaterThan(300);
      expect(
        test.filter((r) => pairs.has(pairKey(r)) || lncrnas.has(r.lncrna!.toUpperCase())),
        id,
      ).toEqual([]);
      const trainLncrnas = new Set(
        [...byId(id).folds[0]!.train, ...byId(id).folds[0]!.validation].map((r) => r.lncrna),
      );
      expect(
        test.some((r) => trainLncrnas.has(r.lncrna)),
        id,
      ).toBe(false);
    }
  });

  it("marks the served human models as trained on the lncRNA-cold fold's RNAs, and its fold model as clean", () => {
    const cold = byId("ncrnainter-human-cold");
    const test = cold.folds[0]!.test as LabelledPair[];
    const served = trainingSet(["ncrnainter-human"], dataDir);
    expect(contaminationOf(overlapOf(served, test), cold.heldOut)).toMatch(/^trained on .* test lncRNAs/);
    const fold = trainingSetOfRows([...cold.folds[0]!.train, ...cold.folds[0]!.validation] as LabelledPair[]);
    expect(contaminationOf(overlapOf(fold, test), cold.heldOut)).toBeUndefined();
  });

  it("miRNA-disjoint and both-disjoint variants keep those RNAs out of training", () => {
    for (const [id, kinds] of [
      ["ncrnainter-human-cold-mirna", ["mirnaId"]],
      ["ncrnainter-human-cold-both", ["mirnaId", "lncrnaId"]],
    ] as const) {
      const fold = byId(id).folds[0]!;
      for (const kind of kinds) {
        const seen = new Set([...fold.train, ...fold.validation].map((r) => r[kind]));
        expect(
          fold.test.some((r) => seen.has(r[kind])),
          `${id} ${kind}`,
        ).toBe(false);
      }
    }
  });

  it("shared-lncRNA variants give each test lncRNA as many negatives as positives where it can", () => {
    for (const id of ["pmlipred-test-sly-shared", "ncrnainter-human-shared", "eplmi-shared"]) {
      const test = byId(id).folds.flatMap((f) => f.test);
      const balance = new Map<string, number>();
      for (const r of test) balance.set(r.lncrnaId, (balance.get(r.lncrnaId) ?? 0) + (r.label === 1 ? 1 : -1));
      const unbalanced = [...balance.values()].filter((b) => b !== 0).length;
      // eplmi's folds are by pair, so balance holds over all folds pooled
      expect(unbalanced / balance.size, id).toBeLessThan(0.02);
    }
  });

  it("the official human split is the published one, less conflicting and duplicate rows", () => {
    const fold = byId("ncrnainter-human-official").folds[0]!;
    expect(fold.test).toHaveLength(2753);
    expect(fold.train.length + fold.validation.length).toBe(24569);
  });
});

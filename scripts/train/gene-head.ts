// npm run -s train:gene-head -- [--data-dir DIR]
// Fits the default's gene head (functions/inference/gene-head.ts) on the lncRNA-cold folds' test rows,
// each scored by its own fold model (a model that never saw the fold's lncRNAs) with the pair's
// species named, as /v1/predict scores a new human lncRNA; the reference is the one reference:load
// loads by default (the human lncRNAs of the data sets, sequences only). Cross-fitted: each fold model's card gets a head fitted on the
// other folds' rows, so evaluate:cold scores no fold by weights that saw it; the served card gets
// the head fitted on all folds.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { geneEvidence, IsoformReference, canonicalSites } from "../../functions/features/isoforms.ts";
import { GENE_FEATURES, geneFeatures, GeneHeadSchema, type GeneHead } from "../../functions/inference/gene-head.ts";
import { HEAD_OF_DOMAIN } from "../../functions/inference/heads.ts";
import { ModelRegistry } from "../../functions/inference/registry.ts";
import { DEFAULT_MODEL } from "../../functions/models/default.ts";
import type { Label, LabelledPair } from "../data/pairs.ts";
import { humanReferenceTranscripts } from "../data/datasets.ts";
import { humanColdFoldVariants, humanVariantFold, type Variant } from "../evaluate/benchmarks.ts";
import { fitLogistic } from "../evaluate/logistic.ts";
import { rocAuc } from "../evaluate/metrics.ts";
import { predictWithSpeciesNamed } from "../evaluate/score.ts";
import { parseCli, runCli } from "../lib/cli.ts";
import { loadEncoders } from "../lib/kernels-node.ts";
import { ortWasmFromNodeModules, readModelBundles } from "../lib/node-runtime.ts";
import { modelsDir, resolveDataDir } from "../lib/paths.ts";

const usage = "usage: npm run -s train:gene-head -- [--data-dir DIR]";
const VARIANT = "ncrnainter-human-cold";
const HEAD = HEAD_OF_DOMAIN.animal;

/** A fold model's name, as evaluate:cold finds it: the default's name, then the variant less the data set's prefix. */
const foldModelName = (variant: Variant) => `${DEFAULT_MODEL}-${variant.id.replace(/^ncrnainter-/, "")}`;

interface FoldRows {
  name: string;
  features: number[][];
  labels: Label[];
}

function fit(rows: FoldRows[], fittedOn: string): { head: GeneHead; auc: number } {
  const features = rows.flatMap((r) => r.features);
  const labels = rows.flatMap((r) => r.labels);
  const dims = GENE_FEATURES.length;
  const matrix = Float32Array.from(features.flat());
  const model = fitLogistic(
    matrix,
    dims,
    GENE_FEATURES.map((_, j) => j),
    labels,
    { l2: 0, iterations: 2000 },
  );
  const weights = Object.fromEntries(GENE_FEATURES.map((f, j) => [f, Number(model.weights[j]!.toFixed(6))]));
  const head = GeneHeadSchema.parse({ head: HEAD, weights, bias: Number(model.bias.toFixed(6)), fittedOn });
  return { head, auc: rocAuc(Array.from(model.predict(matrix)), labels) };
}

function writeHead(name: string, dir: string, head: GeneHead): void {
  const path = join(dir, `${name}.json`);
  const card = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  writeFileSync(path, `${JSON.stringify({ ...card, geneHead: head }, null, 2)}\n`);
}

runCli(async () => {
  const { values } = parseCli(usage, { "data-dir": { type: "string" } });
  if (values.help) return console.log(usage);
  const dataDir = resolveDataDir(values["data-dir"]);
  const encoders = loadEncoders();
  const variants = [
    humanVariantFold(VARIANT, { dataDir, encoders }).variant,
    ...humanColdFoldVariants({ dataDir, encoders }),
  ];
  const foldDir = join(modelsDir, "folds");
  // the lncRNA-cold folds' cards only (others in the folder read other rows), with the served models beside them
  const variantOf = (b: { card: unknown }) => (b.card as { training?: { variant?: string } }).training?.variant;
  const registry = new ModelRegistry(
    [...readModelBundles(foldDir).filter((b) => variants.some((v) => v.id === variantOf(b))), ...readModelBundles()],
    encoders,
    ortWasmFromNodeModules(),
  );
  const tests = variants.map((v) => v.folds[0]!.test as LabelledPair[]);
  // the reference reference:load loads by default: the head is fitted with what it will read
  const reference = IsoformReference.fromSequences(
    encoders,
    humanReferenceTranscripts(dataDir).map((t) => t.sequence),
  );
  console.error(`reference: ${reference.size} distinct lncRNAs`);
  const folds: FoldRows[] = [];
  for (const [f, variant] of variants.entries()) {
    const name = foldModelName(variant);
    const model = await registry.get(name);
    const rows = tests[f]!;
    const predictions = await predictWithSpeciesNamed(model, encoders, rows);
    const features: number[][] = [];
    const labels: Label[] = [];
    predictions.forEach(({ prediction, score, codes }, i) => {
      if (prediction.lncrnaKnown !== false) return; // a fold's lncRNAs are new to its model; kept as the rule says
      const evidence = geneEvidence(
        encoders,
        reference,
        codes.mirna,
        codes.lncrna,
        canonicalSites(prediction.seed.counts),
      );
      features.push(geneFeatures(score, evidence));
      labels.push(rows[i]!.label);
    });
    folds.push({ name, features, labels });
    console.error(`${name}: ${labels.length} of ${rows.length} rows scored by the head`);
  }
  for (const [f, fold] of folds.entries()) {
    const others = folds.filter((_, g) => g !== f);
    const { head } = fit(
      others,
      `the lncRNA-cold split's other ${others.length} folds' test rows (${others.reduce((n, r) => n + r.labels.length, 0)}), each scored by its own fold model with the species named; not this fold's`,
    );
    writeHead(fold.name, foldDir, head);
    console.error(`${fold.name}: ${JSON.stringify(head.weights)} bias ${head.bias}`);
  }
  const rows = folds.reduce((n, r) => n + r.labels.length, 0);
  const { head, auc } = fit(
    folds,
    `the lncRNA-cold split's ${folds.length} folds' test rows (${rows}), each scored by its own fold model with the species named`,
  );
  writeHead(DEFAULT_MODEL, modelsDir, head);
  console.error(
    `${DEFAULT_MODEL}: ${JSON.stringify(head.weights)} bias ${head.bias}; in-sample ROC-AUC ${auc.toFixed(4)}`,
  );
});

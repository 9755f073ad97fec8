// npm run -s train:gene-head -- [--data-dir DIR]
// Fits the default's gene head (functions/inference/gene-head.ts) on the lncRNA-cold folds' test rows,
// each scored by its own fold model (a model that never saw the fold's lncRNAs) with the pair's
// species named, as /v1/predict scores a new human lncRNA, its isoforms scored by the same model; the
// reference is the one reference:load loads by default (the human lncRNAs of the data sets, sequences
// only). Cross-fitted: each fold model's card gets a head fitted on the other folds' rows, so
// evaluate:cold scores no fold by weights that saw it; the both-cold fold model's card gets one fitted
// on the rows that hold none of its test lncRNAs and miRNAs; the served card gets the head fitted on
// all folds.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { IsoformReference } from "../../functions/features/isoforms.ts";
import {
  GENE_FEATURES,
  geneFeatures,
  GeneHeadSchema,
  readGenes,
  type GeneHead,
} from "../../functions/inference/gene-head.ts";
import { newLncrnaScores } from "../../functions/inference/ensemble.ts";
import { HEAD_OF_DOMAIN } from "../../functions/inference/heads.ts";
import { ModelRegistry } from "../../functions/inference/registry.ts";
import { DEFAULT_MODEL } from "../../functions/models/default.ts";
import type { Label, LabelledPair } from "../data/pairs.ts";
import { humanReferenceTranscripts } from "../data/datasets.ts";
import { humanColdFoldVariants, humanVariantFold, type Variant } from "../evaluate/benchmarks.ts";
import { fitLogistic } from "../evaluate/logistic.ts";
import { rocAuc } from "../evaluate/metrics.ts";
import { geneItems } from "../evaluate/score.ts";
import { parseCli, runCli } from "../lib/cli.ts";
import { loadEncoders } from "../lib/kernels-node.ts";
import { ortWasmFromNodeModules, readModelBundles } from "../lib/node-runtime.ts";
import { modelsDir, resolveDataDir } from "../lib/paths.ts";

const usage = "usage: npm run -s train:gene-head -- [--data-dir DIR]";
const VARIANT = "ncrnainter-human-cold";
const BOTH_COLD = "ncrnainter-human-cold-both";
const HEAD = HEAD_OF_DOMAIN.animal;

/** A fold model's name, as evaluate:cold finds it: the default's name, then the variant less the data set's prefix. */
const foldModelName = (variant: Variant) => `${DEFAULT_MODEL}-${variant.id.replace(/^ncrnainter-/, "")}`;

interface FoldRows {
  name: string;
  features: number[][];
  labels: Label[];
  /** The row each feature row came from. */
  pairs: LabelledPair[];
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
    const items = await geneItems(model, encoders, rows);
    // a fold's lncRNAs are new to its model and its rows name the human species: kept as the rule says
    const readings = await readGenes(
      encoders,
      reference,
      items,
      (route) => newLncrnaScores(model, route.speciesHead),
      (route) => route.lncrnaKnown === false && (route.speciesHead ?? route.mirnaHead) === HEAD,
    );
    const features: number[][] = [];
    const labels: Label[] = [];
    const pairs: LabelledPair[] = [];
    readings.forEach((reading, i) => {
      if (!reading) return;
      features.push(geneFeatures(reading.geneScore, reading.evidence));
      labels.push(rows[i]!.label);
      pairs.push(rows[i]!);
    });
    folds.push({ name, features, labels, pairs });
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
  // the both-cold fold model's head: rows that hold neither a lncRNA of its test (by similarity group,
  // a gene's transcripts sharing its partners) nor a miRNA of it
  const both = humanVariantFold(BOTH_COLD, { dataDir, encoders }).variant;
  const groupOf = both.resampleBy!.key;
  const bothTest = both.folds[0]!.test;
  const testGroups = new Set(bothTest.map(groupOf));
  const testMirnas = new Set(bothTest.map((r) => r.mirnaId));
  const apart = folds.map((fold) => {
    const keep = fold.pairs.map((p) => !testGroups.has(groupOf(p)) && !testMirnas.has(p.mirnaId));
    const pick = <T>(xs: T[]) => xs.filter((_, i) => keep[i]);
    return { ...fold, features: pick(fold.features), labels: pick(fold.labels), pairs: pick(fold.pairs) };
  });
  const bothName = `${DEFAULT_MODEL}-${BOTH_COLD.replace(/^ncrnainter-/, "")}`;
  const { head: bothHead } = fit(
    apart,
    `the lncRNA-cold split's ${apart.length} folds' test rows with neither a lncRNA (by similarity group) nor a miRNA of this model's both-cold test (${apart.reduce((n, r) => n + r.labels.length, 0)}), each scored by its own lncRNA-cold fold model with the species named`,
  );
  writeHead(bothName, foldDir, bothHead);
  console.error(`${bothName}: ${JSON.stringify(bothHead.weights)} bias ${bothHead.bias}`);
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

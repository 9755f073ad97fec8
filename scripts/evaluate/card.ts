// npm run evaluate:card -- --model NAME [--data-dir DIR]
// Scores a committed model through the serving path (AS kernels + onnxruntime-web, as the worker
// runs it) and writes into its card: the threshold (Youden's J on the validation split), validation
// metrics, and metrics on the official test sets beside a lncRNA-length-only baseline.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadLabelledPairs } from "../data/datasets.ts";
import type { LabelledPair } from "../data/pairs.ts";
import { parseCli, runCli } from "../lib/cli.ts";
import { loadEncoders } from "../lib/kernels-node.ts";
import { nodeModelRegistry, ortVersion } from "../lib/node-runtime.ts";
import { modelsDir, resolveDataDir } from "../lib/paths.ts";
import { evaluate, rocAuc, youdenThreshold } from "./metrics.ts";
import { scoreLabelledPairs } from "./score.ts";
import { heldOutBy, trainingDatasets } from "./training-overlap.ts";

/** Official test sets; of ncrnainter-human, its official test split. */
const TEST_SETS = ["pmlipred-test-aly", "pmlipred-test-sly", "ncrnainter-human"];
const usage = "usage: npm run evaluate:card -- --model NAME [--data-dir DIR]";

const labelsOf = (pairs: LabelledPair[]) => pairs.map((p) => p.label);
const round = (value: unknown): unknown =>
  typeof value === "number"
    ? Number(value.toFixed(4))
    : Array.isArray(value)
      ? value.map(round)
      : value && typeof value === "object"
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, round(v)]))
        : value;

runCli(async () => {
  const { values } = parseCli(usage, { model: { type: "string" }, "data-dir": { type: "string" } });
  if (values.help) return console.log(usage);
  if (!values.model) throw new Error(`no --model given\n\n${usage}`);
  const dataDir = resolveDataDir(values["data-dir"]);
  const registry = nodeModelRegistry();
  const card = registry.card(values.model);
  if (!card) throw new Error(`no model ${values.model} in models/ (have: ${registry.names().join(", ")})`);
  const model = await registry.get(values.model);
  const encoders = loadEncoders();

  // Validation: the rows the model held out of its training datasets (its card's split: lncRNA-grouped,
  // or by pair for a graph model; an ensemble's: rows every member held out); official test rows never.
  const datasets = trainingDatasets(card, (n) => registry.card(n));
  if (datasets.length === 0)
    throw new Error(`model ${card.name}: its card names no training dataset (training.dataset or training.datasets)`);
  const train: LabelledPair[] = [];
  const validation: LabelledPair[] = [];
  for (const name of datasets) {
    const heldOut = heldOutBy(card, name, (n) => registry.card(n));
    for (const p of loadLabelledPairs(name, dataDir).pairs)
      if (p.split !== "test") (heldOut(p) ? validation : train).push(p);
  }
  const validationScores = await scoreLabelledPairs(model, encoders, validation);
  const threshold = youdenThreshold(validationScores, labelsOf(validation));

  // lncRNA length as the only signal, its direction fitted on the training rows
  const lengthSign =
    rocAuc(
      train.map((p) => p.lncrna.length),
      labelsOf(train),
    ) >= 0.5
      ? 1
      : -1;
  const lengthScores = (pairs: LabelledPair[]) => pairs.map((p) => lengthSign * p.lncrna.length);

  const test: Record<string, unknown> = {};
  for (const name of TEST_SETS) {
    const pairs = loadLabelledPairs(name, dataDir).pairs.filter(
      (p) => name !== "ncrnainter-human" || p.split === "test",
    );
    const scores = await scoreLabelledPairs(model, encoders, pairs);
    const lengthOnly = lengthScores(pairs);
    test[name] = {
      model: evaluate(scores, labelsOf(pairs), threshold),
      baselines: {
        "lncrna-length": {
          direction: lengthSign > 0 ? "longer = positive" : "shorter = positive",
          rocAuc: rocAuc(lengthOnly, labelsOf(pairs)),
        },
      },
    };
    console.log(
      `${name}: ROC-AUC ${rocAuc(scores, labelsOf(pairs)).toFixed(4)} (lncRNA length only ${rocAuc(lengthOnly, labelsOf(pairs)).toFixed(4)})`,
    );
  }

  const path = join(modelsDir, `${card.name}.json`);
  const stored = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  stored.threshold = threshold;
  stored.thresholdRule = "maximizes Youden's J (TPR − FPR) on the validation split; score ≥ threshold → label 1";
  stored.metrics = round({
    evaluatedWith: `npm run evaluate:card -- --model ${card.name}: serving path (AS SIMD kernels + onnxruntime-web ${ortVersion()} wasm, 1 thread) in Node`,
    validation: {
      split: `${datasets.join(" + ")}: rows held out of training`,
      ...evaluate(validationScores, labelsOf(validation), threshold),
    },
    test,
  });
  writeFileSync(path, JSON.stringify(stored, null, 2) + "\n");
  console.log(
    `validation ROC-AUC ${rocAuc(validationScores, labelsOf(validation)).toFixed(4)}, threshold ${threshold}; wrote ${path}`,
  );
});

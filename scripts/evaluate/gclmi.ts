// npm run evaluate:gclmi [-- --data-dir DIR]
// Scores the committed GCLMI models through the serving path and writes reports/gclmi.md:
//   - models/gclmi (the served model): ncRNAInter human official test, and the plant official tests
//     (no shared nodes: every plant RNA takes the inductive path), AS kernels + onnxruntime-web;
//   - models/folds/gclmi-human-cold(-mirna): the harness's lncRNA- and miRNA-disjoint human folds, same path;
//   - models/folds/gclmi-eplmi-{5fold,cold}-fold<k>: EPLMI 5-fold by pair (warm) and lncRNA-disjoint (cold),
//     pooled out-of-fold scores. EPLMI has no lncRNA sequences, so these rows are EPLMI's own
//     sequence-similarity matrix rows (the similarity features GCLMI used) fed to onnxruntime-web; the
//     AS kernels do not apply.
// Rows and folds come from scripts/evaluate/benchmarks.ts, as the benchmark report builds them; the
// node-degree prior is fitted on each fold's training rows beside every figure.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { InteractionModel } from "../../functions/inference/pipeline.ts";
import { OnnxSession } from "../../functions/inference/onnx.ts";
import type { ModelCard } from "../../functions/models/card.ts";
import { loadLabelledPairs } from "../data/datasets.ts";
import { loadEplmi } from "../data/human.ts";
import type { Label, LabelledPair } from "../data/pairs.ts";
import { readData } from "../data/pmlipred.ts";
import { parseCli, runCli } from "../lib/cli.ts";
import { loadEncoders } from "../lib/kernels-node.ts";
import { nodeModelRegistry, ortWasmFromNodeModules, readModelBundles } from "../lib/node-runtime.ts";
import { modelsDir, repoRoot, resolveDataDir } from "../lib/paths.ts";
import type { ScoringRow } from "./baselines.ts";
import { eplmiBenchmarks, humanBenchmarks, type Fold } from "./benchmarks.ts";
import { averagePrecision, rocAuc } from "./metrics.ts";
import { scoreLabelledPairs } from "./score.ts";

const usage = "usage: npm run evaluate:gclmi [-- --data-dir DIR]";
const foldsDir = join(modelsDir, "folds");
const EPLMI_SIMILARITY = {
  lncrna: "eplmi_lncrnasnp/derived/Sequence_data__lnc_seq_similarity_matrix.csv",
  mirna: "eplmi_lncrnasnp/derived/Sequence_data__mi_seq_similarity_matrix.csv",
};

interface Line {
  benchmark: string;
  variant: string;
  model: string;
  n: string;
  rocAuc: number;
  averagePrecision: number;
  degree?: number;
  published?: string;
}

const labels = (rows: { label: Label }[]) => rows.map((r) => r.label);
const f4 = (x: number | undefined) => (x === undefined ? "—" : x.toFixed(4));
const counts = (rows: { label: Label }[]) =>
  `${rows.filter((r) => r.label === 1).length}/${rows.filter((r) => r.label === 0).length}`;

/** The node-degree prior of the benchmark harness, fitted on the fold's training rows. */
function degreePrior(train: ScoringRow[], test: ScoringRow[]): Float64Array {
  const lnc = new Map<string, number>();
  const mir = new Map<string, number>();
  for (const r of train) {
    if (r.label !== 1) continue;
    lnc.set(r.lncrnaId, (lnc.get(r.lncrnaId) ?? 0) + 1);
    mir.set(r.mirnaId, (mir.get(r.mirnaId) ?? 0) + 1);
  }
  return Float64Array.from(test, (r) => ((lnc.get(r.lncrnaId) ?? 0) + 1) * ((mir.get(r.mirnaId) ?? 0) + 1));
}

const asPairs = (rows: ScoringRow[]) => rows as LabelledPair[];

/** EPLMI similarity rows; the 10 lncRNAs without a sequence have NaN entries: no similarity, 0 (as in training). */
function similarityRows(dataDir: string, path: string): Float32Array[] {
  return readData(dataDir, path)
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "")
    .map((l) => Float32Array.from(l.split(","), (x) => (Number.isNaN(Number(x)) ? 0 : Number(x))));
}

runCli(async () => {
  const { values } = parseCli(usage, { "data-dir": { type: "string" } });
  if (values.help) return console.log(usage);
  const dataDir = resolveDataDir(values["data-dir"]);
  const encoders = loadEncoders();
  const wasm = ortWasmFromNodeModules();
  const context = { dataDir, encoders };
  const lines: Line[] = [];
  const started = Date.now();

  // Human: the served model on the official test; the fold models on the harness's cold folds
  const human = humanBenchmarks(context);
  const variant = (id: string) => human.find((v) => v.id === id)!;
  const served = await nodeModelRegistry().get("gclmi");
  const official = variant("ncrnainter-human-official").folds[0]!;
  const officialScores = await scoreLabelledPairs(served, encoders, asPairs(official.test));
  const humanLine = (v: string, model: string, fold: Fold, scores: ArrayLike<number>, published?: string) =>
    lines.push({
      benchmark: "ncRNAInter human",
      variant: v,
      model,
      n: counts(fold.test),
      rocAuc: rocAuc(scores, labels(fold.test)),
      averagePrecision: averagePrecision(scores, labels(fold.test)),
      degree: rocAuc(degreePrior([...fold.train, ...fold.validation], fold.test), labels(fold.test)),
      published,
    });
  humanLine("official test (warm start)", "gclmi", official, officialScores, "ncRNAInter 0.9726");
  const foldBundles = readModelBundles(foldsDir).filter((b) => (b.card as ModelCard).family === "gclmi-fold");
  for (const [id, title] of [
    ["ncrnainter-human-cold", "cold-start, lncRNA-disjoint (inductive path)"],
    ["ncrnainter-human-cold-mirna", "cold-start, miRNA-disjoint (inductive path)"],
  ] as const) {
    const bundle = foldBundles.find((b) => (b.card as ModelCard).name === id.replace("ncrnainter-", "gclmi-"));
    if (!bundle) throw new Error(`models/folds has no model for ${id}: run npm run train:gclmi`);
    const model = await InteractionModel.load(bundle, encoders, wasm);
    const fold = variant(id).folds[0]!;
    humanLine(
      title,
      (bundle.card as ModelCard).name,
      fold,
      await scoreLabelledPairs(model, encoders, asPairs(fold.test)),
    );
  }

  // Plants: no node is shared with the human graph, so every pair takes the inductive path
  for (const name of ["pmlipred-test-aly", "pmlipred-test-sly", "pmlipemg-testseth-aly", "pmlipemg-testseth-mtr"]) {
    const pairs = loadLabelledPairs(name, dataDir).pairs;
    const scores = await scoreLabelledPairs(served, encoders, pairs);
    lines.push({
      benchmark: name,
      variant: "official test (no shared nodes)",
      model: "gclmi",
      n: counts(pairs),
      rocAuc: rocAuc(scores, labels(pairs)),
      averagePrecision: averagePrecision(scores, labels(pairs)),
    });
  }

  // EPLMI: fold models over EPLMI's own similarity rows, pooled out-of-fold
  const graph = loadEplmi(dataDir);
  const lncIndex = new Map(graph.lncrnas.map((id, i) => [id, i]));
  const mirIndex = new Map(graph.mirnas.map((id, i) => [id, i]));
  const lncSim = similarityRows(dataDir, EPLMI_SIMILARITY.lncrna);
  const mirSim = similarityRows(dataDir, EPLMI_SIMILARITY.mirna);
  const dims = lncSim.length + mirSim.length;
  for (const v of eplmiBenchmarks(context).filter((x) => x.id === "eplmi-5fold" || x.id === "eplmi-cold")) {
    const scores: number[] = [];
    const testLabels: Label[] = [];
    const degree: number[] = [];
    for (const [f, fold] of v.folds.entries()) {
      const name = `gclmi-${v.id}-fold${f + 1}`;
      const session = await OnnxSession.create(readFileSync(join(foldsDir, `${name}.onnx`)), wasm, {
        input: "features",
        output: "score",
      });
      const batch = new Float32Array(fold.test.length * dims);
      fold.test.forEach((r, i) => {
        batch.set(lncSim[lncIndex.get(r.lncrnaId)!]!, i * dims);
        batch.set(mirSim[mirIndex.get(r.mirnaId)!]!, i * dims + lncSim.length);
      });
      scores.push(...(await session.run(batch, fold.test.length, dims)));
      testLabels.push(...labels(fold.test));
      degree.push(...degreePrior([...fold.train, ...fold.validation], fold.test));
    }
    lines.push({
      benchmark: "EPLMI (GCLMI's data)",
      variant: v.id === "eplmi-5fold" ? "5-fold by pair (warm)" : "5-fold lncRNA-disjoint (cold, inductive path)",
      model: `gclmi-${v.id}-fold1..5`,
      n: counts(testLabels.map((label) => ({ label }))),
      rocAuc: rocAuc(scores, testLabels),
      averagePrecision: averagePrecision(scores, testLabels),
      degree: rocAuc(degree, testLabels),
      published: v.id === "eplmi-5fold" ? "GCLMI 0.8567" : undefined,
    });
  }

  const card = JSON.parse(readFileSync(join(modelsDir, "gclmi.json"), "utf8")) as {
    onnx: { bytes: number; sha256: string };
  };
  const table = lines.map(
    (l) =>
      `| ${l.benchmark} | ${l.variant} | \`${l.model}\` | ${l.n} | ${f4(l.rocAuc)} | ${f4(l.averagePrecision)} | ${f4(l.degree)} | ${l.published ?? ""} |`,
  );
  const report = `# GCLMI: graph convolutional autoencoder, warm and inductive

Written by \`npm run evaluate:gclmi\` (scripts/evaluate/gclmi.ts); do not edit by hand. Every score comes from a
committed ONNX model run by onnxruntime-web (1 thread, wasm) in Node: human and plant pairs through the serving
path (AS SIMD kernels → the \`gclmi\` encoding's k-mer parts → ONNX), EPLMI pairs as rows of EPLMI's sequence-similarity
matrices (EPLMI has no lncRNA sequences). Rows, negatives and folds are the benchmark harness's
(scripts/evaluate/benchmarks.ts, seed 17); k-fold rows pool out-of-fold scores. "degree prior" is the harness's
node-degree baseline fitted on the same training rows. Trained by \`npm run train:gclmi\` (scripts/train/gclmi.py).

Served model: \`models/gclmi.onnx\`, ${card.onnx.bytes} bytes, sha256 \`${card.onnx.sha256.slice(0, 16)}…\`.

| benchmark | variant | model | test pos/neg | ROC-AUC | PR-AUC | degree prior ROC-AUC | published |
|---|---|---|---|---|---|---|---|
${table.join("\n")}

Notes:
- Known RNAs are recognised by their k-mer profile (cosine 1 to a stored node; the nearest other node is ≤ 0.99), so
  the warm rows use trained embeddings and the cold rows the inductive path: a softmax(cos/τ) mix of known nodes' embeddings.
- Plant RNAs share no node with the human graph and are scored by the inductive path only; a graph model has no
  basis there (the plant benchmarks reward duplex complementarity, which GCLMI does not see).
- EPLMI negatives are drawn uniformly among unobserved pairs (the harness's); GCLMI's paper does not state its own.

Finished in ${Math.round((Date.now() - started) / 1000)} s.
`;
  writeFileSync(join(repoRoot, "reports", "gclmi.md"), report);
  console.log(table.join("\n"));
});

// npm run evaluate [-- --data-dir DIR] [--no-rnahybrid] [--jobs N] [--resamples N] [--only ID-PREFIX]
//   writes reports/benchmark.md and reports/benchmark/*.svg (and build/benchmark/results.json)
// npm run evaluate -- --pairs FILE [--model NAME] [--mirnas FASTA] [--rnahybrid] [--out FILE.md]
//   evaluates a labelled pair file of the user's (see userFile.ts for the formats)
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { DEFAULT_MODEL } from "../../functions/models/default.ts";
import { trainingDatasets, trainingSet } from "./training-overlap.ts";
import { DATASETS, datasetByName, humanReferenceTranscripts } from "../data/datasets.ts";
import { compareWithReadme, countDataset } from "../data/summary.ts";
import { STRETCH_K, STRETCH_SHARE } from "../../functions/features/isoforms.ts";
import { parseCli, runCli } from "../lib/cli.ts";
import { nodeDeviceModel } from "../lib/device-node.ts";
import { loadEncoders } from "../lib/kernels-node.ts";
import { nodeModelRegistry, ortVersion } from "../lib/node-runtime.ts";
import { buildDir, repoRoot, resolveDataDir } from "../lib/paths.ts";
import { FeatureCache, isoformSeedBaseline, scorers, type ScorerContext } from "./baselines.ts";
import { IsoformReference } from "../../functions/features/isoforms.ts";
import { scoreWithGeneHead, scoreWithSpeciesNamed } from "./score.ts";
import {
  eplmiBenchmarks,
  humanBenchmarks,
  leaveOneSpeciesOut,
  negativesStudy,
  plantBenchmarks,
  prepubBenchmarks,
  SEED,
  SIMILARITY_THRESHOLD,
  trainvalBenchmarks,
  type Variant,
} from "./benchmarks.ts";
import { curvesSvg } from "./plots.ts";
import { negativesGrid, variantSection } from "./report.ts";
import { runVariant, type Contamination, type FitCache, type VariantResult, type VariantScorer } from "./runner.ts";
import { claimTables, replaceClaims, writeClaims } from "./claims.ts";
import { loadFoldModels, type FoldModel } from "./fold-models.ts";
import { contaminationOf, overlapOf } from "./training-overlap.ts";
import type { LabelledPair } from "../data/pairs.ts";
import { evaluateUserFile } from "./user-file.ts";

const usage = `usage:
  npm run evaluate [-- --data-dir DIR] [--no-rnahybrid] [--jobs N] [--resamples N] [--only ID-PREFIX] [--report-dir DIR]
  npm run evaluate -- --pairs FILE [--model NAME] [--mirnas FASTA] [--rnahybrid] [--data-dir DIR] [--out FILE.md]`;

runCli(async () => {
  const { values } = parseCli(usage, {
    "data-dir": { type: "string" },
    "no-rnahybrid": { type: "boolean" },
    rnahybrid: { type: "boolean" },
    jobs: { type: "string" },
    resamples: { type: "string" },
    only: { type: "string" },
    "report-dir": { type: "string" },
    pairs: { type: "string" },
    model: { type: "string" },
    mirnas: { type: "string" },
    out: { type: "string" },
  });
  if (values.help) return console.log(usage);
  const positiveInt = (name: string, value: string | undefined, fallback: number) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`--${name} must be a positive integer, got ${JSON.stringify(value)}`);
    return n;
  };
  const jobs = positiveInt("jobs", values.jobs, 1);
  const resamples = positiveInt("resamples", values.resamples, 1000);
  if (values.pairs) {
    const markdown = await evaluateUserFile({
      file: values.pairs,
      model: values.model ?? DEFAULT_MODEL,
      mirnas: values.mirnas,
      dataDirFlag: values["data-dir"],
      rnahybrid: values.rnahybrid ? { jobs } : false,
      resamples,
    });
    if (values.out) {
      writeFileSync(values.out, markdown);
      console.error(`wrote ${values.out}`);
    } else console.log(markdown);
    return;
  }
  for (const flag of ["model", "mirnas", "out"] as const)
    if (values[flag]) throw new Error(`--${flag} goes with --pairs FILE\n\n${usage}`);

  const dataDir = resolveDataDir(values["data-dir"]);
  const reportDir = resolve(values["report-dir"] ?? join(repoRoot, "reports"));
  const encoders = loadEncoders();
  const registry = nodeModelRegistry();
  const models: ScorerContext["models"] = await Promise.all(
    registry.names().map(async (name) => ({
      name,
      model: await registry.get(name),
      trainedOn: trainingSet(
        trainingDatasets(registry.card(name)!, (n) => registry.card(n)),
        dataDir,
      ),
    })),
  );
  const served = models.find((m) => m.name === DEFAULT_MODEL)!;
  // the default model as the widget's device mode runs it (tfjs-core + wasm), beside the server's
  const deviceName = `${DEFAULT_MODEL}-device`;
  models.push({
    name: deviceName,
    model: await nodeDeviceModel(DEFAULT_MODEL, encoders),
    trainedOn: served.trainedOn,
  });
  // the default as /v1/predict scores it when the request names the pair's species: the species'
  // head, no gate (the gate can send pairs of a plant it never saw to the human head)
  const speciesName = `${DEFAULT_MODEL}-species`;
  models.push({
    ...served,
    name: speciesName,
    scoring: {
      description: `committed model ${DEFAULT_MODEL} with each pair's species named, as /v1/predict scores it with \`species\`: the head of the species' domain, the gate not asked; threshold from its card`,
      score: scoreWithSpeciesNamed,
    },
  });
  const context = { dataDir, encoders };
  const started = Date.now();
  console.log("building the benchmark splits…");
  const groups: [string, Variant[]][] = [
    ["plant", plantBenchmarks(context)],
    ["prepub", prepubBenchmarks(context)],
    ["loso", leaveOneSpeciesOut(context)],
    ["human", humanBenchmarks(context)],
    ["eplmi", eplmiBenchmarks(context)],
    ["trainval", trainvalBenchmarks(context)],
  ];
  const study = negativesStudy(context);
  const folds = await loadFoldModels(
    groups.flatMap(([, variants]) => variants),
    encoders,
    registry.names(),
  );
  const features = new FeatureCache(encoders);
  const list = scorers({
    features,
    models,
    encoders,
    rnahybrid: values["no-rnahybrid"] ? false : { jobs, onProgress: progress },
  });
  const foldScorers: VariantScorer[] = scorers({ features, models: folds, encoders, rnahybrid: false })
    .filter((s) => s.kind === "model")
    .map((s) => ({ ...s, variants: [folds.find((f) => f.name === s.name)!.variant] }));
  // gene-level seed evidence where labels are copied to every transcript of a gene (lncRNASNP2's human
  // pairs): the human data sets' transcripts, sequences only, stand in for a reference annotation, as
  // reference:load loads them by default and evaluate:cold and train:gene-head read them
  const human = groups.find(([group]) => group === "human")![1];
  const humanReference = IsoformReference.fromSequences(
    encoders,
    humanReferenceTranscripts(dataDir).map((t) => t.sequence),
  );
  const isoformBaseline: VariantScorer = {
    ...isoformSeedBaseline(encoders, humanReference),
    variants: human.map((v) => v.id),
  };
  // the default as a deployment with reference lncRNAs scores a human pair whose species is named: its
  // gene head revises a new lncRNA's score (the lncRNA-cold fold model's head was fitted on the other
  // folds only); elsewhere, as the species-named row. Its fold rows stand in for it as the default's do.
  const geneName = `${DEFAULT_MODEL}-gene`;
  const geneScoring = {
    description: `committed model ${DEFAULT_MODEL} with each pair's species named and the ${humanReference.size} human lncRNAs of the data sets as reference lncRNAs (sequences only): its gene head revises the score of a lncRNA new to it (functions/inference/gene-head.ts); threshold from its card`,
    score: scoreWithGeneHead(humanReference),
  };
  const geneFolds: FoldModel[] = folds
    .filter((f) => f.servedAs === DEFAULT_MODEL)
    .map((f) => ({ ...f, name: f.name.replace(DEFAULT_MODEL, geneName), servedAs: geneName }));
  const geneScorers: VariantScorer[] = [
    ...scorers({ features, models: [{ ...served, name: geneName, scoring: geneScoring }], encoders, rnahybrid: false })
      .filter((s) => s.kind === "model")
      .map((s) => ({ ...s, variants: human.map((v) => v.id) })),
    ...scorers({
      features,
      models: geneFolds.map((f) => ({
        ...f,
        scoring: { ...geneScoring, description: `${f.name}: ${geneScoring.description}` },
      })),
      encoders,
      rnahybrid: false,
    })
      .filter((s) => s.kind === "model")
      .map((s) => ({ ...s, variants: [geneFolds.find((f) => f.name === s.name)!.variant] })),
  ];
  const all: VariantScorer[] = [
    ...list.filter((s) => s.kind === "model"),
    ...foldScorers,
    ...geneScorers,
    ...list.filter((s) => s.kind !== "model"),
    isoformBaseline,
  ];
  const trainedOn = new Map(
    [...models, ...folds, ...geneFolds, { name: geneName, trainedOn: served.trainedOn }].map((m) => [
      m.name,
      m.trainedOn,
    ]),
  );
  const contamination: Contamination = (name, variant, test) => {
    const set = trainedOn.get(name);
    const rows = test.filter((r): r is LabelledPair => r.mirna !== undefined && r.lncrna !== undefined);
    return set ? contaminationOf(overlapOf(set, rows), variant.heldOut) : undefined;
  };
  const cache: FitCache = new Map();
  const results: VariantResult[] = [];
  const studyResults: VariantResult[] = [];
  const selected = (v: Variant) => !values.only || v.id.startsWith(values.only);
  for (const [, variants] of groups) {
    for (const variant of variants.filter(selected))
      results.push(
        await runVariant(variant, all, cache, {
          resamples,
          log: console.log,
          contamination,
          within: (r) => r.lncrnaId,
        }),
      );
  }
  for (const variant of study.variants.filter(selected))
    studyResults.push(await runVariant(variant, all, cache, { resamples, log: console.log }));

  const svgDir = join(reportDir, "benchmark");
  mkdirSync(svgDir, { recursive: true });
  const sections: string[] = [];
  let lastBenchmark = "";
  for (const result of results) {
    if (result.variant.benchmark !== lastBenchmark) sections.push(`### ${(lastBenchmark = result.variant.benchmark)}`);
    const curves = result.results.filter((r) => r.roc).map((r) => ({ name: r.scorer, roc: r.roc!, pr: r.pr! }));
    const svg = curves.length ? `benchmark/${result.variant.id}.svg` : undefined;
    if (svg)
      writeFileSync(join(reportDir, svg), curvesSvg(`${result.variant.benchmark} — ${result.variant.variant}`, curves));
    sections.push(variantSection(result, svg));
  }
  const claims = writeClaims({
    tables: claimTables(results),
    model: DEFAULT_MODEL,
    served: [...registry.names(), deviceName, geneName],
    foldModels: [...folds, ...geneFolds],
    noRnahybrid: values["no-rnahybrid"] === true,
    speciesNamed: speciesName,
    geneHead: geneName,
  });
  const markdown = [
    header(dataDir, values["no-rnahybrid"] === true, resamples, all),
    "## Claims",
    "",
    claims.replace("[reports/benchmark.md](reports/benchmark.md)", "this report"),
    "",
    dataSection(dataDir),
    "## Benchmarks",
    "",
    sections.join("\n\n"),
    "",
    studyResults.length ? studySection(studyResults, study.refused) : "",
    `\n_Run time ${((Date.now() - started) / 60000).toFixed(1)} min._\n`,
  ].join("\n");
  writeFileSync(join(reportDir, "benchmark.md"), markdown);
  mkdirSync(join(buildDir, "benchmark"), { recursive: true });
  writeFileSync(
    join(buildDir, "benchmark", "results.json"),
    JSON.stringify(
      [...results, ...studyResults].map((r) => ({
        id: r.variant.id,
        results: r.results.map(({ roc, pr, ...rest }) => rest),
      })),
      null,
      1,
    ),
  );
  console.log(`wrote ${relative(process.cwd(), join(reportDir, "benchmark.md"))} and ${results.length} plots`);
  if (values.only || values["report-dir"])
    console.log("--only or --report-dir: README.md's claims left as they were (they come from a full run)");
  else {
    const readme = join(repoRoot, "README.md");
    writeFileSync(readme, replaceClaims(readFileSync(readme, "utf8"), claims));
    console.log("wrote the claims block of README.md");
  }
});

let lastProgress = 0;
function progress(done: number, total: number): void {
  if (Date.now() - lastProgress > 5000 || done === total) {
    lastProgress = Date.now();
    console.log(`    RNAhybrid ${done}/${total}`);
  }
}

function header(dataDir: string, noRnahybrid: boolean, resamples: number, list: ReturnType<typeof scorers>): string {
  const ort = ortVersion();
  return [
    "# lmi-edge benchmark",
    "",
    "Written by `npm run evaluate` (scripts/evaluate/benchmark.ts) from the data dir; do not edit by hand.",
    "Every number below is computed by this command: models through the serving path (AS SIMD kernels +",
    `onnxruntime-web ${ort}, committed ONNX models), baselines fitted on each split's training rows only.`,
    "",
    "How to read the tables:",
    "- Each cell is the value on the scored pairs with its 95 % bootstrap interval (percentile, " +
      resamples +
      " resamples). Pairs are drawn class-stratified, one by one, except where a variant's `Intervals:` line names a larger unit (the human cold-start variants draw whole lncRNA similarity groups or miRNAs). Pairs that share an RNA are not independent, so pair-wise intervals are if anything too narrow. k-fold benchmarks pool the out-of-fold scores.",
    "- Threshold metrics (accuracy … MCC) use a threshold chosen on the validation rows only (Youden's J), or the committed model's card threshold.",
    '- `n/a` rows say why the scorer does not apply (e.g. no sequences). *Published* rows are the anchors of the data README\'s "Reported metrics" table, beside our numbers; their splits and negatives may differ from ours as noted.',
    `- Variants: **official** = the dataset's own split; **cold-start** = no test lncRNA (similarity-grouped: 8-mer MinHash ≥ ${SIMILARITY_THRESHOLD}, or exact ${STRETCH_K}-mers shared over ≥ ${STRETCH_SHARE * 100} % of the shorter's, as a gene's isoforms share exons) seen in training, see each split line; **shared-lncRNA negatives** = negatives re-drawn so every lncRNA has as many negatives as positives, which removes the lncRNA-identity shortcut.`,
    "- **pre-publication** benchmarks: PmliPred's 2019 files (not the published benchmark) as test sets, less every pair and lncRNA they share with another benchmark's independent test set; their split lines give the counts removed.",
    "- A committed model's row marked **⚠ trained on test data** is not a held-out score: the model trained on test pairs, or on test RNAs of the kind the variant holds out (a cold-start variant's lncRNAs or miRNAs, an independent test set's lncRNAs). Such rows enter no mean and no claim; a fold model (models/folds) trained without the fold's RNAs is scored beside it where one exists.",
    `- Seeds: every split and sampler uses seed ${SEED}; splits are regenerated deterministically (splits/manifest.json holds their counts and checksums).`,
    noRnahybrid
      ? "- RNAhybrid was left out of this run (--no-rnahybrid)."
      : "- RNAhybrid (~1–7 pairs/s on long human lncRNAs on the shared 2-core machine) scores at most 600 test pairs per table and chooses its threshold on at most 600 validation pairs (class-stratified, hash order); its row says when its test pairs are a subsample.",
    "",
    "Scorers:",
    ...list.map((s) => `- \`${s.name}\` (${s.kind}): ${s.description}`),
    "",
    `Data dir: \`${relative(repoRoot, dataDir) || "."}\`.`,
    "",
  ].join("\n");
}

function dataSection(dataDir: string): string {
  const rows: string[] = [];
  const differences: string[] = [];
  for (const [name, dataset] of Object.entries(DATASETS)) {
    const loaded = datasetByName(name).load(dataDir);
    const c = countDataset(loaded);
    rows.push(
      `| ${name} | ${c.rows} | ${c.kept} | ${c.positives}/${c.negatives} | ${c.mirnas} | ${c.lncrnas} | ${c.duplicates} | ${c.conflicting} | ${c.crossSplit} | ${c.withSequences} | ${c.lncrnasInBothClasses} |`,
    );
    for (const check of compareWithReadme(dataset, c))
      if (check.explanation)
        differences.push(
          `- ${name}, ${check.name}: README ${check.readme}, ours ${check.ours} — ${check.explanation}.`,
        );
    for (const note of loaded.report.notes) differences.push(`- ${name}: ${note}.`);
  }
  return [
    "## Data (`npm run data:summary`)",
    "",
    "| dataset | rows | pairs kept | pos/neg | miRNAs | lncRNAs | duplicate rows | conflicting pairs dropped | pairs in two splits | pairs with sequences | lncRNAs in both classes |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
    ...rows,
    "",
    "Every other count the data README gives matches. Differences and loader notes:",
    "",
    ...differences,
    "- pmlipred-prepub-aly overlaps the published A. lyrata test set in 41 pairs (README: 41) and PmliPEMG's aly TestSetH in 154 pairs by (miRNA, lncRNA) id (README: 25; 142 with the same label, 12 with the opposite one).",
    "",
  ].join("\n");
}

function studySection(results: VariantResult[], refused: Record<string, Record<string, number>>): string {
  const refusedLines = Object.entries(refused).map(
    ([scheme, reasons]) =>
      `- ${scheme}: ${
        Object.entries(reasons)
          .map(([r, n]) => `${n} ${r}`)
          .join(", ") || "none"
      }`,
  );
  return [
    "## Negatives study (ncRNAInter human, official split)",
    "",
    "Training negatives come from each scheme (train split only, 10 % validation by pair); each column is a fixed test set. Cells: ROC-AUC [95 % CI].",
    "The reliable-negative rule: a sampled negative (m, l) is refused when m has the seed (nt 2–8) of a known partner of l, or an 8mer or 7mer-m8 Watson–Crick site on l (kernel seed scan). Because the rule looks at seed sites, the seed-sites baseline is favoured by construction on the reliable test column.",
    "`node-degree` and `seed-sites` do not use training negatives, so their rows differ only by test column; `published, reliable-filtered` drops the flagged published negatives (train and test) instead of re-drawing them.",
    "Refused or dropped candidates per scheme:",
    ...refusedLines,
    "",
    negativesGrid(results, "kmer-lr"),
    "",
    negativesGrid(results, "node-degree"),
    "",
    negativesGrid(results, "lncrna-identity"),
    "",
    negativesGrid(results, "seed-sites"),
    "",
  ].join("\n");
}

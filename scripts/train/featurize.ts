// npm run featurize -- --dataset NAME [--dataset NAME …] [--encoding NAME | --spec FILE] [--species-negatives hsa]
//   [--data-dir DIR] [--out DIR]
// Reads a labelled pair set from the data dir, encodes every pair with the AS kernels through the
// same pairFeatures() the worker uses, and writes what the PyTorch trainer reads:
//   <out>/<encoding>/<dataset>/features.npy  float32 [pairs × dims]
//   <out>/<encoding>/<dataset>/labels.npy    int8 [pairs]
//   <out>/<encoding>/<dataset>/pairs.tsv     row, ids, label, split, lengths
//   <out>/<encoding>/<dataset>/meta.json     encoding, feature names, counts, split rule
// With --species-negatives hsa the train rows gain negatives drawn over all miRBase-18 human miRNAs
// (scripts/train/species-negatives.ts), written to <dataset>+hsa-negatives.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { SingleBar, Presets } from "cli-progress";
import {
  DEFAULT_ENCODING,
  featureLength,
  featureNames,
  type FeatureEncoding,
} from "../../functions/features/pair-features.ts";
import type { Encoders } from "../../functions/kernels/encoders.ts";
import { featurizePairs } from "../lib/featurize-pairs.ts";
import { drawSpeciesNegatives, withNegativesSuffix } from "./species-negatives.ts";
import { datasetByName, DATASETS, loadLabelledPairs } from "../data/datasets.ts";
import { groupHoldout, SPLIT_SEED, VALIDATION_FRACTION } from "../data/splits.ts";
import { parseCli, runCli } from "../lib/cli.ts";
import { readEncodingSpec } from "../lib/encoding-spec.ts";
import { loadEncoders } from "../lib/kernels-node.ts";
import { writeNpy } from "../lib/npy.ts";
import { buildDir, resolveDataDir } from "../lib/paths.ts";

const ENCODINGS = ["kmer-ctd-seed", "kmer-ctd-seed-duplex"] as const;
const usage = `usage: npm run featurize -- --dataset NAME [--dataset NAME …] [--encoding NAME | --spec FILE] [--species-negatives hsa] [--data-dir DIR] [--out DIR]
datasets: ${Object.keys(DATASETS).join(", ")}
encodings: ${ENCODINGS.join(", ")} (default kmer-ctd-seed), or --spec FILE: an encoding as JSON (e.g. a
composite of parts, functions/features/pair-features.ts), named after the file
(x.encoding.json → x);
output goes to <out>/<encoding>/<dataset>; --species-negatives hsa adds to the train rows one negative per
train positive drawn over all miRBase-18 human miRNAs (human datasets only) and writes
<out>/<encoding>/<dataset>+hsa-negatives`;

export function featuresDir(dataset: string, encoding: string, out = join(buildDir, "features")): string {
  return join(out, encoding, dataset);
}

function featurizeDataset(
  name: string,
  encodingId: string,
  spec: FeatureEncoding,
  dataDir: string,
  out: string,
  encoders: Encoders,
  negativesOver?: string,
): void {
  const dataset = datasetByName(name);
  const { pairs: published, loaded, missing } = loadLabelledPairs(name, dataDir);
  if (missing)
    throw new Error(
      `${name}: ${missing} pairs lack a sequence; featurize a dataset whose pairs all have both (${Object.keys(DATASETS)
        .filter((n) => datasetByName(n).sequences === "all")
        .join(", ")})`,
    );
  const report = loaded.report;
  // An official test split stays test (never trained on); the rest is held out by lncRNA for validation.
  const holdout = groupHoldout(
    published.map((p) => p.lncrnaId),
    VALIDATION_FRACTION,
    SPLIT_SEED,
  );
  const publishedSplits = published.map((p, i) =>
    dataset.role === "test" || p.split === "test" ? "test" : holdout[i]!,
  );
  const extra = negativesOver
    ? drawSpeciesNegatives(
        encoders,
        name,
        published.map((pair, i) => ({ pair, split: publishedSplits[i]! })),
        negativesOver,
        dataDir,
      )
    : undefined;
  const pairs = [...published, ...(extra?.negatives ?? [])];
  const splits = [...publishedSplits, ...(extra?.negatives.map(() => "train") ?? [])];
  const dims = featureLength(spec);
  const bar = new SingleBar(
    { format: `${name.padEnd(24)} {bar} {value}/{total} pairs  {eta}s left`, etaBuffer: 200 },
    Presets.shades_classic,
  );
  bar.start(pairs.length, 0);
  const features = featurizePairs(encoders, spec, pairs, (done) => done % 50 === 0 && bar.update(done));
  bar.update(pairs.length);
  bar.stop();

  const dir = featuresDir(withNegativesSuffix(name, negativesOver), encodingId, out);
  mkdirSync(dir, { recursive: true });
  writeNpy(join(dir, "features.npy"), features, [pairs.length, dims]);
  writeNpy(
    join(dir, "labels.npy"),
    Int8Array.from(pairs, (p) => p.label),
    [pairs.length],
  );
  const rows = pairs.map((p, i) =>
    [i, p.mirnaId, p.lncrnaId, p.label, splits[i], p.mirna.length, p.lncrna.length].join("\t"),
  );
  writeFileSync(
    join(dir, "pairs.tsv"),
    ["row\tmirna_id\tlncrna_id\tlabel\tsplit\tmirna_length\tlncrna_length", ...rows].join("\n") + "\n",
  );
  const count = (split: string, label: number) =>
    pairs.filter((p, i) => splits[i] === split && p.label === label).length;
  const meta = {
    dataset: name,
    description: dataset.description,
    role: dataset.role,
    encoding: { ...spec, dims },
    featureNames: featureNames(spec),
    dedup: report,
    ...(extra && { speciesNegatives: extra.meta }),
    split:
      dataset.role === "test"
        ? { rule: "official test set, scored only" }
        : {
            rule: `official test rows kept as test; the others: lncRNA-grouped holdout: hash(lncRNA id, seed ${SPLIT_SEED}) < ${VALIDATION_FRACTION} → validation`,
            seed: SPLIT_SEED,
            fraction: VALIDATION_FRACTION,
          },
    counts: Object.fromEntries(
      [...new Set(splits)].map((s) => [
        s,
        {
          positive: count(s, 1),
          negative: count(s, 0),
          lncrnas: new Set(pairs.filter((_, i) => splits[i] === s).map((p) => p.lncrnaId)).size,
        },
      ]),
    ),
  };
  writeFileSync(join(dir, "meta.json"), JSON.stringify(meta, null, 2) + "\n");
  console.log(`${name}: ${pairs.length} pairs × ${dims} features → ${dir}`);
}

runCli(() => {
  const { values } = parseCli(usage, {
    dataset: { type: "string", multiple: true },
    encoding: { type: "string" },
    spec: { type: "string" },
    "species-negatives": { type: "string" },
    "data-dir": { type: "string" },
    out: { type: "string" },
  });
  if (values.help) return console.log(usage);
  if (!values.dataset?.length) throw new Error(`no --dataset given\n\n${usage}`);
  const dataDir = resolveDataDir(values["data-dir"]);
  if (values.encoding && values.spec) throw new Error(`give --encoding or --spec, not both\n\n${usage}`);
  const encoding = values.encoding ?? "kmer-ctd-seed";
  if (!values.spec && !(ENCODINGS as readonly string[]).includes(encoding))
    throw new Error(`unknown encoding ${JSON.stringify(encoding)}; known: ${ENCODINGS.join(", ")}`);
  const { id, spec } = values.spec
    ? readEncodingSpec(resolve(values.spec))
    : { id: encoding, spec: { ...DEFAULT_ENCODING, name: encoding as (typeof ENCODINGS)[number] } };
  const encoders = loadEncoders();
  const out = values.out ? resolve(values.out) : join(buildDir, "features");
  for (const name of values.dataset)
    featurizeDataset(name, id, spec, dataDir, out, encoders, values["species-negatives"]);
});

// npm run -s fold:features -- [--variant ID] [--encoding NAME] [--species-negatives hsa] [--data-dir DIR] [--out DIR]
// Featurizes the rows of one benchmark harness variant (scripts/evaluate/benchmarks.ts; default
// ncrnainter-human-cold) in the layout `npm run featurize` writes, with the harness's own roles as the
// split column: a fold model trained on these arrays sees exactly the variant's train rows, selects its
// epoch and calibration on the variant's validation rows, and never the test rows (common.load_many drops them).
//   <out>/<encoding>/<variant>/features.npy, labels.npy, pairs.tsv, meta.json
// With --species-negatives hsa the train rows gain negatives drawn over all miRBase-18 human miRNAs
// (scripts/train/species-negatives.ts, never a miRNA the train rows hide), in <variant>+hsa-negatives.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  DEFAULT_ENCODING,
  featureLength,
  featureNames,
  type KmerCtdSeedEncoding,
} from "../../functions/features/pair-features.ts";
import type { LabelledPair } from "../data/pairs.ts";
import { humanVariantFold } from "../evaluate/benchmarks.ts";
import { parseCli, runCli } from "../lib/cli.ts";
import { featurizePairs } from "../lib/featurize-pairs.ts";
import { loadEncoders } from "../lib/kernels-node.ts";
import { writeNpy } from "../lib/npy.ts";
import { drawSpeciesNegatives, withNegativesSuffix } from "./species-negatives.ts";
import { buildDir, resolveDataDir } from "../lib/paths.ts";

const usage =
  "usage: npm run -s fold:features -- [--variant ID] [--encoding kmer-ctd-seed|kmer-ctd-seed-duplex] [--species-negatives hsa] [--data-dir DIR] [--out DIR]";
const ROLES = ["train", "validation", "test"] as const;

runCli(() => {
  const { values } = parseCli(usage, {
    variant: { type: "string" },
    encoding: { type: "string" },
    "species-negatives": { type: "string" },
    "data-dir": { type: "string" },
    out: { type: "string" },
  });
  if (values.help) return console.log(usage);
  const dataDir = resolveDataDir(values["data-dir"]);
  const variantId = values.variant ?? "ncrnainter-human-cold";
  const encodingName = values.encoding ?? "kmer-ctd-seed-duplex";
  if (encodingName !== "kmer-ctd-seed" && encodingName !== "kmer-ctd-seed-duplex")
    throw new Error(`unknown encoding ${JSON.stringify(encodingName)}\n\n${usage}`);
  const spec: KmerCtdSeedEncoding = { ...DEFAULT_ENCODING, name: encodingName };
  const encoders = loadEncoders();
  const { variant, fold } = humanVariantFold(variantId, { dataDir, encoders });
  const published = ROLES.flatMap((role) => fold[role].map((r) => ({ row: r as LabelledPair, role })));
  const negativesOver = values["species-negatives"];
  const extra = negativesOver
    ? drawSpeciesNegatives(
        encoders,
        variantId,
        published.map(({ row, role }) => ({ pair: row, split: role })),
        negativesOver,
        dataDir,
      )
    : undefined;
  const rows = [...published, ...(extra?.negatives.map((row) => ({ row, role: "train" as const })) ?? [])];
  const started = Date.now();
  const dims = featureLength(spec);
  const features = featurizePairs(
    encoders,
    spec,
    rows.map((r) => r.row),
    (done) =>
      done % 2000 === 0 &&
      console.log(`  ${done}/${rows.length} pairs (${Math.round((Date.now() - started) / 1000)} s)`),
  );
  const dir = join(
    values.out ? resolve(values.out) : join(buildDir, "features"),
    encodingName,
    withNegativesSuffix(variantId, negativesOver),
  );
  mkdirSync(dir, { recursive: true });
  writeNpy(join(dir, "features.npy"), features, [rows.length, dims]);
  writeNpy(
    join(dir, "labels.npy"),
    Int8Array.from(rows, (r) => r.row.label),
    [rows.length],
  );
  writeFileSync(
    join(dir, "pairs.tsv"),
    [
      "row\tmirna_id\tlncrna_id\tlabel\tsplit\tmirna_length\tlncrna_length",
      ...rows.map(({ row, role }, i) =>
        [i, row.mirnaId, row.lncrnaId, row.label, role, row.mirna.length, row.lncrna.length].join("\t"),
      ),
    ].join("\n") + "\n",
  );
  const counts = Object.fromEntries(
    ROLES.map((role) => [
      role,
      {
        positive: rows.filter((r) => r.role === role && r.row.label === 1).length,
        negative: rows.filter((r) => r.role === role && r.row.label === 0).length,
        lncrnas: new Set(rows.filter((r) => r.role === role).map((r) => r.row.lncrnaId)).size,
      },
    ]),
  );
  const meta = {
    dataset: "ncrnainter-human",
    variant: variantId,
    description: `${variant.benchmark}, harness variant ${variantId}`,
    encoding: { ...spec, dims },
    featureNames: featureNames(spec),
    split: { rule: `the harness variant's train / validation / test rows: ${variant.split}` },
    ...(extra && { speciesNegatives: extra.meta }),
    counts,
  };
  writeFileSync(join(dir, "meta.json"), JSON.stringify(meta, null, 2) + "\n");
  console.log(`${variantId}: ${rows.length} pairs × ${dims} features → ${dir}`);
});

// npm run -s gclmi:graph -- [--data-dir DIR] [--out DIR]
// Writes what scripts/train/gclmi.py trains on, so Python neither encodes nor re-derives a split:
//   human/lncrna.ids.json, human/lncrna.profiles.npy  k-mer profile of every ncRNAInter human lncRNA
//   human/mirna.ids.json,  human/mirna.profiles.npy   … and miRNA, as the gclmi encoding's kmer parts
//                                                       (pairFeatures, the serving featurizer) give them
//   eplmi/nodes.json                                 EPLMI lncRNA / miRNA names in matrix row order
//   pairs.tsv   variant, fold, role (train | validation | test), mirna, lncrna, label: the rows of the
//               benchmark harness's variants (scripts/evaluate/benchmarks.ts), which the fold models of
//               scripts/evaluate/gclmi.ts are scored on; "served" is the served model's split.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { featureLength, pairFeatures, type EncodingPart } from "../../functions/features/pair-features.ts";
import { kmerDims } from "../../functions/kernels/encoders.ts";
import { datasetByName } from "../data/datasets.ts";
import { loadEplmi } from "../data/human.ts";
import { pairKey } from "../data/pairs.ts";
import { groupHoldout } from "../data/splits.ts";
import { eplmiBenchmarks, humanBenchmarks, humanColdFoldVariants, SEED } from "../evaluate/benchmarks.ts";
import { parseCli, runCli } from "../lib/cli.ts";
import { readEncodingSpec } from "../lib/encoding-spec.ts";
import { loadEncoders } from "../lib/kernels-node.ts";
import { writeNpy } from "../lib/npy.ts";
import { buildDir, repoRoot, resolveDataDir } from "../lib/paths.ts";

const usage = "usage: npm run -s gclmi:graph -- [--data-dir DIR] [--out DIR]";
export const GCLMI_SPEC_FILE = join(repoRoot, "scripts", "train", "gclmi.encoding.json");
/**
 * The served model holds out 10 % of the ncRNAInter train pairs (by pair, so every node stays known) for
 * Platt scaling and the threshold.
 */
export const SERVED_VALIDATION = { by: "pair", seed: SEED, fraction: 0.1 } as const;
/** Harness variants the fold models are trained for, beside every human lncRNA-cold fold. */
const VARIANTS = [
  "ncrnainter-human-cold",
  "ncrnainter-human-cold-mirna",
  "ncrnainter-human-cold-both",
  "eplmi-5fold",
  "eplmi-cold",
];

runCli(() => {
  const { values } = parseCli(usage, { "data-dir": { type: "string" }, out: { type: "string" } });
  if (values.help) return console.log(usage);
  const dataDir = resolveDataDir(values["data-dir"]);
  const out = resolve(values.out ?? join(buildDir, "gclmi"));
  const encoders = loadEncoders();
  const { spec } = readEncodingSpec(GCLMI_SPEC_FILE);
  if (spec.name !== "composite") throw new Error("gclmi.encoding.json must be a composite of two kmer parts");
  const parts = spec.parts as Extract<EncodingPart, { kind: "kmer" }>[];
  const dims = featureLength(spec);

  // Node profiles: the encoding's own kmer parts, so a known RNA sent to the worker reproduces them exactly.
  const human = datasetByName("ncrnainter-human").load(dataDir);
  mkdirSync(join(out, "human"), { recursive: true });
  for (const rna of ["lncrna", "mirna"] as const) {
    const offset = parts
      .slice(
        0,
        parts.findIndex((p) => p.rna === rna),
      )
      .reduce((s, p) => s + kmerDims(p.kmax), 0);
    const width = kmerDims(parts.find((p) => p.rna === rna)!.kmax);
    const ids = [...human.sequences[rna].keys()].sort();
    const profiles = new Float32Array(ids.length * width);
    const row = new Float32Array(dims);
    const other = encoders.normalize(rna === "lncrna" ? "UGAGGUAGUAGGUUGUAUAGUU" : "ACGU".repeat(60)).codes; // the other side's part is ignored
    ids.forEach((id, i) => {
      const codes = encoders.normalize(human.sequences[rna].get(id)!).codes;
      pairFeatures(encoders, spec, rna === "mirna" ? codes : other, rna === "lncrna" ? codes : other, row);
      profiles.set(row.subarray(offset, offset + width), i * width);
    });
    writeFileSync(join(out, "human", `${rna}.ids.json`), JSON.stringify(ids) + "\n");
    writeNpy(join(out, "human", `${rna}.profiles.npy`), profiles, [ids.length, width]);
  }

  const eplmi = loadEplmi(dataDir);
  mkdirSync(join(out, "eplmi"), { recursive: true });
  writeFileSync(
    join(out, "eplmi", "nodes.json"),
    JSON.stringify({ lncrnas: eplmi.lncrnas, mirnas: eplmi.mirnas }) + "\n",
  );

  const lines = ["variant\tfold\trole\tmirna\tlncrna\tlabel"];
  const served = groupHoldout(human.pairs.map(pairKey), SERVED_VALIDATION.fraction, SERVED_VALIDATION.seed);
  human.pairs.forEach((p, i) =>
    lines.push(["served", 0, p.split === "test" ? "test" : served[i], p.mirnaId, p.lncrnaId, p.label].join("\t")),
  );
  const context = { dataDir, encoders };
  const variants = [
    ...humanBenchmarks(context).filter((v) => VARIANTS.includes(v.id)),
    ...humanColdFoldVariants(context),
    ...eplmiBenchmarks(context).filter((v) => VARIANTS.includes(v.id)),
  ];
  for (const variant of variants) {
    variant.folds.forEach((fold, f) => {
      for (const role of ["train", "validation", "test"] as const)
        for (const r of fold[role]) lines.push([variant.id, f, role, r.mirnaId, r.lncrnaId, r.label].join("\t"));
    });
  }
  writeFileSync(join(out, "pairs.tsv"), lines.join("\n") + "\n");
  console.log(`gclmi graph data → ${out} (${lines.length - 1} variant rows)`);
});

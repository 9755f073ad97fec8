// npm run parity:pairs -- --spec FILE [--out DIR] [--count 200] [--seed 7]
// Generated pairs (random lncRNAs with planted complementary sites; never data-dir sequences) encoded
// with an encoding spec through the serving featurizer, for a training script to score with its
// PyTorch model and write test/fixtures/parity/<model>.json: {pairs, scores}. The parity test then
// scores the same pairs through the served ONNX and compares.
//   <out>/features.npy  float32 [count × dims]
//   <out>/pairs.json    [{id, mirna, lncrna}]
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { featureLength, pairFeatures } from "../../functions/features/pair-features.ts";
import { generatedPairs } from "../lib/fixture-pairs.ts";
import { readEncodingSpec } from "../lib/encoding-spec.ts";
import { parseCli, runCli } from "../lib/cli.ts";
import { loadEncoders } from "../lib/kernels-node.ts";
import { writeNpy } from "../lib/npy.ts";
import { buildDir } from "../lib/paths.ts";

const usage = "usage: npm run parity:pairs -- --spec FILE [--out DIR] [--count 200] [--seed 7]";

runCli(() => {
  const { values } = parseCli(usage, {
    spec: { type: "string" },
    out: { type: "string" },
    count: { type: "string" },
    seed: { type: "string" },
  });
  if (values.help) return console.log(usage);
  if (!values.spec) throw new Error(`no --spec given\n\n${usage}`);
  const count = Number(values.count ?? 200);
  const seed = Number(values.seed ?? 7);
  if (!Number.isInteger(count) || count < 1) throw new Error(`--count must be a positive integer, got ${values.count}`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`);
  const { id, spec } = readEncodingSpec(resolve(values.spec));
  const out = resolve(values.out ?? join(buildDir, "parity", id));
  const encoders = loadEncoders();
  const pairs = generatedPairs(count, seed);
  const dims = featureLength(spec);
  const features = new Float32Array(count * dims);
  pairs.forEach((p, i) =>
    pairFeatures(
      encoders,
      spec,
      encoders.normalize(p.mirna).codes,
      encoders.normalize(p.lncrna).codes,
      features.subarray(i * dims, (i + 1) * dims),
    ),
  );
  mkdirSync(out, { recursive: true });
  writeNpy(join(out, "features.npy"), features, [count, dims]);
  writeFileSync(join(out, "pairs.json"), JSON.stringify(pairs) + "\n");
  console.log(`${count} generated pairs × ${dims} features (${basename(values.spec)}) → ${out}`);
});

// npx tsx scripts/train/ensemble-inputs.ts --member NAME [--member NAME …] [--dataset NAME …] [--data-dir DIR] [--out DIR]
// What the ensemble's stacker is fitted on: each member's served score (AS kernels + onnxruntime-web,
// as the worker computes it) on the rows that every member held out — each member's card says which
// datasets it trained on and how it split them (lncRNA-grouped, or by pair for a graph model that must
// keep its nodes known) — and on the generated parity pairs.
//   <out>/scores.npy   float32 [rows × members]   <out>/labels.npy int8 [rows]   <out>/dataset.npy int8 [rows]
//   <out>/parity-scores.npy float32 [200 × members], <out>/parity-pairs.json, <out>/meta.json
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { SingleBar, Presets } from "cli-progress";
import type { EncodedPair, ServedModel } from "../../functions/inference/pipeline.ts";
import { generatedPairs } from "../../test/fixtures-pairs.ts";
import { loadLabelledPairs } from "../data/datasets.ts";
import { heldOutBy, trainingDatasets } from "../evaluate/training-overlap.ts";
import { parseCli, runCli } from "../lib/cli.ts";
import { loadEncoders } from "../lib/kernels-node.ts";
import { nodeModelRegistry } from "../lib/node-runtime.ts";
import { writeNpy } from "../lib/npy.ts";
import { buildDir, resolveDataDir } from "../lib/paths.ts";

const BATCH = 128;
const usage = "usage: npx tsx scripts/train/ensemble-inputs.ts --member NAME [--member NAME …] [--dataset NAME …] [--data-dir DIR] [--out DIR]";

/** [pairs × members] served scores; every member sees the same encoded pairs (one duplex run each). */
async function memberScores(members: ServedModel[], pairs: EncodedPair[], onBatch?: (done: number) => void): Promise<Float32Array> {
  const out = new Float32Array(pairs.length * members.length);
  for (let start = 0; start < pairs.length; start += BATCH) {
    const batch = pairs.slice(start, start + BATCH);
    for (const [k, member] of members.entries()) {
      (await member.predict(batch, 0)).forEach((p, r) => (out[(start + r) * members.length + k] = p.score));
    }
    onBatch?.(start + batch.length);
  }
  return out;
}

runCli(async () => {
  const { values } = parseCli(usage, { member: { type: "string", multiple: true }, dataset: { type: "string", multiple: true }, "data-dir": { type: "string" }, out: { type: "string" } });
  if (values.help) return console.log(usage);
  if (!values.member?.length) throw new Error(`no --member given\n\n${usage}`);
  const dataDir = resolveDataDir(values["data-dir"]);
  const out = resolve(values.out ?? join(buildDir, "ensemble"));
  const registry = nodeModelRegistry();
  const members = await Promise.all(values.member.map((name) => {
    if (!registry.card(name)) throw new Error(`no model ${name} in models/ (have: ${registry.names().join(", ")})`);
    return registry.get(name);
  }));
  const cards = members.map((m) => m.card);
  const datasets = values.dataset?.length ? values.dataset : [...new Set(cards.flatMap((c) => trainingDatasets(c, (n) => registry.card(n))))];
  const encoders = loadEncoders();
  const encode = (p: { mirna: string; lncrna: string }): EncodedPair => ({ mirna: encoders.normalize(p.mirna).codes, lncrna: encoders.normalize(p.lncrna).codes });

  const scores: Float32Array[] = [];
  const labels: number[] = [];
  const datasetOf: number[] = [];
  const counts: Record<string, { rows: number; positive: number }> = {};
  for (const [d, name] of datasets.entries()) {
    const heldOut = cards.map((card) => heldOutBy(card, name, (n) => registry.card(n)));
    const rows = loadLabelledPairs(name, dataDir).pairs.filter((p) => heldOut.every((h) => h(p)));
    const bar = new SingleBar({ format: `${name.padEnd(24)} {bar} {value}/{total} validation pairs`, etaBuffer: 50 }, Presets.shades_classic);
    bar.start(rows.length, 0);
    scores.push(await memberScores(members, rows.map(encode), (done) => bar.update(done)));
    bar.stop();
    rows.forEach((p) => (labels.push(p.label), datasetOf.push(d)));
    counts[name] = { rows: rows.length, positive: rows.filter((p) => p.label === 1).length };
  }
  const parityPairs = generatedPairs(200, 7);
  const parity = await memberScores(members, parityPairs.map(encode));

  mkdirSync(out, { recursive: true });
  const flat = new Float32Array(labels.length * members.length);
  let offset = 0;
  for (const s of scores) (flat.set(s, offset), (offset += s.length));
  writeNpy(join(out, "scores.npy"), flat, [labels.length, members.length]);
  writeNpy(join(out, "labels.npy"), Int8Array.from(labels), [labels.length]);
  writeNpy(join(out, "dataset.npy"), Int8Array.from(datasetOf), [labels.length]);
  writeNpy(join(out, "parity-scores.npy"), parity, [parityPairs.length, members.length]);
  writeFileSync(join(out, "parity-pairs.json"), JSON.stringify(parityPairs) + "\n");
  const meta = {
    members: values.member,
    datasets,
    split: {
      rule: "rows every member held out (each member's own holdout by its card: lncRNA-grouped or by pair); official test rows excluded",
      members: Object.fromEntries(cards.map((c) => [c.name, (c.training as { split?: unknown }).split ?? null])),
    },
    counts,
  };
  writeFileSync(join(out, "meta.json"), JSON.stringify(meta, null, 2) + "\n");
  console.log(`${labels.length} validation rows × ${members.length} members → ${out}`);
});

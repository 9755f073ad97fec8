// npx tsx scripts/train/ensemble-inputs.ts --member NAME [--member NAME …] [--gate SPEC.json] [--dataset NAME …]
//   [--variant ID] [--data-dir DIR] [--out DIR]
// What the ensemble's stacker is fitted on: each member's served score (AS kernels + onnxruntime-web,
// as the worker computes it) on the rows that every member held out — each member's card says which
// datasets it trained on and how it split them (lncRNA-grouped, or by pair for a graph model that must
// keep its nodes known) — and on the generated parity pairs.
//   <out>/scores.npy   float32 [rows × members]   <out>/labels.npy int8 [rows]   <out>/dataset.npy int8 [rows]
//   <out>/drawn.npy int8 [rows] (a negative drawn over a species' miRNAs)   <out>/group.npy int32 [rows]
//   (the row's lncRNA similarity group, for the stacker's grouped cross-validation)
//   <out>/parity-scores.npy float32 [200 × members], <out>/parity-pairs.json, <out>/meta.json
//   (gate-species.npy int8: each gate-train row's corpus species, -1 for dataset rows)
// With --gate (a feature encoding spec, as for featurize --spec): the gate's features of the same rows
// (gate.npy, parity-gate.npy) and of what the gate learns the domains from (gate-train.npy float32,
// gate-domain.npy int8, the dataset's index): every non-test row of each dataset, and — because the
// plant training pairs are A. thaliana only and a gate trained on them alone routed other plants'
// pairs to the human head — CANTATA lncRNAs of 14 more plant species, each paired with a random PMRD
// miRNA, labelled as the plant dataset (--plant-corpus-as). Medicago is left out: a plant test set is
// M. truncatula; A. lyrata and S. lycopersicum are not in the corpus.
// With --known-lncrnas (and --gate): the gate's encoding gains a last part, `known`, the keys of the
// human dataset's lncRNAs the members trained on (a fold's train rows; else every non-test row); the
// stacker scores a lncRNA outside them with its novel head in place of the human head (ensemble.py).
// With --mirna-domains (and --gate): the gate's encoding gains, before `known`, one `known` miRNA part per
// stacking head (scripts/train/mirna-lists.ts): a listed miRNA gives its head weight 1 in the graph
// (ensemble.py), whatever the gate would weigh. The gate itself is fitted without those columns.
// With --variant (a human harness variant, e.g. ncrnainter-human-cold): a fold ensemble's inputs —
// members may be fold models (models/folds), the human rows are the variant's validation rows and the
// gate learns from its train and validation rows only, so nothing of its test rows is seen.
// With --species-negatives hsa: the human rows the heads are fitted on gain negatives drawn over all
// miRBase-18 human miRNAs (scripts/train/species-negatives.ts), as many again per lncRNA as its negatives
// among those rows (so each lncRNA's odds of a positive keep their proportions), never a miRNA that only
// the other rows (a fold's test rows included) hold. Members trained with such negatives score a miRNA
// outside the benchmark's vocabulary low; heads fitted on the benchmark's rows alone never see such a
// miRNA and cannot learn which member to trust for it.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { SingleBar, Presets } from "cli-progress";
import { featureLength, pairFeatures, type FeatureEncoding } from "../../functions/features/pair-features.ts";
import type { EncodedPair, ServedModel } from "../../functions/inference/pipeline.ts";
import type { Encoders } from "../../functions/kernels/encoders.ts";
import { generatedPairs } from "../lib/fixture-pairs.ts";
import { loadLabelledPairs } from "../data/datasets.ts";
import { heldOutBy, trainingDatasets } from "../evaluate/training-overlap.ts";
import { parseCli, runCli } from "../lib/cli.ts";
import { loadEncoders } from "../lib/kernels-node.ts";
import { nodeModelRegistry, ortWasmFromNodeModules, readModelBundles } from "../lib/node-runtime.ts";
import { ModelRegistry } from "../../functions/inference/registry.ts";
import { DEFAULT_MODEL } from "../../functions/models/default.ts";
import type { LabelledPair } from "../data/pairs.ts";
import { humanVariantFold, SIMILARITY_THRESHOLD } from "../evaluate/benchmarks.ts";
import { lncrnaGroups } from "../data/similarity.ts";
import { servedModelOf } from "../evaluate/fold-models.ts";
import type { ModelCard } from "../../functions/models/card.ts";
import { writeNpy } from "../lib/npy.ts";
import { buildDir, modelsDir, resolveDataDir } from "../lib/paths.ts";
import { readEncodingSpec } from "../lib/encoding-spec.ts";
import { readdirSync, readFileSync } from "node:fs";
import { parseFasta } from "../data/fasta.ts";
import { seededRandom } from "../lib/random.ts";
import { sequenceKey } from "../../functions/features/known-lncrnas.ts";
import { mirnaLists, type MirnaLists } from "./mirna-lists.ts";
import { drawSpeciesNegatives, fittedRowsAsTrain, type SpeciesNegativesMeta } from "./species-negatives.ts";

/**
 * Per row, an index of its lncRNA's similarity group (as the benchmark's cold splits group lncRNAs: 8-mer
 * MinHash or shared exact stretches), so that the stacker's cross-validation keeps a lncRNA's rows, and
 * its isoforms', in one fold.
 */
function lncrnaGroupIndex(encoders: Encoders, lncrnaOf: readonly string[]): Int32Array {
  const sequences = [...new Set(lncrnaOf)];
  const codes = sequences.map((s) => encoders.normalize(s).codes);
  const labels = lncrnaGroups(
    encoders,
    sequences.map((_, i) => String(i).padStart(8, "0")),
    codes,
    SIMILARITY_THRESHOLD,
  );
  const groupOf = new Map(sequences.map((s, i) => [s, labels[i]!]));
  const index = new Map([...new Set(labels)].map((label, i) => [label, i]));
  return Int32Array.from(lncrnaOf, (s) => index.get(groupOf.get(s)!)!);
}

/** Species with a benchmark test set, kept out of the gate's plant corpus. */
const GATE_CORPUS_EXCLUDED = ["Medicago_truncatula"];
const GATE_CORPUS_PER_SPECIES = 600;

/** CANTATA lncRNAs (GATE_CORPUS_PER_SPECIES per species file, seeded draw) each with a random PMRD miRNA. */
function plantCorpusPairs(
  dataDir: string,
  encoders: Encoders,
  seed = 17,
): { pairs: EncodedPair[]; species: string[]; speciesOf: number[] } {
  const random = seededRandom(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  const usable = (sequence: string) => {
    try {
      return encoders.normalize(sequence.toUpperCase()).codes;
    } catch {
      return undefined; // a symbol the normalizer rejects: left out, as the rna2vec corpus does
    }
  };
  const mirnas = parseFasta(readFileSync(join(dataDir, "premli", "mirna", "all_mature.fasta"), "utf8")).flatMap(
    (r) => usable(r.sequence) ?? [],
  );
  const dir = join(dataDir, "premli", "cantata_lncrna");
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".fasta") && !GATE_CORPUS_EXCLUDED.some((x) => f.startsWith(x)))
    .sort();
  const pairs: EncodedPair[] = [];
  const speciesOf: number[] = [];
  for (const [s, file] of files.entries()) {
    const lncrnas = parseFasta(readFileSync(join(dir, file), "utf8")).flatMap((r) => usable(r.sequence) ?? []);
    for (let i = 0; i < Math.min(GATE_CORPUS_PER_SPECIES, lncrnas.length); i++) {
      pairs.push({ lncrna: pick(lncrnas), mirna: pick(mirnas) });
      speciesOf.push(s);
    }
  }
  return { pairs, species: files.map((f) => f.replace(/_lncrnas\.fasta$/, "")), speciesOf };
}

/**
 * A human variant's train and validation rows. Its test rows are read only for the miRNAs and pairs that
 * extra negatives must avoid; no score, feature or label of them reaches the stacker.
 */
function variantFold(
  id: string,
  dataDir: string,
  encoders: Encoders,
): { dataset: string; train: LabelledPair[]; validation: LabelledPair[]; test: LabelledPair[] } {
  const { fold } = humanVariantFold(id, { dataDir, encoders });
  return {
    dataset: "ncrnainter-human",
    train: fold.train as LabelledPair[],
    validation: fold.validation as LabelledPair[],
    test: fold.test as LabelledPair[],
  };
}

/**
 * The card whose split says which rows of a dataset a member held out. A fold model's card records its
 * variant's roles; its other datasets were split as its served model's were (the same featurize holdout).
 */
function splitCardOf(card: ModelCard, served: (name: string) => ModelCard | undefined, names: string[]): ModelCard {
  if (!(card.training as { variant?: string }).variant) return card;
  const name = servedModelOf(card.name, names);
  return (name && served(name)) || card;
}

/** The human head's dataset: the lncRNAs a new-lncRNA route calls known are its training rows'. */
const HUMAN_DATASET = "ncrnainter-human";

const BATCH = 128;
const usage =
  "usage: npx tsx scripts/train/ensemble-inputs.ts --member NAME [--member NAME …] [--gate SPEC.json] [--mirna-domains] [--known-lncrnas] [--species-negatives hsa] [--dataset NAME …] [--variant ID] [--data-dir DIR] [--out DIR]";

/** [pairs × featureLength(spec)] gate features through the serving featurizer. */
function gateFeatures(encoders: Encoders, spec: FeatureEncoding, pairs: EncodedPair[]): Float32Array {
  const width = featureLength(spec);
  const out = new Float32Array(pairs.length * width);
  pairs.forEach((p, r) => pairFeatures(encoders, spec, p.mirna, p.lncrna, out.subarray(r * width, (r + 1) * width), 0));
  return out;
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** [pairs × members] served scores; every member sees the same encoded pairs (one duplex run each). */
async function memberScores(
  members: ServedModel[],
  pairs: EncodedPair[],
  onBatch?: (done: number) => void,
): Promise<Float32Array> {
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
  const { values } = parseCli(usage, {
    member: { type: "string", multiple: true },
    gate: { type: "string" },
    "mirna-domains": { type: "boolean" },
    "known-lncrnas": { type: "boolean" },
    "plant-corpus-as": { type: "string" },
    "species-negatives": { type: "string" },
    dataset: { type: "string", multiple: true },
    variant: { type: "string" },
    "data-dir": { type: "string" },
    out: { type: "string" },
  });
  if (values.help) return console.log(usage);
  if (!values.member?.length) throw new Error(`no --member given\n\n${usage}`);
  const dataDir = resolveDataDir(values["data-dir"]);
  const out = resolve(values.out ?? join(buildDir, "ensemble"));
  const encoders = loadEncoders();
  const registry = values.variant
    ? new ModelRegistry(
        [
          ...readModelBundles(),
          // fold models that serve sequences (the EPLMI graph folds have no encoding)
          ...readModelBundles(join(modelsDir, "folds")).filter((b) => (b.card as { encoding?: unknown }).encoding),
        ],
        encoders,
        ortWasmFromNodeModules(),
        DEFAULT_MODEL,
      )
    : nodeModelRegistry();
  const fold = values.variant ? variantFold(values.variant, dataDir, encoders) : undefined;
  // a fold model's split is its served model's: never another fold model's whose name it extends
  const servedNames = registry.names().filter((n) => !(registry.card(n)!.training as { variant?: string }).variant);
  const members = await Promise.all(
    values.member.map((name) => {
      if (!registry.card(name)) throw new Error(`no model ${name} in models/ (have: ${registry.names().join(", ")})`);
      return registry.get(name);
    }),
  );
  const cards = members.map((m) => m.card);
  const datasets = values.dataset?.length
    ? values.dataset
    : [...new Set(cards.flatMap((c) => trainingDatasets(c, (n) => registry.card(n))))];
  const encode = (p: { mirna: string; lncrna: string }): EncodedPair => ({
    mirna: encoders.normalize(p.mirna).codes,
    lncrna: encoders.normalize(p.lncrna).codes,
  });
  let gate = values.gate ? readEncodingSpec(values.gate).spec : undefined;
  let novel: { head: string; dataset: string; lncrnas: number } | undefined;
  let listed: MirnaLists["meta"] | undefined;
  if (values["mirna-domains"]) {
    if (gate?.name !== "composite") throw new Error("--mirna-domains needs a --gate whose encoding is composite");
    const lists = mirnaLists(dataDir, encoders);
    gate = { ...gate, parts: [...gate.parts, ...lists.parts] };
    listed = lists.meta;
  }
  if (values["known-lncrnas"]) {
    if (gate?.name !== "composite") throw new Error("--known-lncrnas needs a --gate whose encoding is composite");
    const trained = fold
      ? fold.train
      : loadLabelledPairs(HUMAN_DATASET, dataDir).pairs.filter((p) => p.split !== "test");
    const keys = [...new Set(trained.map((p) => sequenceKey(encoders.normalize(p.lncrna).codes)))].sort();
    gate = { ...gate, parts: [...gate.parts, { kind: "known", rna: "lncrna", keys }] };
    novel = { head: "human", dataset: HUMAN_DATASET, lncrnas: keys.length };
  }
  const gateRows: Float32Array[] = [];
  const gateTrain: Float32Array[] = [];
  const gateDomain: number[] = [];
  const gateSpecies: number[] = []; // per gate-train row: the corpus species' index, -1 for dataset rows

  const scores: Float32Array[] = [];
  const labels: number[] = [];
  const datasetOf: number[] = [];
  const drawn: number[] = []; // 1 for a negative drawn over a species' miRNAs, 0 for a dataset row
  const lncrnaOf: string[] = []; // each row's lncRNA sequence, for the stacker's lncRNA-grouped folds
  const counts: Record<string, { rows: number; positive: number; speciesNegatives?: number }> = {};
  const negativesOver = values["species-negatives"];
  let extraNegatives: SpeciesNegativesMeta | undefined;
  if (negativesOver && !datasets.includes(HUMAN_DATASET))
    throw new Error(`--species-negatives ${negativesOver}: no member trained on ${HUMAN_DATASET}`);
  for (const [d, name] of datasets.entries()) {
    const ofFold = fold?.dataset === name;
    const heldOut = ofFold
      ? []
      : cards.map((card) =>
          heldOutBy(
            splitCardOf(card, (n) => registry.card(n), servedNames),
            name,
            (n) => registry.card(n),
          ),
        );
    const all = ofFold ? [...fold.train, ...fold.validation] : loadLabelledPairs(name, dataDir).pairs;
    const heldRows = ofFold ? fold.validation : all.filter((p) => heldOut.every((h) => h(p)));
    const extra =
      negativesOver && name === HUMAN_DATASET
        ? drawSpeciesNegatives(
            encoders,
            name,
            fittedRowsAsTrain(heldRows, ofFold ? [...all, ...fold.test] : all),
            negativesOver,
            dataDir,
            "negative",
          )
        : undefined;
    if (extra) extraNegatives = extra.meta;
    const rows = [...heldRows, ...(extra?.negatives ?? [])];
    if (gate) {
      const train = ofFold ? all : all.filter((p) => p.split !== "test"); // a fold's own roles, not the official split
      gateTrain.push(gateFeatures(encoders, gate, train.map(encode)));
      train.forEach(() => (gateDomain.push(d), gateSpecies.push(-1)));
      gateRows.push(gateFeatures(encoders, gate, rows.map(encode)));
    }
    const bar = new SingleBar(
      { format: `${name.padEnd(24)} {bar} {value}/{total} validation pairs`, etaBuffer: 50 },
      Presets.shades_classic,
    );
    bar.start(rows.length, 0);
    scores.push(await memberScores(members, rows.map(encode), (done) => bar.update(done)));
    bar.stop();
    rows.forEach((p, i) => {
      labels.push(p.label);
      datasetOf.push(d);
      drawn.push(i < heldRows.length ? 0 : 1);
      lncrnaOf.push(p.lncrna);
    });
    counts[name] = {
      rows: rows.length,
      positive: rows.filter((p) => p.label === 1).length,
      ...(extra && { speciesNegatives: extra.negatives.length }),
    };
  }
  let corpus: { rows: number; species: string[]; as: string } | undefined;
  if (gate) {
    const as = values["plant-corpus-as"] ?? "pmlipred-trainval-ath";
    const d = datasets.indexOf(as);
    if (d < 0) throw new Error(`--plant-corpus-as ${as}: not one of the datasets (${datasets.join(", ")})`);
    const { pairs, species, speciesOf } = plantCorpusPairs(dataDir, encoders);
    gateTrain.push(gateFeatures(encoders, gate, pairs));
    pairs.forEach(() => gateDomain.push(d));
    gateSpecies.push(...speciesOf);
    corpus = { rows: pairs.length, species, as };
  }
  const parityPairs = generatedPairs(200, 7);
  const parity = await memberScores(members, parityPairs.map(encode));

  mkdirSync(out, { recursive: true });
  writeNpy(join(out, "scores.npy"), concat(scores), [labels.length, members.length]);
  if (gate) {
    const width = featureLength(gate);
    writeNpy(join(out, "gate.npy"), concat(gateRows), [labels.length, width]);
    writeNpy(join(out, "gate-train.npy"), concat(gateTrain), [gateDomain.length, width]);
    writeNpy(join(out, "gate-domain.npy"), Int8Array.from(gateDomain), [gateDomain.length]);
    writeNpy(join(out, "gate-species.npy"), Int8Array.from(gateSpecies), [gateSpecies.length]);
    writeNpy(join(out, "parity-gate.npy"), gateFeatures(encoders, gate, parityPairs.map(encode)), [
      parityPairs.length,
      width,
    ]);
  }
  writeNpy(join(out, "labels.npy"), Int8Array.from(labels), [labels.length]);
  writeNpy(join(out, "dataset.npy"), Int8Array.from(datasetOf), [labels.length]);
  writeNpy(join(out, "drawn.npy"), Int8Array.from(drawn), [labels.length]);
  writeNpy(join(out, "group.npy"), lncrnaGroupIndex(encoders, lncrnaOf), [labels.length]);
  writeNpy(join(out, "parity-scores.npy"), parity, [parityPairs.length, members.length]);
  writeFileSync(join(out, "parity-pairs.json"), JSON.stringify(parityPairs) + "\n");
  const meta = {
    members: values.member,
    ...(values.variant ? { variant: values.variant } : {}),
    ...(gate ? { gate: { ...gate, dims: featureLength(gate) }, gateRows: gateDomain.length, gateCorpus: corpus } : {}),
    ...(novel ? { novel } : {}),
    ...(listed ? { mirnaLists: listed } : {}),
    ...(extraNegatives ? { speciesNegatives: extraNegatives } : {}),
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

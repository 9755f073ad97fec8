// `npm run evaluate -- --pairs FILE`: scores a user's labelled pair file with a committed model
// (serving path) and, when the data dir is there, the baselines fitted on that model's training set;
// reports the metrics with CIs and the leakage checks the benchmark files fail.
import { existsSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { InvalidSymbolError } from "../../functions/kernels/encoders.ts";
import type { ModelCard } from "../../functions/models/card.ts";
import { datasetByName } from "../data/datasets.ts";
import { fastaMap } from "../data/fasta.ts";
import {
  detectFormat,
  parseCanonicalTsv,
  parseSeparatedPairs,
  parseSplicedPairs,
  PAIR_FORMATS,
} from "../data/formats.ts";
import { baseId, finishLoad, joinSequences, pairKey, toRna, type LabelledPair } from "../data/pairs.ts";
import { readData } from "../data/pmlipred.ts";
import { groupHoldout, SPLIT_SEED, VALIDATION_FRACTION } from "../data/splits.ts";
import { loadEncoders } from "../lib/kernels-node.ts";
import { nodeModelRegistry } from "../lib/node-runtime.ts";
import { defaultDataDir, hasDataDir, resolveDataDir } from "../lib/paths.ts";
import { FeatureCache, scorers, type ScoringRow } from "./baselines.ts";
import type { Variant } from "./benchmarks.ts";
import type { MfeOptions } from "./rnahybrid.ts";
import { variantSection } from "./report.ts";
import { runVariant } from "./runner.ts";
import { trainingDatasets, trainingSet } from "./training-overlap.ts";

export interface UserFileOptions {
  file: string;
  model: string;
  mirnas?: string;
  dataDirFlag?: string;
  rnahybrid: MfeOptions | false;
  resamples: number;
}

/** Every sequence each miRNA id has in the data dir's miRNA sources (to split spliced files). */
function dataDirMirnas(dataDir: string): Map<string, string[]> {
  const library = new Map<string, Set<string>>();
  const add = (id: string, seq: string) =>
    library.set(baseId(id), (library.get(baseId(id)) ?? new Set()).add(toRna(seq)));
  for (const name of [
    "pmlipred-test-aly",
    "pmlipred-test-sly",
    "pmlipemg-testseth-aly",
    "pmlipemg-testseth-mtr",
    "pmlipred-trainval",
    "ncrnainter-human",
  ]) {
    for (const [id, seq] of datasetByName(name).load(dataDir).sequences.mirna) add(id, seq);
  }
  for (const path of ["premli/mirna/all_mature.fasta", "lncrnasnp2_validated/homo_mature_mirna.fa"]) {
    for (const [id, seq] of fastaMap(readData(dataDir, path), path)) add(id, seq);
  }
  return new Map([...library].map(([id, seqs]) => [id, [...seqs]]));
}

function parseUserFile(
  file: string,
  text: string,
  mirnaLibrary: () => Map<string, string | string[]>,
): { pairs: LabelledPair[]; format: keyof typeof PAIR_FORMATS } {
  const format = detectFormat(text, file);
  const context = { species: "unknown", split: "test" } as const;
  if (format === "canonical-tsv") return { pairs: parseCanonicalTsv(text, file), format };
  if (format !== "pmlipred-spliced") return { pairs: parseSeparatedPairs(text, file, context, format), format };
  const { pairs, unsplit } = parseSplicedPairs(text, file, context, mirnaLibrary());
  if (unsplit.length) {
    const examples = unsplit
      .slice(0, 3)
      .map((r) => r.mirnaId)
      .join(", ");
    throw new Error(
      `${file}: ${unsplit.length} spliced rows cannot be split: their miRNA (${examples}…) is not among the known miRNA sequences or is not a prefix of the sequence; pass --mirnas FASTA with them`,
    );
  }
  return { pairs, format };
}

export interface BaselineSplit {
  seed: number;
  fraction: number;
  by: "lncrna" | "pair";
  description: string;
}

/**
 * The train/validation split the baselines are fitted with: the model's own when its card gives a seed
 * and fraction; otherwise (an ensemble's card describes its members' holdouts in words) the trainers'
 * default lncRNA-grouped holdout.
 */
export function baselineSplit(card: ModelCard): BaselineSplit {
  const split = (card.training as { split?: { seed?: number; fraction?: number; by?: "lncrna" | "pair" } }).split;
  const by = split?.by ?? "lncrna";
  const grouped = by === "pair" ? "by pair" : "lncRNA-grouped";
  if (split?.seed !== undefined && split.fraction !== undefined)
    return {
      seed: split.seed,
      fraction: split.fraction,
      by,
      description: `its train/validation split (${grouped}, seed ${split.seed}, ${100 * split.fraction} % validation)`,
    };
  return {
    seed: SPLIT_SEED,
    fraction: VALIDATION_FRACTION,
    by: "lncrna",
    description: `the trainers' default holdout (its card gives no single split: lncRNA-grouped, seed ${SPLIT_SEED}, ${100 * VALIDATION_FRACTION} % validation)`,
  };
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
};

export async function evaluateUserFile(options: UserFileOptions): Promise<string> {
  const file = resolve(options.file);
  if (!existsSync(file) || !statSync(file).isFile()) throw new Error(`--pairs ${options.file}: no such file`);
  const dataDir = options.dataDirFlag
    ? resolveDataDir(options.dataDirFlag)
    : hasDataDir()
      ? defaultDataDir()
      : undefined;
  const registry = nodeModelRegistry();
  if (!registry.card(options.model))
    throw new Error(`--model ${options.model}: no such model (have: ${registry.names().join(", ")})`);
  const library = (): Map<string, string | string[]> => {
    if (options.mirnas)
      return new Map(
        [...fastaMap(readFileSync(resolve(options.mirnas), "utf8"), options.mirnas)].map(([id, s]) => [id, toRna(s)]),
      );
    if (dataDir) return dataDirMirnas(dataDir);
    throw new Error(
      `${options.file}: the spliced format needs the miRNA sequences to split it: pass --mirnas FASTA (or have the data dir)`,
    );
  };
  const { pairs: parsed, format } = parseUserFile(options.file, readFileSync(file, "utf8"), library);
  const encoders = loadEncoders();
  for (const p of parsed) {
    for (const which of ["mirna", "lncrna"] as const) {
      try {
        encoders.normalize(p[which]);
      } catch (error) {
        if (error instanceof InvalidSymbolError)
          throw new Error(`${options.file}: ${which} of ${p.mirnaId}/${p.lncrnaId}: ${error.message}`, {
            cause: error,
          });
        throw error;
      }
    }
  }
  const loaded = finishLoad(parsed);
  const rows: ScoringRow[] = joinSequences(loaded.pairs, loaded.sequences).pairs;
  const positives = rows.filter((r) => r.label === 1).length;
  if (positives === 0 || positives === rows.length)
    throw new Error(
      `${options.file}: evaluation needs both classes; the file has ${positives} positive and ${rows.length - positives} negative pairs`,
    );

  const model = await registry.get(options.model);
  const datasets = trainingDatasets(model.card, (name) => registry.card(name));
  const train: ScoringRow[] = [];
  const validation: ScoringRow[] = [];
  const notes: string[] = [];
  const trainedOn = dataDir
    ? trainingSet(datasets, dataDir)
    : { pairs: new Set<string>(), lncrnas: new Set<string>(), mirnas: new Set<string>() };
  const allScorers = scorers({
    features: new FeatureCache(encoders),
    models: [{ name: options.model, model, trainedOn }],
    encoders,
    rnahybrid: options.rnahybrid,
  });
  let use = allScorers.filter((s) => s.kind === "model");
  const split = baselineSplit(model.card);
  if (dataDir && datasets.length) {
    for (const name of datasets) {
      const trainval = datasetByName(name).load(dataDir);
      const trainRows = joinSequences(trainval.pairs, trainval.sequences).pairs.filter((r) => r.split !== "test");
      const side = groupHoldout(
        trainRows.map((r) => (split.by === "pair" ? pairKey(r) : r.lncrnaId)),
        split.fraction,
        split.seed,
      );
      train.push(...trainRows.filter((_, i) => side[i] === "train"));
      validation.push(...trainRows.filter((_, i) => side[i] === "validation"));
    }
    use = allScorers;
    notes.push(`baselines fitted on ${datasets.join(" + ")} (the model's training data), ${split.description}`);
  } else {
    notes.push("no data dir: baselines (fitted on the model's training set) are left out");
  }
  const variant: Variant = {
    id: "user-file",
    benchmark: options.file,
    variant: `${options.file} scored by ${options.model}`,
    split: `the whole file is test (${positives}/${rows.length - positives})`,
    folds: [{ train, validation, test: rows, trainKey: "user" }],
    notes,
    anchors: [],
    heldOut: ["lncrna"],
  };
  const result = await runVariant(variant, use, new Map(), {
    resamples: options.resamples,
    within: (r) => r.lncrnaId,
  });
  const byClass = (label: 0 | 1, f: (r: LabelledPair) => number) =>
    median(rows.filter((r) => r.label === label).map((r) => f(r as LabelledPair)));
  const gc = (s: string) => {
    const composition = encoders.kmerFrequencies(encoders.normalize(s).codes, 1);
    return composition[1]! + composition[2]!;
  };
  const lncrnaClasses = new Map<string, Set<number>>();
  for (const r of rows) lncrnaClasses.set(r.lncrnaId, (lncrnaClasses.get(r.lncrnaId) ?? new Set()).add(r.label));
  const shared = [...lncrnaClasses.values()].filter((s) => s.size === 2).length;
  return [
    `# Evaluation of ${options.file}`,
    "",
    `Format: ${format} (${PAIR_FORMATS[format]}). Rows ${loaded.report.rows}; pairs kept ${loaded.report.kept} (${loaded.report.duplicates} duplicate rows merged, ${loaded.report.conflicting} pairs with both labels dropped).`,
    ...loaded.report.notes.map((n) => `Note: ${n}.`),
    "",
    "Shortcut checks:",
    `- lncRNAs in both classes: ${shared} of ${lncrnaClasses.size}${shared === 0 ? " — positives and negatives never share a lncRNA, so a model fitted on data built this way can score by lncRNA identity alone" : ""}.`,
    `- median lncRNA length: positives ${byClass(1, (r) => r.lncrna.length)}, negatives ${byClass(0, (r) => r.lncrna.length)} nt; median lncRNA GC: positives ${byClass(1, (r) => gc(r.lncrna)).toFixed(3)}, negatives ${byClass(0, (r) => gc(r.lncrna)).toFixed(3)}.`,
    "",
    variantSection(result, undefined),
    "",
  ].join("\n");
}

// The scorers of the benchmark: the committed model(s) through the serving path, and the shortcut and
// classical baselines. Each is fitted on a fold's training rows only and returns a scoring function;
// every sequence feature comes from the AS-kernel featurizer (pairFeatures), never re-implemented.
import { DEFAULT_ENCODING, featureLength, featureNames } from "../../functions/features/pair-features.ts";
import type { Encoders } from "../../functions/kernels/encoders.ts";
import type { Codes } from "../../functions/kernels/codes.ts";
import type { ServedModel } from "../../functions/inference/pipeline.ts";
import type { LabelledPair, PairRow } from "../data/pairs.ts";
import { featurizePairs } from "../lib/featurize-pairs.ts";
import { rocAuc } from "./metrics.ts";
import { rnahybridMfe, type MfeOptions } from "./rnahybrid.ts";
import { scoreLabelledPairs } from "./score.ts";
import { describeOverlap, type TrainingSet } from "./training-overlap.ts";
import { fitLogistic } from "./logistic.ts";
import { IsoformReference, mostCanonicalSites } from "../../functions/features/isoforms.ts";

/** A canonical row, with its sequences when the dataset has them. */
export type ScoringRow = PairRow & Partial<Pick<LabelledPair, "mirna" | "lncrna">>;
export type ScoreFn = (rows: ScoringRow[]) => Promise<Float64Array>;

export interface Fitted {
  score: ScoreFn;
  /** A threshold fixed by the scorer itself (a served model's card); otherwise chosen on validation. */
  threshold?: number;
  /** How the fit went, in words (e.g. the direction chosen). */
  note?: string;
  /** What to say about the test rows (a committed model: how many it trained on). */
  describeTest?(rows: ScoringRow[]): string | undefined;
}

export interface Scorer {
  name: string;
  kind: "model" | "baseline";
  description: string;
  needsSequences: boolean;
  /** At most this many validation rows are scored to choose the threshold (slow scorers). */
  validationCap?: number;
  /** At most this many test rows are scored (slow scorers; a class-stratified subsample, stated in the table). */
  testCap?: number;
  /** `trainKey` names the fold (Fold.trainKey): a scorer of per-fold models picks the fold's own model by it. */
  fit(train: ScoringRow[], trainKey?: string): Promise<Fitted>;
}

const withSequences = (rows: ScoringRow[]): LabelledPair[] =>
  rows.map((r) => {
    if (r.mirna === undefined || r.lncrna === undefined)
      throw new Error(`no sequences for ${r.mirnaId}/${r.lncrnaId} (${r.source})`);
    return r as LabelledPair;
  });

/** Kernel features of rows, computed once per (ids, sequence lengths) and reused across folds and scorers. */
export class FeatureCache {
  readonly dims = featureLength(DEFAULT_ENCODING);
  readonly names = featureNames(DEFAULT_ENCODING);
  private readonly rows = new Map<string, Float32Array>();
  constructor(private readonly encoders: Encoders) {}

  private key(r: LabelledPair): string {
    return `${r.mirnaId}\t${r.lncrnaId}\t${r.mirna.length}\t${r.lncrna.length}`;
  }

  /** The feature matrix [rows × dims] of the given rows. */
  matrix(rows: ScoringRow[]): Float32Array {
    const pairs = withSequences(rows);
    const missing = pairs.filter((p) => !this.rows.has(this.key(p)));
    if (missing.length) {
      const features = featurizePairs(this.encoders, DEFAULT_ENCODING, missing);
      missing.forEach((p, i) => this.rows.set(this.key(p), features.slice(i * this.dims, (i + 1) * this.dims)));
    }
    const out = new Float32Array(pairs.length * this.dims);
    pairs.forEach((p, i) => out.set(this.rows.get(this.key(p))!, i * this.dims));
    return out;
  }

  /** One column (or a function of a row) per row. */
  column(rows: ScoringRow[], f: (row: Float32Array) => number): Float64Array {
    const m = this.matrix(rows);
    return Float64Array.from(rows, (_, i) => f(m.subarray(i * this.dims, (i + 1) * this.dims)));
  }

  index(name: string): number {
    const i = this.names.indexOf(name);
    if (i < 0) throw new Error(`no feature ${name}`);
    return i;
  }
}

const labelsOf = (rows: ScoringRow[]) => rows.map((r) => r.label);

/** A one-number score whose sign is fitted on training: the direction that ranks training positives higher. */
function directional(
  name: string,
  description: string,
  value: (rows: ScoringRow[]) => Float64Array,
  what: [string, string],
): Scorer {
  return {
    name,
    kind: "baseline",
    description,
    needsSequences: true,
    async fit(train) {
      const sign = rocAuc(value(train), labelsOf(train)) >= 0.5 ? 1 : -1;
      return { score: async (rows) => value(rows).map((v) => sign * v), note: sign > 0 ? what[0] : what[1] };
    },
  };
}

function positiveDegrees(train: ScoringRow[]) {
  const lncrna = new Map<string, { positives: number; total: number }>();
  const mirna = new Map<string, number>();
  let positives = 0;
  for (const r of train) {
    const entry = lncrna.get(r.lncrnaId) ?? { positives: 0, total: 0 };
    entry.total++;
    entry.positives += r.label;
    lncrna.set(r.lncrnaId, entry);
    if (r.label === 1) mirna.set(r.mirnaId, (mirna.get(r.mirnaId) ?? 0) + 1);
    positives += r.label;
  }
  return { lncrna, mirna, rate: positives / Math.max(train.length, 1) };
}

/** A baseline without training: one kernel value per pair (higher = positive). */
function kernelBaseline(
  name: string,
  description: string,
  value: (mirna: Codes, lncrna: Codes) => number,
  encoders: Encoders,
): Scorer {
  return {
    name,
    kind: "baseline",
    description,
    needsSequences: true,
    async fit() {
      return {
        score: async (rows) =>
          Float64Array.from(withSequences(rows), (p) =>
            value(encoders.normalize(p.mirna).codes, encoders.normalize(p.lncrna).codes),
          ),
      };
    },
  };
}

export interface ScorerContext {
  features: FeatureCache;
  models: {
    name: string;
    model: ServedModel;
    trainedOn: TrainingSet;
    /** How this row scores the model when not as a plain request (e.g. with each pair's species named). */
    scoring?: { description: string; score: typeof scoreLabelledPairs };
  }[];
  encoders: Encoders;
  rnahybrid?: MfeOptions | false;
}

/** The expectation baseline's score: −expectation of the best site; below any site when none fits. */
export function expectationScore(encoders: Encoders, mirna: Codes, lncrna: Codes): number {
  const best = encoders.expectation(mirna, lncrna).best;
  return best ? -best.expectation : -64; // no site fits (a lncRNA shorter than the scored length)
}

/**
 * What a lncRNA's own sequence says of its share of positives: logistic regression on the lncRNA's
 * k-mer frequencies and CTD alone, so every miRNA of a lncRNA gets the same score. Where negatives are
 * random pairings, a lncRNA with many partners has more positives than negatives; this is how much of
 * that a score learns from the sequence of a lncRNA it never saw. Not in the harness: evaluate:cold's.
 */
export function lncrnaSequenceBaseline(features: FeatureCache): Scorer {
  const columns = features.names.map((n, i) => (n.startsWith("lncrna.") ? i : -1)).filter((i) => i >= 0);
  return {
    name: "lncrna-lr",
    kind: "baseline",
    description: `partner-blind, learned: logistic regression on the lncRNA's own k-mer frequencies (k ≤ 4) and CTD (${columns.length} dims), standardized, L2; the same score for every miRNA of a lncRNA`,
    needsSequences: true,
    async fit(train) {
      const model = fitLogistic(features.matrix(train), features.dims, columns, labelsOf(train));
      return { score: async (rows) => model.predict(features.matrix(rows)) };
    },
  };
}

/** Gene-level seed evidence, no training: the most canonical seed sites on the lncRNA or its isoforms. */
export function isoformSeedBaseline(encoders: Encoders, reference: IsoformReference): Scorer {
  return {
    name: "isoform-seed-sites",
    kind: "baseline",
    description: `gene-level seed evidence, no training: the most canonical seed sites (8mer, 7mer-m8, 7mer-A1) of the miRNA on the lncRNA or on any of the ${reference.size} reference lncRNAs (the human data sets' own, as reference:load loads them by default; sequences only, never their labels) that share exact stretches with it, as a gene's isoforms do (the cold splits' rule on a sample of the 24-mers, functions/features/isoforms.ts)`,
    needsSequences: true,
    async fit() {
      return {
        score: async (rows) =>
          Float64Array.from(withSequences(rows), (r) => {
            const lncrna = encoders.normalize(r.lncrna).codes;
            return mostCanonicalSites(encoders, encoders.normalize(r.mirna).codes, [
              lncrna,
              ...reference.isoformsOf(lncrna),
            ]);
          }),
      };
    },
  };
}

/** Every scorer, models first. */
export function scorers(ctx: ScorerContext): Scorer[] {
  const { features } = ctx;
  const kmerColumns = features.names.map((n, i) => (n.includes(".kmer.") ? i : -1)).filter((i) => i >= 0);
  const models: Scorer[] = ctx.models.map(({ name, model, trainedOn, scoring }) => ({
    name,
    kind: "model",
    description:
      scoring?.description ??
      (name.endsWith("-device")
        ? `committed model ${model.card.name} as the widget's device mode runs it: AS kernels + its ONNX graph exported to tfjs-core (wasm backend); threshold from its card`
        : `committed model ${name} (family ${model.card.family}), served path: AS kernels + onnxruntime-web; threshold from its card`),
    needsSequences: true,
    async fit() {
      return {
        score: async (rows) => (scoring?.score ?? scoreLabelledPairs)(model, ctx.encoders, withSequences(rows)),
        threshold: model.card.threshold,
        describeTest: (rows) => describeOverlap(trainedOn, withSequences(rows)),
      };
    },
  }));
  const list: Scorer[] = [
    ...models,
    directional(
      "lncrna-length",
      "lncRNA length only; direction fitted on training",
      (rows) => Float64Array.from(rows, (r) => withSequences([r])[0]!.lncrna.length),
      ["longer = positive", "shorter = positive"],
    ),
    directional(
      "gc",
      "lncRNA GC content only (kernel 1-mer frequencies C + G); direction fitted on training",
      (rows) => features.column(rows, (f) => f[features.index("lncrna.kmer.C")]! + f[features.index("lncrna.kmer.G")]!),
      ["GC-richer = positive", "GC-poorer = positive"],
    ),
    {
      name: "lncrna-identity",
      kind: "baseline",
      description:
        "the lncRNA's positive rate in training (smoothed toward the overall rate; unseen lncRNA → overall rate)",
      needsSequences: false,
      async fit(train) {
        const { lncrna, rate } = positiveDegrees(train);
        return {
          score: async (rows) =>
            Float64Array.from(rows, (r) => {
              const e = lncrna.get(r.lncrnaId);
              return e ? (e.positives + rate) / (e.total + 1) : rate;
            }),
        };
      },
    },
    {
      name: "node-degree",
      kind: "baseline",
      description:
        "node-degree prior: (positives of the lncRNA in training + 1) × (positives of the miRNA in training + 1)",
      needsSequences: false,
      async fit(train) {
        const { lncrna, mirna } = positiveDegrees(train);
        return {
          score: async (rows) =>
            Float64Array.from(
              rows,
              (r) => ((lncrna.get(r.lncrnaId)?.positives ?? 0) + 1) * ((mirna.get(r.mirnaId) ?? 0) + 1),
            ),
        };
      },
    },
    {
      name: "kmer-lr",
      kind: "baseline",
      description: `logistic regression on the featurizer's k-mer frequencies (lncRNA k ≤ 4, miRNA k ≤ 3: ${kmerColumns.length} dims), standardized, L2`,
      needsSequences: true,
      async fit(train) {
        const model = fitLogistic(features.matrix(train), features.dims, kmerColumns, labelsOf(train));
        return { score: async (rows) => model.predict(features.matrix(rows)) };
      },
    },
    {
      name: "seed-sites",
      kind: "baseline",
      description:
        "number of Watson–Crick seed sites (8mer, 7mer-m8, 7mer-A1, 6mer) of the miRNA on the lncRNA, from the kernel's seed scan; more = positive",
      needsSequences: true,
      async fit() {
        const columns = features.names.map((n, i) => (/^seed\.wc\..*\.log1p$/.test(n) ? i : -1)).filter((i) => i >= 0);
        return {
          score: async (rows) =>
            features.column(rows, (f) => columns.reduce((sum, c) => sum + Math.round(Math.expm1(f[c]!)), 0)),
        };
      },
    },
  ];
  const { encoders } = ctx;
  list.push(
    kernelBaseline(
      "duplex-mfe",
      "minimum free energy of the best duplex from our duplex kernel (RNAhybrid's model, Turner 1999 parameters; −MFE as the score), no training",
      (mirna, lncrna) => -encoders.duplex(mirna, lncrna).energy,
      encoders,
    ),
    kernelBaseline(
      "expectation",
      "psRNATarget-style expectation of the miRNA's best site on the lncRNA from our complementarity kernel (scoring schema V2, docs/complementarity.md; −expectation as the score: lower expectation = positive), no training",
      (mirna, lncrna) => expectationScore(encoders, mirna, lncrna),
      encoders,
    ),
  );
  if (ctx.rnahybrid !== false) {
    const options = ctx.rnahybrid ?? {};
    list.push({
      name: "rnahybrid-mfe",
      kind: "baseline",
      description: "RNAhybrid 2.1 minimum free energy of the best duplex (−MFE as the score; lower energy = positive)",
      needsSequences: true,
      validationCap: 600,
      testCap: 600,
      async fit() {
        return { score: async (rows) => (await rnahybridMfe(withSequences(rows), options)).map((mfe) => -mfe) };
      },
    });
  }
  return list;
}

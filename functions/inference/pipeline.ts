// A served model as one call: encoded pairs in, calibrated scores and seed-site evidence out.
import type { MirnaPanel } from "../features/mirna-panel.ts";
import {
  assemblePairFeatures,
  duplexFeatures,
  duplexWindowStart,
  hasDuplex,
  sideFeatures,
  lncrnaWindowLength,
  sideLength,
  pairFeatures,
  separableComposite,
  separableRows,
  type FeatureEncoding,
} from "../features/pair-features.ts";
import type { DuplexResult } from "../kernels/duplex.ts";
import type { Encoders, SeedScan } from "../kernels/encoders.ts";
import type { Codes } from "../kernels/codes.ts";
import { parseCard, type ModelBundle, type ModelCard } from "../models/card.ts";
import { sha256Hex } from "../digest.ts";
import { OnnxSession, type OrtWasm } from "./onnx.ts";

export interface EncodedPair {
  mirna: Codes;
  lncrna: Codes;
}

export interface PairPrediction {
  score: number;
  /** 1 when score ≥ the card's threshold. */
  label: 0 | 1;
  seed: SeedScan;
  /** Present when the model's encoding computes duplexes. */
  duplex?: DuplexResult;
  /** An ensemble's members' own scores, in the card's member order. */
  members?: { model: string; score: number; attention?: AttentionProfile }[];
  /** A gated ensemble's weight on each domain's stacking head (they sum to 1). */
  domains?: Record<string, number>;
  /** With a novel-lncRNA route: whether the lncRNA is one the route's head trained on. */
  lncrnaKnown?: boolean;
  /** With a gate's miRNA lists: the head the pair's miRNA named (its weight is 1), if it is listed. */
  mirnaHead?: string;
  /** Where a model with attention looked along the lncRNA. */
  attention?: AttentionProfile;
}

/** Attention weights over the lncRNA: values[i] covers nt start + i·resolution onwards (1-based). */
export interface AttentionProfile {
  start: number;
  resolution: number;
  values: number[];
}

/** What the API and the harness ask of a served model, single or ensemble. */
export interface ServedModel {
  readonly card: ModelCard;
  predict(pairs: EncodedPair[], maxSites?: number): Promise<PairPrediction[]>;
  screen(lncrna: Codes, panel: MirnaPanel): Promise<Float32Array>;
}

/** What answers a prediction: a served model, or the same model's forward pass on the light engine tier. */
export type Predictor = Pick<ServedModel, "card" | "predict">;

/**
 * Pairs per model run: onnxruntime's wasm memory grows to its largest batch and never shrinks; at 32
 * pairs the full ensemble's runs fit in the memory its sessions take anyway (bench:memory).
 */
export const PAIRS_PER_RUN = 32;

/** The model's predictions of the pairs, in order, `pairsPerRun` to a model run. */
export async function predictInRuns(
  model: Pick<Predictor, "predict">,
  pairs: readonly EncodedPair[],
  maxSites: number,
  pairsPerRun = PAIRS_PER_RUN,
): Promise<PairPrediction[]> {
  const predictions: PairPrediction[] = [];
  for (let start = 0; start < pairs.length; start += pairsPerRun)
    predictions.push(...(await model.predict(pairs.slice(start, start + pairsPerRun), maxSites)));
  return predictions;
}

/** The engine that ran a forward pass: onnxruntime-web's session, or tfjs-core on its wasm backend. */
export type Engine = "onnxruntime-web" | "tfjs-wasm";

export class InteractionModel implements ServedModel {
  private constructor(
    readonly card: ModelCard,
    private readonly session: OnnxSession,
    private readonly encoders: Encoders,
  ) {}

  /** A single model: its ONNX checked against the card and opened. */
  static async load(bundle: ModelBundle, encoders: Encoders, wasm: OrtWasm): Promise<InteractionModel> {
    const card = parseCard(bundle.card);
    if (card.encoding.name === "member-scores")
      throw new Error(`model ${card.name} is an ensemble: load it with EnsembleModel`);
    return new InteractionModel(card, await openSession(bundle, card, wasm), encoders);
  }

  async predict(pairs: EncodedPair[], maxSites = 100): Promise<PairPrediction[]> {
    if (pairs.length === 0) return [];
    const spec = this.spec;
    const dims = spec.dims;
    const { batch, evidence } = encodeBatch(this.encoders, spec, dims, pairs, maxSites);
    const attention = this.card.attention;
    const window = lncrnaWindowLength(spec);
    if (!attention || window === undefined) {
      const scores = await this.session.run(batch, pairs.length, dims);
      return evidence.map(({ seed, duplex }, i) => {
        const score = scores[i]!;
        return { score, label: score >= this.card.threshold ? 1 : 0, seed, ...(duplex ? { duplex } : {}) };
      });
    }
    const [scores, weights] = await this.session.runOutputs(batch, pairs.length, dims, [
      this.session.output,
      attention.output,
    ]);
    const perPair = weights!.length / pairs.length;
    return evidence.map(({ seed, duplex }, i) => {
      const score = scores![i]!;
      const lncrna = pairs[i]!.lncrna;
      // the window holds min(window, lncRNA) nt; values past its end weigh padding (≈ 0) and are left out
      const shown = Math.min(perPair, Math.ceil(Math.min(window, lncrna.length) / attention.ntPerValue));
      const profile: AttentionProfile = {
        start: duplexWindowStart(lncrna.length, duplex?.best ?? null, window) + 1,
        resolution: attention.ntPerValue,
        values: Array.from(weights!.subarray(i * perPair, i * perPair + shown)),
      };
      return {
        score,
        label: score >= this.card.threshold ? 1 : 0,
        seed,
        ...(duplex ? { duplex } : {}),
        attention: profile,
      };
    });
  }

  private get spec(): FeatureEncoding & { dims: number } {
    return this.card.encoding as FeatureEncoding & { dims: number }; // load() refused member-scores
  }

  /**
   * Scores one lncRNA against every miRNA of a panel: the lncRNA's blocks are computed once, the
   * miRNAs' come from the panel's cache, so a pair costs a seed scan and a row copy — plus the duplex
   * kernel, for an encoding with duplex features. Scores are in panel order; the seed scans and
   * duplexes are not kept (ask the encoders again for the hits worth showing).
   */
  async screen(lncrna: Codes, panel: MirnaPanel, rowsPerRun = SCREEN_ROWS_PER_RUN): Promise<Float32Array> {
    const spec = this.spec;
    if (spec.name === "composite") {
      const rows = rowsForWidth(spec.dims, rowsPerRun);
      // each part reads one RNA: the lncRNA's parts are written once, not per row
      if (separableComposite(spec))
        return this.scoreRows(panel.size, rows, separableRows(this.encoders, spec, lncrna, panel.codes));
      return this.screenPairwise(lncrna, panel, rows);
    }
    const lncrnaSide = sideFeatures(this.encoders, spec, "lncrna", lncrna);
    const mirnaSides = panel.sideFeatures(this.encoders, spec);
    const width = sideLength(spec, "mirna");
    return this.scoreRows(panel.size, rowsPerRun, (i, row) => {
      const scan = this.encoders.seedSites(panel.codes[i]!, lncrna, 0);
      const duplex = hasDuplex(spec) ? duplexFeatures(this.encoders, panel.codes[i]!, lncrna).values : undefined;
      assemblePairFeatures(
        spec,
        lncrnaSide,
        mirnaSides.subarray(i * width, (i + 1) * width),
        scan,
        lncrna.length,
        row,
        duplex,
      );
    });
  }

  /** Scores `count` rows that `fill(i, row)` writes, `rowsPerRun` to an ONNX run. */
  private async scoreRows(
    count: number,
    rowsPerRun: number,
    fill: (i: number, row: Float32Array) => void,
  ): Promise<Float32Array> {
    const dims = this.spec.dims;
    const scores = new Float32Array(count);
    for (let start = 0; start < count; start += rowsPerRun) {
      const rows = Math.min(rowsPerRun, count - start);
      const batch = new Float32Array(rows * dims);
      for (let r = 0; r < rows; r++) fill(start + r, batch.subarray(r * dims, (r + 1) * dims));
      scores.set(await this.session.run(batch, rows, dims), start);
    }
    return scores;
  }

  /** Screening for an encoding without separable lncRNA and miRNA blocks: each pair encoded whole. */
  private async screenPairwise(lncrna: Codes, panel: MirnaPanel, rowsPerRun: number): Promise<Float32Array> {
    const scores = new Float32Array(panel.size);
    for (let start = 0; start < panel.size; start += rowsPerRun) {
      const codes = panel.codes.slice(start, start + rowsPerRun);
      const predictions = await this.predict(
        codes.map((mirna) => ({ mirna, lncrna })),
        0,
      );
      predictions.forEach((p, r) => (scores[start + r] = p.score));
    }
    return scores;
  }
}

/** Checks the ONNX bytes against the card's sha256, then opens the session. */
export async function openSession(bundle: ModelBundle, card: ModelCard, wasm: OrtWasm): Promise<OnnxSession> {
  const digest = await sha256Hex(bundle.onnx);
  if (digest !== card.onnx.sha256)
    throw new Error(`model ${card.name}: ONNX sha256 ${digest} does not match its card (${card.onnx.sha256})`);
  const ensemble = card.encoding.name === "member-scores" ? card.encoding : undefined;
  const extra = [
    ...(ensemble?.gate ? [ensemble.gate.output] : []),
    ...(ensemble?.fused?.memberOutputs ?? []),
    ...(card.attention ? [card.attention.output] : []),
  ];
  return OnnxSession.create(bundle.onnx, wasm, { input: card.onnx.input, output: card.onnx.output, extra });
}

/**
 * Rows per ONNX run when screening: onnxruntime's wasm memory grows to its largest batch and never
 * shrinks; 256 rows of a first-pass model fit in the memory its session takes anyway (bench:memory).
 */
const SCREEN_ROWS_PER_RUN = 256;

/** Rows per run for rows of `dims` floats: the bound of SCREEN_ROWS_PER_RUN rows of 500. */
export function rowsForWidth(dims: number, rowsPerRun = SCREEN_ROWS_PER_RUN): number {
  return Math.max(1, Math.floor((rowsPerRun * 500) / dims));
}

/** The pairs' feature rows of an encoding in one [pairs × dims] batch, and the seed scans and duplexes behind them. */
export function encodeBatch(
  encoders: Encoders,
  spec: FeatureEncoding,
  dims: number,
  pairs: EncodedPair[],
  maxSites: number,
) {
  const batch = new Float32Array(pairs.length * dims);
  const evidence = pairs.map((pair, i) =>
    pairFeatures(encoders, spec, pair.mirna, pair.lncrna, batch.subarray(i * dims, (i + 1) * dims), maxSites),
  );
  return { batch, evidence };
}

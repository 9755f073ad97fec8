// Fits a species set's null for functions/species/significance.ts: background lncRNAs — real
// lncRNAs of the species' domain, dinucleotide-shuffled, so that each keeps its own composition —
// screened against every miRNA of the set by the model as /v1/screen scores them (the domain's
// head), a location + length term + scale per miRNA fitted on one batch of backgrounds, and the
// residual distribution read off a second, held-out batch — so a query's standardized score is
// compared with out-of-sample residuals, which the fit's own residuals would understate.
import { MirnaPanel } from "../../functions/features/mirna-panel.ts";
import { headFor, screenScores } from "../../functions/inference/ensemble.ts";
import { logit } from "../../functions/inference/logit.ts";
import type { ServedModel } from "../../functions/inference/pipeline.ts";
import type { Encoders } from "../../functions/kernels/encoders.ts";
import type { Codes } from "../../functions/kernels/codes.ts";
import type { SpeciesDomain } from "../../functions/species/domains.ts";
import type { SpeciesSet } from "../../functions/species/set.ts";
import type { Significance } from "../../functions/species/significance.ts";
import { dinucleotideShuffle } from "../lib/generators.ts";
import { seededRandom } from "../lib/random.ts";

const BASES = "ACGU";

/** First-order Markov model of RNA: start and transition probabilities over A, C, G, U. */
export interface DinucleotideModel {
  start: number[];
  transition: number[][];
}

/** The Markov model of these sequences (N and other symbols skipped, add-one smoothing). */
export function dinucleotideModel(sequences: Iterable<string>): DinucleotideModel {
  const start = [1, 1, 1, 1];
  const pairs = BASES.split("").map(() => [1, 1, 1, 1]);
  for (const sequence of sequences) {
    let previous = -1;
    for (const symbol of sequence.toUpperCase().replaceAll("T", "U")) {
      const b = BASES.indexOf(symbol);
      if (b >= 0) {
        start[b]! += 1;
        if (previous >= 0) pairs[previous]![b]! += 1;
      }
      previous = b;
    }
  }
  const normalize = (row: number[]) => row.map((x) => x / row.reduce((a, y) => a + y, 0));
  return { start: normalize(start), transition: pairs.map(normalize) };
}

function draw(random: () => number, probabilities: number[]): number {
  let u = random();
  for (let i = 0; i < probabilities.length - 1; i++) {
    u -= probabilities[i]!;
    if (u < 0) return i;
  }
  return probabilities.length - 1;
}

/** Draws background lncRNAs of a given length. */
export type Background = (random: () => number, length: number) => string;

/** Backgrounds from a Markov model: one composition for all. */
export const markovBackground =
  (model: DinucleotideModel): Background =>
  (random, length) =>
    backgroundRna(model, random, length);

/**
 * Backgrounds from real lncRNAs: a random stretch of `length` nt (real lncRNAs joined end to end
 * where one is shorter), dinucleotide-shuffled. Real lncRNAs differ in composition (GC, repeats),
 * and a null drawn from one pooled composition is too narrow for them.
 */
export function shuffledBackground(lncrnas: readonly string[]): Background {
  const usable = lncrnas
    .map((s) =>
      s
        .toUpperCase()
        .replaceAll("T", "U")
        .replace(/[^ACGU]/g, ""),
    )
    .filter(Boolean);
  if (usable.length === 0) throw new Error("shuffledBackground needs at least one lncRNA");
  return (random, length) => {
    let stretch = usable[Math.floor(random() * usable.length)]!;
    while (stretch.length < length) stretch += usable[Math.floor(random() * usable.length)]!;
    const start = Math.floor(random() * (stretch.length - length + 1));
    return dinucleotideShuffle(stretch.slice(start, start + length), random);
  };
}

/** A background lncRNA of `length` nt from the Markov model. */
export function backgroundRna(model: DinucleotideModel, random: () => number, length: number): string {
  let b = draw(random, model.start);
  let out = BASES[b]!;
  for (let i = 1; i < length; i++) {
    b = draw(random, model.transition[b]!);
    out += BASES[b]!;
  }
  return out;
}

export interface NullOptions {
  lengths: number[];
  /** Backgrounds per length for the fit, and per length held out for the residual distribution. */
  fitPerLength: number;
  heldOutPerLength: number;
  /** Quantiles of the pooled held-out residuals kept. */
  quantiles: number;
  seed: number;
}

// 200 nt: plant lncRNAs run that short, and a length below the shortest background is an
// extrapolation of the ln(length) term. Eight fit backgrounds per length: a per-miRNA location,
// slope and scale from a handful of points is noisy, and the noise widens the held-out residuals
// (p-values stay valid but lose power).
export const DEFAULT_NULL_OPTIONS: NullOptions = {
  lengths: [200, 500, 1000, 3000],
  fitPerLength: 8,
  heldOutPerLength: 4,
  quantiles: 200,
  seed: 1,
};

/** A scale below which a miRNA's fitted spread is not trusted (logit units). */
const MIN_SCALE = 0.05;

/** A scorer's null over a panel of miRNAs: per-row fits and the pooled held-out residual quantiles. */
export interface PanelNull {
  rows: [number, number, number][];
  quantiles: number[];
  pooled: number;
}

/**
 * The null of any screen score over a panel: `score` gives one background's scores against every
 * panel row, `transform` the scale the fit works on (a model's logit; an energy as it is).
 */
export async function fitPanelNull(
  score: (lncrna: Codes, panel: MirnaPanel) => Promise<ArrayLike<number>>,
  transform: (score: number) => number,
  encoders: Encoders,
  panel: MirnaPanel,
  background: Background,
  options: NullOptions = DEFAULT_NULL_OPTIONS,
): Promise<PanelNull> {
  const random = seededRandom(options.seed);
  const screen = async (perLength: number) => {
    const out: { lnLength: number; values: Float64Array }[] = [];
    for (const length of options.lengths)
      for (let k = 0; k < perLength; k++) {
        const lncrna = encoders.normalize(background(random, length)).codes;
        out.push({ lnLength: Math.log(length), values: Float64Array.from(await score(lncrna, panel), transform) });
      }
    return out;
  };
  const fit = await screen(options.fitPerLength);
  const heldOut = await screen(options.heldOutPerLength);
  const xs = fit.map((f) => f.lnLength);
  const xMean = xs.reduce((a, x) => a + x, 0) / xs.length;
  const sxx = xs.reduce((a, x) => a + (x - xMean) ** 2, 0);
  const rows: [number, number, number][] = [];
  const residuals: number[] = [];
  for (let r = 0; r < panel.size; r++) {
    const ys = fit.map((f) => f.values[r]!);
    const yMean = ys.reduce((a, y) => a + y, 0) / ys.length;
    const b = xs.reduce((a, x, j) => a + (x - xMean) * (ys[j]! - yMean), 0) / sxx;
    const a = yMean - b * xMean;
    const sse = ys.reduce((acc, y, j) => acc + (y - a - b * xs[j]!) ** 2, 0);
    const s = Math.max(Math.sqrt(sse / Math.max(ys.length - 2, 1)), MIN_SCALE);
    rows.push([round(a), round(b), round(s)]);
    for (const h of heldOut) residuals.push((h.values[r]! - a - b * h.lnLength) / s);
  }
  residuals.sort((x, y) => x - y);
  const n = options.quantiles;
  const quantiles = Array.from({ length: n }, (_, i) => round(quantileOf(residuals, (i + 0.5) / n)));
  return { rows, quantiles, pooled: residuals.length };
}

/** The set's null for `model` (its scores through the serving path, by the domain's head). */
export async function fitSignificance(
  model: ServedModel,
  encoders: Encoders,
  set: Pick<SpeciesSet, "name" | "mirnas">,
  domain: SpeciesDomain | undefined,
  background: Background,
  options: NullOptions = DEFAULT_NULL_OPTIONS,
): Promise<Significance> {
  const panel = new MirnaPanel(set.mirnas.map((m) => encoders.normalize(m.sequence).codes));
  const fitted = await fitPanelNull(
    (lncrna, p) => screenScores(model, lncrna, p, domain),
    logit,
    encoders,
    panel,
    background,
    options,
  );
  return {
    model: model.card.name,
    modelSha256: model.card.onnx.sha256,
    head: headFor(model, domain) ?? null,
    lengths: options.lengths,
    perLength: options.fitPerLength,
    ...fitted,
  };
}

const round = (x: number) => Math.round(x * 1e5) / 1e5;

function quantileOf(sorted: readonly number[], p: number): number {
  const position = p * (sorted.length - 1);
  const lo = Math.floor(position);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (position - lo) * (sorted[hi]! - sorted[lo]!);
}

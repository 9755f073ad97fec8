// Significance of a screen's scores: an empirical null per miRNA of a species set, fitted by
// species:load from the model's scores of that miRNA against background lncRNAs
// (dinucleotide-shuffled stretches of real lncRNAs of the species' domain) at several lengths. A
// miRNA's logit score on a background of length L is modelled as a + b·ln L + s·z, where the
// residual z follows the set's pooled residual distribution (stored as quantiles): a per-miRNA
// location and scale — some miRNAs score high against anything — and a length term, as RNAhybrid
// calibrates its extreme-value fit on the target length. docs/significance.md has the method.
import { z } from "zod";
import { logit } from "../inference/logit.ts";

export const SignificanceSchema = z.object({
  /** The model whose scores the null describes, and its ONNX's sha256: another model gets no p-values. */
  model: z.string(),
  modelSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The head that scored the backgrounds (the species' domain head), as /v1/screen scores this set. */
  head: z.string().nullable(),
  /** Background lengths (nt) and backgrounds per length. */
  lengths: z.array(z.number().int().positive()).min(2),
  perLength: z.number().int().positive(),
  /** Per set row, in the set's row order: [a, b, s] of logit(score) = a + b·ln(length) + s·z. */
  rows: z.array(z.tuple([z.number(), z.number(), z.number().positive()])),
  /** The pooled standardized residuals z of every row and background, as ascending quantiles at (i + ½)/n. */
  quantiles: z.array(z.number()).min(2),
  /** How many residuals the quantiles summarize. */
  pooled: z.number().int().positive(),
});
export type Significance = z.infer<typeof SignificanceSchema>;

/** The standard normal upper tail Q(x) = 1 − Φ(x) (Abramowitz–Stegun 7.1.26 via erfc; |error| < 1.5e-7). */
export function normalUpperTail(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erfc = poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/**
 * P(Z ≥ z) under the pooled residual distribution: interpolated between its quantiles; beyond the
 * largest one, a normal tail scaled to meet it (the null's resolution ends there).
 */
export function residualUpperTail(quantiles: readonly number[], z: number): number {
  const n = quantiles.length;
  const first = quantiles[0]!;
  const last = quantiles[n - 1]!;
  if (z <= first) return 1 - 0.5 / n;
  if (z >= last) {
    const atLast = 0.5 / n;
    return atLast * Math.min(1, normalUpperTail(z) / Math.max(normalUpperTail(last), Number.MIN_VALUE));
  }
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (quantiles[mid]! <= z) lo = mid;
    else hi = mid;
  }
  const f = (z - quantiles[lo]!) / (quantiles[hi]! - quantiles[lo]! || 1);
  const cdf = (lo + 0.5 + f) / n;
  return 1 - cdf;
}

/** The p-value of `score` for set row `row` against a lncRNA of `length` nt. */
export function pValue(significance: Significance, row: number, score: number, length: number): number {
  return upperTailOf(significance, row, logit(score), length);
}

/** The same for a value already on the null's scale (a model's logit, or another score as it is). */
export function upperTailOf(
  null_: Pick<Significance, "rows" | "quantiles">,
  row: number,
  value: number,
  length: number,
): number {
  const [a, b, s] = null_.rows[row]!;
  return residualUpperTail(null_.quantiles, (value - a - b * Math.log(length)) / s);
}

/**
 * Benjamini–Hochberg q-values of the given p-values among `tested` hypotheses in all (candidates not
 * scored by the model count with p = 1, which leaves the others' q-values conservative).
 */
export function benjaminiHochberg(pValues: readonly number[], tested = pValues.length): number[] {
  if (tested < pValues.length) throw new RangeError(`${pValues.length} p-values among ${tested} tested`);
  const order = pValues.map((p, i) => [p, i] as const).sort((x, y) => x[0] - y[0]);
  const q = new Array<number>(pValues.length);
  let running = 1;
  for (let k = order.length - 1; k >= 0; k--) {
    const [p, i] = order[k]!;
    running = Math.min(running, (p * tested) / (k + 1));
    // q ≥ p holds exactly (tested ≥ k + 1), but p · n / n can round an ulp below p
    q[i] = Math.max(running, p);
  }
  return q;
}

// Goodness of fit for tests: the one-sample Kolmogorov–Smirnov test against the uniform distribution.

/** KS distance between the values' empirical distribution and U(0, 1). */
export function ksDistanceToUniform(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  return Math.max(...sorted.map((x, i) => Math.max((i + 1) / n - x, x - i / n)));
}

/**
 * The KS test's p-value from the asymptotic Kolmogorov distribution, with Stephens' small-sample
 * correction of the statistic (as Numerical Recipes' `ksone` computes it).
 */
export function ksUniformPValue(values: readonly number[]): number {
  const n = values.length;
  const root = Math.sqrt(n);
  const lambda = (root + 0.12 + 0.11 / root) * ksDistanceToUniform(values);
  if (lambda < 0.2) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = 2 * (k % 2 ? 1 : -1) * Math.exp(-2 * k * k * lambda * lambda);
    sum += term;
    if (Math.abs(term) < 1e-12) break;
  }
  return Math.min(1, Math.max(0, sum));
}

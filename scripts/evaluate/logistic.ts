// L2-regularized logistic regression on standardized columns of a feature matrix, fitted by full-batch
// Adam: small, deterministic (zero start) and fast enough for ~30k rows × ~400 features in Node.

export interface LogisticModel {
  weights: Float64Array;
  bias: number;
  /** Scores (log-odds) of the rows of a matrix with the same layout as the training one. */
  predict(matrix: Float32Array): Float64Array;
}

export interface LogisticOptions {
  l2?: number;
  iterations?: number;
  learningRate?: number;
}

export function fitLogistic(
  matrix: Float32Array,
  dims: number,
  columns: number[],
  labels: ArrayLike<number>,
  { l2 = 1e-3, iterations = 250, learningRate = 0.05 }: LogisticOptions = {},
): LogisticModel {
  const n = labels.length;
  if (matrix.length !== n * dims) throw new Error(`matrix has ${matrix.length} values, expected ${n} × ${dims}`);
  const d = columns.length;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += matrix[i * dims + columns[j]!]! / n;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) scale[j]! += (matrix[i * dims + columns[j]!]! - mean[j]!) ** 2 / n;
  for (let j = 0; j < d; j++) scale[j] = scale[j]! > 1e-12 ? 1 / Math.sqrt(scale[j]!) : 0;
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) x[i * d + j] = (matrix[i * dims + columns[j]!]! - mean[j]!) * scale[j]!;

  const w = new Float64Array(d + 1); // last = bias
  const m = new Float64Array(d + 1);
  const v = new Float64Array(d + 1);
  const grad = new Float64Array(d + 1);
  for (let t = 1; t <= iterations; t++) {
    grad.fill(0);
    for (let i = 0; i < n; i++) {
      let z = w[d]!;
      for (let j = 0; j < d; j++) z += w[j]! * x[i * d + j]!;
      const residual = 1 / (1 + Math.exp(-z)) - labels[i]!;
      for (let j = 0; j < d; j++) grad[j]! += residual * x[i * d + j]!;
      grad[d]! += residual;
    }
    for (let j = 0; j <= d; j++) {
      const g = grad[j]! / n + (j < d ? l2 * w[j]! : 0);
      m[j] = 0.9 * m[j]! + 0.1 * g;
      v[j] = 0.999 * v[j]! + 0.001 * g * g;
      w[j]! -= (learningRate * (m[j]! / (1 - 0.9 ** t))) / (Math.sqrt(v[j]! / (1 - 0.999 ** t)) + 1e-8);
    }
  }
  const weights = Float64Array.from(columns, (_, j) => w[j]! * scale[j]!);
  const bias = w[d]! - columns.reduce((s, _, j) => s + w[j]! * scale[j]! * mean[j]!, 0);
  return {
    weights,
    bias,
    predict(rows: Float32Array) {
      const count = rows.length / dims;
      return Float64Array.from({ length: count }, (_, i) => {
        let z = bias;
        for (let j = 0; j < d; j++) z += weights[j]! * rows[i * dims + columns[j]!]!;
        return z;
      });
    },
  };
}

// A model's ONNX graph run on tfjs-core tensors: the node list and weights that
// scripts/export/device-model.ts writes from a committed model's ONNX, executed op by op. One
// implementation of the forward pass for every tfjs backend (wasm in the browser and in workerd,
// cpu in tests); an op the executor does not know is refused when the graph is opened, by name.
import * as tf from "@tensorflow/tfjs-core";

/** A weight as tf.io.decodeWeights reads it: the exported binary is these, in order, little-endian. */
export interface DeviceWeightSpec {
  name: string;
  shape: number[];
  dtype: "float32" | "int32";
}

/** A one-value tensor attribute (ConstantOfShape's value) is exported as its number, with `<name>.dtype`. */
export type DeviceAttribute = number | number[] | string;

export interface DeviceNode {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes: Record<string, DeviceAttribute>;
}

export interface DeviceGraph {
  /** The ONNX default-domain opset the graph was exported with (it decides where a few ops read axes). */
  opset: number;
  inputs: { name: string; dims: number[] }[];
  outputs: string[];
  weights: DeviceWeightSpec[];
  nodes: DeviceNode[];
}

type Env = Map<string, tf.Tensor>;

/** Integer values of a constant input (slice bounds, axes, shapes), read once when the graph opens. */
type Ints = Map<string, number[]>;

const INT_TYPES = new Set([2, 3, 4, 5, 6, 7, 12, 13]);

interface OpContext {
  node: DeviceNode;
  opset: number;
  /** The node's inputs; an omitted optional input ("") is undefined. */
  x: (tf.Tensor | undefined)[];
  /** The integers of input i: a constant, or an integer tensor read back. */
  ints: (i: number) => number[] | undefined;
}

type Op = (c: OpContext) => tf.Tensor | tf.Tensor[];

const attr = (c: OpContext, name: string, fallback: number): number =>
  (c.node.attributes[name] as number | undefined) ?? fallback;

const need = (c: OpContext, i: number): tf.Tensor => {
  const t = c.x[i];
  if (!t) throw new Error(`${c.node.op} ${c.node.outputs[0]}: input ${i} is missing`);
  return t;
};

const constInts = (c: OpContext, i: number): number[] => {
  const v = c.ints(i);
  if (!v) throw new Error(`${c.node.op} ${c.node.outputs[0]}: input ${i} must be integers`);
  return v;
};

const axisOf = (axis: number, rank: number) => (axis < 0 ? axis + rank : axis);

/** Axes from the attribute (older opsets) or the second input (newer ones). */
function axesOf(c: OpContext, inputSince: number): number[] | undefined {
  if (c.opset >= inputSince) return c.x[1] ? constInts(c, 1) : undefined;
  return c.node.attributes.axes as number[] | undefined;
}

function reduce(fn: (x: tf.Tensor, axes: number[], keep: boolean) => tf.Tensor, inputSince: number): Op {
  return (c) => {
    const x = need(c, 0);
    const axes = axesOf(c, inputSince);
    if (!axes?.length && attr(c, "noop_with_empty_axes", 0)) return tf.clone(x);
    const all = axes?.length ? axes : x.shape.map((_, i) => i);
    return fn(
      x,
      all.map((a) => axisOf(a, x.rank)),
      attr(c, "keepdims", 1) === 1,
    );
  };
}

const unary =
  (fn: (x: tf.Tensor) => tf.Tensor): Op =>
  (c) =>
    fn(need(c, 0));
const binary =
  (fn: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor): Op =>
  (c) =>
    fn(need(c, 0), need(c, 1));

/** Rows of a 2-D tensor (or the values of a flat one) made unique, in order of first occurrence. */
function unique(c: OpContext): tf.Tensor[] {
  const x = need(c, 0);
  if (attr(c, "sorted", 1) !== 0) throw new Error(`Unique ${c.node.outputs[0]}: only sorted=0 is supported`);
  const axis = c.node.attributes.axis as number | undefined;
  const matrix = axis === undefined ? tf.reshape(x, [-1, 1]) : x;
  if (matrix.rank !== 2 || (axis !== undefined && axisOf(axis, x.rank) !== 0))
    throw new Error(`Unique ${c.node.outputs[0]}: only rows of a 2-D tensor (axis 0) or a flat tensor are supported`);
  const [rows, cols] = matrix.shape as [number, number];
  const data = matrix.dataSync();
  const first = new Map<string, number>();
  const kept: number[] = [];
  const inverse = new Int32Array(rows);
  const counts: number[] = [];
  for (let r = 0; r < rows; r++) {
    const key = Array.prototype.join.call(data.subarray(r * cols, (r + 1) * cols), ",");
    let k = first.get(key);
    if (k === undefined) {
      k = kept.length;
      first.set(key, k);
      kept.push(r);
      counts.push(0);
    }
    inverse[r] = k;
    counts[k]!++;
  }
  const picked = tf.gather(matrix, kept);
  const y = axis === undefined ? tf.reshape(picked, [-1]) : picked;
  return [y, tf.tensor1d(kept, "int32"), tf.tensor1d(inverse, "int32"), tf.tensor1d(counts, "int32")];
}

function slice(c: OpContext): tf.Tensor {
  const x = need(c, 0);
  const starts = constInts(c, 1);
  const ends = constInts(c, 2);
  const axes = c.x[3] ? constInts(c, 3) : starts.map((_, i) => i);
  const steps = c.x[4] ? constInts(c, 4) : starts.map(() => 1);
  if (steps.some((s) => s !== 1)) throw new Error(`Slice ${c.node.outputs[0]}: only step 1 is supported`);
  const begin = x.shape.map(() => 0);
  const size = x.shape.map(() => -1);
  axes.forEach((a, i) => {
    const axis = axisOf(a, x.rank);
    const dim = x.shape[axis]!;
    const clamp = (v: number) => Math.max(0, Math.min(dim, v < 0 ? v + dim : v));
    begin[axis] = clamp(starts[i]!);
    size[axis] = Math.max(0, clamp(ends[i]!) - begin[axis]!);
  });
  return tf.slice(x, begin, size);
}

function gemm(c: OpContext): tf.Tensor {
  const alpha = attr(c, "alpha", 1);
  const beta = attr(c, "beta", 1);
  let y = tf.matMul(need(c, 0), need(c, 1), attr(c, "transA", 0) === 1, attr(c, "transB", 0) === 1);
  if (alpha !== 1) y = tf.mul(y, alpha);
  const bias = c.x[2];
  if (!bias) return y;
  return tf.add(y, beta === 1 ? bias : tf.mul(bias, beta));
}

function reshape(c: OpContext): tf.Tensor {
  const x = need(c, 0);
  const shape = constInts(c, 1).map((d, i) => (d === 0 && !attr(c, "allowzero", 0) ? x.shape[i]! : d));
  return tf.reshape(x, shape);
}

function squeeze(c: OpContext): tf.Tensor {
  const x = need(c, 0);
  const axes = axesOf(c, 13);
  return tf.squeeze(
    x,
    axes?.map((a) => axisOf(a, x.rank)),
  );
}

function unsqueeze(c: OpContext): tf.Tensor {
  let x = need(c, 0);
  const axes = axesOf(c, 13) ?? [];
  const rank = x.rank + axes.length;
  for (const axis of axes.map((a) => axisOf(a, rank)).sort((a, b) => a - b)) x = tf.expandDims(x, axis);
  return x;
}

function softmax(c: OpContext): tf.Tensor {
  const x = need(c, 0);
  const axis = axisOf(attr(c, "axis", c.opset >= 13 ? -1 : 1), x.rank);
  if (axis !== x.rank - 1) throw new Error(`Softmax ${c.node.outputs[0]}: only the last axis is supported`);
  return tf.softmax(x);
}

function clip(c: OpContext): tf.Tensor {
  let x = need(c, 0);
  const [low, high] = c.opset >= 11 ? [c.x[1], c.x[2]] : [c.node.attributes.min, c.node.attributes.max];
  if (low !== undefined) x = tf.maximum(x, low as tf.Tensor | number);
  if (high !== undefined) x = tf.minimum(x, high as tf.Tensor | number);
  return x;
}

function flatten(c: OpContext): tf.Tensor {
  const x = need(c, 0);
  const axis = axisOf(attr(c, "axis", 1), x.rank);
  const outer = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  return tf.reshape(x, [outer, -1]);
}

/** NCHW (or NCL) → NHWC, a 1-D signal as one row of a 2-D image. */
function toNhwc(x: tf.Tensor): tf.Tensor4D {
  if (x.rank === 3) x = tf.expandDims(x, 2);
  if (x.rank !== 4) throw new Error(`a ${x.rank}-D tensor is neither NCL nor NCHW`);
  return tf.transpose(x, [0, 2, 3, 1]) as tf.Tensor4D;
}

function fromNhwc(y: tf.Tensor4D, rank: number): tf.Tensor {
  const nchw = tf.transpose(y, [0, 3, 1, 2]);
  return rank === 3 ? tf.squeeze(nchw, [2]) : nchw;
}

/** ONNX pads [begin…, end…] over the spatial axes as tfjs's explicit NHWC padding. */
function explicitPads(c: OpContext, spatial: number): [[0, 0], [number, number], [number, number], [0, 0]] {
  if (c.node.attributes.auto_pad !== undefined && c.node.attributes.auto_pad !== "NOTSET")
    throw new Error(`${c.node.op} ${c.node.outputs[0]}: auto_pad is not supported`);
  const pads = (c.node.attributes.pads as number[] | undefined) ?? new Array<number>(2 * spatial).fill(0);
  const [h0, w0, h1, w1] = spatial === 1 ? [0, pads[0]!, 0, pads[1]!] : [pads[0]!, pads[1]!, pads[2]!, pads[3]!];
  return [
    [0, 0],
    [h0, h1],
    [w0, w1],
    [0, 0],
  ];
}

const pair = (v: number[] | undefined, spatial: number, fallback: number): [number, number] =>
  spatial === 1 ? [1, v?.[0] ?? fallback] : [v?.[0] ?? fallback, v?.[1] ?? fallback];

function conv(c: OpContext): tf.Tensor {
  const x = need(c, 0);
  const w = need(c, 1);
  const spatial = x.rank - 2;
  if (attr(c, "group", 1) !== 1) throw new Error(`Conv ${c.node.outputs[0]}: only group 1 is supported`);
  // [M, C, kH, kW] → [kH, kW, C, M]
  const filter = (
    spatial === 1 ? tf.transpose(tf.expandDims(w, 2), [2, 3, 1, 0]) : tf.transpose(w, [2, 3, 1, 0])
  ) as tf.Tensor4D;
  let y = tf.conv2d(
    toNhwc(x),
    filter,
    pair(c.node.attributes.strides as number[] | undefined, spatial, 1),
    explicitPads(c, spatial),
    "NHWC",
    pair(c.node.attributes.dilations as number[] | undefined, spatial, 1),
  );
  if (c.x[2]) y = tf.add(y, c.x[2]);
  return fromNhwc(y, x.rank);
}

function maxPool(c: OpContext): tf.Tensor {
  const x = need(c, 0);
  const spatial = x.rank - 2;
  if (attr(c, "ceil_mode", 0) !== 0) throw new Error(`MaxPool ${c.node.outputs[0]}: ceil_mode is not supported`);
  const dilations = c.node.attributes.dilations as number[] | undefined;
  if (dilations?.some((d) => d !== 1)) throw new Error(`MaxPool ${c.node.outputs[0]}: dilations are not supported`);
  const pads = explicitPads(c, spatial);
  let input = toNhwc(x);
  // padding never wins a max
  if (pads.some(([a, b]) => a || b)) input = tf.pad(input, pads, -Infinity);
  const kernel = pair(c.node.attributes.kernel_shape as number[], spatial, 1);
  const y = tf.maxPool(input, kernel, pair(c.node.attributes.strides as number[] | undefined, spatial, 1), "valid");
  return fromNhwc(y, x.rank);
}

function batchNorm(c: OpContext): tf.Tensor {
  const x = need(c, 0);
  const shape = x.shape.map((d, i) => (i === 1 ? d : 1));
  const at = (i: number) => tf.reshape(need(c, i), shape);
  const scale = tf.div(at(1), tf.sqrt(tf.add(at(4), attr(c, "epsilon", 1e-5))));
  return tf.add(tf.mul(tf.sub(x, at(3)), scale), at(2));
}

function cast(c: OpContext): tf.Tensor {
  const to = attr(c, "to", 1);
  if (to === 1) return tf.cast(need(c, 0), "float32");
  if (INT_TYPES.has(to)) return tf.cast(need(c, 0), "int32");
  if (to === 9) return tf.cast(need(c, 0), "bool");
  throw new Error(`Cast ${c.node.outputs[0]}: to type ${to} is not supported`);
}

function constantOfShape(c: OpContext): tf.Tensor {
  const dtype = c.node.attributes["value.dtype"] === "int32" ? "int32" : "float32";
  return tf.fill(constInts(c, 0), attr(c, "value", 0), dtype);
}

/**
 * ONNX GRU (gates z, r, h; layout 0: X is [seq, batch, input]): both directions, with or without
 * linear_before_reset, default activations only, no sequence_lens. Y is [seq, directions, batch,
 * hidden], Y_h [directions, batch, hidden].
 */
function gru(c: OpContext): tf.Tensor[] {
  const name = `GRU ${c.node.outputs[0]}`;
  if (c.x[4]) throw new Error(`${name}: sequence_lens is not supported`);
  if (c.node.attributes.activations !== undefined || attr(c, "layout", 0) !== 0 || c.node.attributes.clip !== undefined)
    throw new Error(`${name}: only default activations, layout 0 and no clip are supported`);
  const x = need(c, 0);
  const [steps, batch] = x.shape as [number, number, number];
  const hidden = attr(c, "hidden_size", 0);
  const direction = (c.node.attributes.direction as string | undefined) ?? "forward";
  const directions = direction === "bidirectional" ? [0, 1] : [0];
  const linearBeforeReset = attr(c, "linear_before_reset", 0) === 1;
  const ys: tf.Tensor[] = [];
  const finals: tf.Tensor[] = [];
  for (const d of directions) {
    const reverse = direction === "reverse" || d === 1;
    const pick = (t: tf.Tensor) => tf.squeeze(tf.slice(t, [d], [1]), [0]);
    const w = pick(need(c, 1)); // [3h, input]
    const r = pick(need(c, 2)); // [3h, hidden]
    const b = c.x[3] ? pick(c.x[3]) : tf.zeros([6 * hidden]);
    const [wbz, wbr, wbh, rbz, rbr, rbh] = tf.split(b, 6);
    const [rz, rr, rh] = tf.split(r, 3);
    // the input's part of every gate, for all steps at once: [seq·batch, 3h]
    const xw = tf.add(tf.matMul(tf.reshape(x, [steps * batch, -1]), w, false, true), tf.concat([wbz!, wbr!, wbh!]));
    const xs = tf.split(tf.reshape(xw, [steps, batch, 3 * hidden]), steps);
    let h = c.x[5] ? pick(c.x[5]) : tf.zeros([batch, hidden]);
    const out: tf.Tensor[] = new Array<tf.Tensor>(steps);
    for (let k = 0; k < steps; k++) {
      const t = reverse ? steps - 1 - k : k;
      const [xz, xr, xh] = tf.split(tf.reshape(xs[t]!, [batch, 3 * hidden]), 3, 1);
      const z = tf.sigmoid(tf.add(tf.add(xz!, tf.matMul(h, rz!, false, true)), rbz!));
      const reset = tf.sigmoid(tf.add(tf.add(xr!, tf.matMul(h, rr!, false, true)), rbr!));
      const candidate = linearBeforeReset
        ? tf.tanh(tf.add(xh!, tf.mul(reset, tf.add(tf.matMul(h, rh!, false, true), rbh!))))
        : tf.tanh(tf.add(tf.add(xh!, tf.matMul(tf.mul(reset, h), rh!, false, true)), rbh!));
      h = tf.add(tf.mul(tf.sub(1, z), candidate), tf.mul(z, h));
      out[t] = h;
    }
    ys.push(tf.stack(out)); // [seq, batch, hidden]
    finals.push(h);
  }
  return [tf.stack(ys, 1), tf.stack(finals)];
}

/**
 * The logistic function as onnxruntime's CPU kernels (MLAS) compute it, in float32: a rational
 * approximation on x clamped to ±18, p(x)/q(x) + 1/2. Its result near 0 is a multiple of 2^-25, not
 * 1/(1 + e^-x): a stacker taking logit(score) of a member near 0 amplifies that into a visible
 * difference in its score, so the device computes the served engine's function, not a better one.
 */
const LOGISTIC_RANGE = 18;
const LOGISTIC_NUMERATOR = [
  4.37031012579801e-11, 1.15627324459942e-7, 6.08574864600143e-5, 8.51377133304701e-3, 2.48287947061529e-1,
].map(Math.fround);
const LOGISTIC_DENOMINATOR = [
  6.1024738975568e-13, 5.76102136993427e-9, 6.2910678501704e-6, 1.70198817374094e-3, 1.16817656904453e-1,
  9.9315192102318e-1,
].map(Math.fround);

/** The logistic function of one float32, each step rounded to float32 as the kernel's are (float32 constants). */
function mlasLogistic(value: number): number {
  const f = Math.fround;
  const x = Math.min(LOGISTIC_RANGE, Math.max(-LOGISTIC_RANGE, value));
  const x2 = f(x * x);
  // Horner's rule in x², highest coefficient first
  const horner = (coefficients: readonly number[]) =>
    coefficients.slice(2).reduce((y, c) => f(f(y * x2) + c), f(f(x2 * coefficients[0]!) + coefficients[1]!));
  const p = f(horner(LOGISTIC_NUMERATOR) * x);
  return Math.min(1, Math.max(0, f(f(p / horner(LOGISTIC_DENOMINATOR)) + 0.5)));
}

/** Element by element in JS: a handful of values per row, where a chain of tensor ops would cost more. */
function logistic(x: tf.Tensor): tf.Tensor {
  const values = x.dataSync();
  const y = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) y[i] = mlasLogistic(values[i]!);
  return tf.tensor(y, x.shape, "float32");
}

const compare =
  (fn: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor): Op =>
  (c) =>
    fn(need(c, 0), need(c, 1));

const OPS: Record<string, Op> = {
  Add: binary(tf.add),
  Sub: binary(tf.sub),
  Mul: binary(tf.mul),
  Div: binary(tf.div),
  Pow: binary(tf.pow),
  MatMul: binary((a, b) => tf.matMul(a, b)),
  Gemm: gemm,
  Relu: unary(tf.relu),
  Sigmoid: unary(logistic),
  Tanh: unary(tf.tanh),
  Exp: unary(tf.exp),
  Log: unary(tf.log),
  Neg: unary(tf.neg),
  Abs: unary(tf.abs),
  Sqrt: unary(tf.sqrt),
  Identity: unary(tf.clone),
  Softmax: softmax,
  Clip: clip,
  Slice: slice,
  Concat: (c) => tf.concat(c.x as tf.Tensor[], axisOf(attr(c, "axis", 0), need(c, 0).rank)),
  Gather: (c) => tf.gather(need(c, 0), need(c, 1), axisOf(attr(c, "axis", 0), need(c, 0).rank)),
  Reshape: reshape,
  Flatten: flatten,
  Transpose: (c) => tf.transpose(need(c, 0), c.node.attributes.perm as number[] | undefined),
  Squeeze: squeeze,
  Unsqueeze: unsqueeze,
  ReduceSum: reduce((x, axes, keep) => tf.sum(x, axes, keep), 13),
  ReduceMean: reduce((x, axes, keep) => tf.mean(x, axes, keep), 18),
  ReduceMax: reduce((x, axes, keep) => tf.max(x, axes, keep), 18),
  ReduceMin: reduce((x, axes, keep) => tf.min(x, axes, keep), 18),
  Unique: unique,
  Conv: conv,
  MaxPool: maxPool,
  BatchNormalization: batchNorm,
  Cast: cast,
  Shape: (c) => tf.tensor1d(need(c, 0).shape, "int32"),
  ConstantOfShape: constantOfShape,
  GRU: gru,
  Greater: compare(tf.greater),
  GreaterOrEqual: compare(tf.greaterEqual),
  Less: compare(tf.less),
  LessOrEqual: compare(tf.lessEqual),
  Equal: compare(tf.equal),
  Where: (c) => tf.where(need(c, 0), need(c, 1), need(c, 2)),
};

/** The ops this executor runs; anything else in a graph is refused when it is opened. */
export const SUPPORTED_OPS: readonly string[] = Object.keys(OPS).sort();

export class GraphExecutor {
  private constructor(
    private readonly graph: DeviceGraph,
    private readonly weights: tf.NamedTensorMap,
    private readonly ints: Ints,
  ) {}

  /** Opens a graph over its weights' bytes; refuses a graph with ops it cannot run, naming them. */
  static open(graph: DeviceGraph, weightBytes: ArrayBuffer): GraphExecutor {
    const unknown = [...new Set(graph.nodes.map((n) => n.op).filter((op) => !(op in OPS)))].sort();
    if (unknown.length)
      throw new Error(
        `the device engine cannot run this model: unsupported ONNX op${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}`,
      );
    const expected = graph.weights.reduce((n, w) => n + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
    if (weightBytes.byteLength !== expected)
      throw new Error(`device weights: ${weightBytes.byteLength} bytes, the graph's specs need ${expected}`);
    const weights = tf.io.decodeWeights(weightBytes, graph.weights);
    for (const t of Object.values(weights)) tf.keep(t);
    const ints: Ints = new Map();
    for (const spec of graph.weights)
      if (spec.dtype === "int32") ints.set(spec.name, Array.from(weights[spec.name]!.dataSync()));
    return new GraphExecutor(graph, weights, ints);
  }

  /** A constant's integers, or a computed integer tensor's (a Shape's, say), read back now. */
  private intsOf(name: string, tensor: tf.Tensor | undefined): number[] | undefined {
    const constant = this.ints.get(name);
    if (constant) return constant;
    return tensor?.dtype === "int32" ? Array.from(tensor.dataSync()) : undefined;
  }

  get inputs(): DeviceGraph["inputs"] {
    return this.graph.inputs;
  }

  /** Runs the graph on its inputs; returns the named outputs, flattened to float32. */
  async run(feeds: Record<string, tf.Tensor>, outputs: string[] = this.graph.outputs): Promise<Float32Array[]> {
    const env: Env = new Map(Object.entries(this.weights));
    const created: tf.Tensor[] = [];
    try {
      for (const input of this.graph.inputs) {
        const fed = feeds[input.name];
        if (!fed) throw new Error(`device graph: input ${input.name} was not fed`);
        env.set(input.name, fed);
      }
      for (const node of this.graph.nodes) {
        const x = node.inputs.map((name) => {
          if (name === "") return undefined;
          const t = env.get(name);
          if (!t) throw new Error(`${node.op} ${node.outputs[0]}: input ${name} is not computed before it`);
          return t;
        });
        const context: OpContext = {
          node,
          opset: this.graph.opset,
          x,
          ints: (i) => this.intsOf(node.inputs[i]!, x[i]),
        };
        // tidy frees each op's temporaries; its results are kept until the run ends
        const result = tf.tidy(() => OPS[node.op]!(context));
        const results = Array.isArray(result) ? result : [result];
        node.outputs.forEach((name, i) => {
          if (name === "" || !results[i]) return;
          env.set(name, results[i]!);
        });
        created.push(...results);
      }
      return await Promise.all(
        outputs.map(async (name) => {
          const t = env.get(name);
          if (!t) throw new Error(`device graph has no output ${name}`);
          return Float32Array.from(await t.data());
        }),
      );
    } finally {
      for (const t of created) t.dispose();
    }
  }

  dispose(): void {
    for (const t of Object.values(this.weights)) t.dispose();
  }
}

// A served model run by the device engine: the same feature rows as the worker (pairFeatures over the
// AS kernels), the model's exported graph on tfjs-core instead of onnxruntime-web, and the card's
// outputs read as the worker reads them (score; with a gate, the domain weights; a fused ensemble's
// member scores). Knows nothing of HTTP or of the page.
import * as tf from "@tensorflow/tfjs-core";
import { featureLength, pairFeatures, type FeatureEncoding } from "../features/pair-features.ts";
import type { DuplexResult } from "../kernels/duplex.ts";
import type { Encoders, SeedScan } from "../kernels/encoders.ts";
import type { Codes } from "../kernels/codes.ts";
import type { ModelCard } from "../models/card.ts";
import { fusedEncoding } from "../models/fused.ts";
import { GraphExecutor, type DeviceGraph } from "./graph.ts";
import { lncrnaKnownTo, mirnaHeadOf } from "../features/known-lncrnas.ts";

/** What scripts/export/device-model.ts writes beside the weights binary. */
export interface DeviceManifest {
  format: 1;
  /** The model's card, as committed. */
  card: ModelCard;
  /** Each member's card threshold (an ensemble's answer labels each member's score). */
  memberThresholds: Record<string, number>;
  /** The ONNX the graph was exported from (the card's sha256). */
  onnxSha256: string;
  weights: { file: string; bytes: number };
  graph: DeviceGraph;
}

export interface DevicePrediction {
  score: number;
  label: 0 | 1;
  threshold: number;
  seed: SeedScan;
  duplex?: DuplexResult;
  members?: { model: string; score: number; label: 0 | 1; threshold: number }[];
  domains?: Record<string, number>;
  /** With a novel-lncRNA route: whether the lncRNA is one the route's head trained on. */
  lncrnaKnown?: boolean;
  /** With a gate's miRNA lists: the head the pair's miRNA named, if it is listed. */
  mirnaHead?: string;
}

/** The row a model's graph reads and what its outputs are called. */
interface Layout {
  encoding: FeatureEncoding;
  dims: number;
  outputs: string[];
}

function layout(card: ModelCard): Layout {
  const spec = card.encoding;
  if (spec.name !== "member-scores") return { encoding: spec, dims: featureLength(spec), outputs: [card.onnx.output] };
  if (!spec.fused)
    throw new Error(`model ${card.name}: an ensemble runs on the device only fused into one graph with its members`);
  return {
    encoding: fusedEncoding({ ...spec, fused: spec.fused }),
    dims: spec.fused.dims,
    outputs: [card.onnx.output, ...(spec.gate ? [spec.gate.output] : []), ...spec.fused.memberOutputs],
  };
}

export class DeviceModel {
  private constructor(
    readonly manifest: DeviceManifest,
    private readonly executor: GraphExecutor,
    private readonly encoders: Encoders,
    private readonly graphLayout: Layout,
  ) {}

  static open(manifest: DeviceManifest, weights: ArrayBuffer, encoders: Encoders): DeviceModel {
    if (manifest.format !== 1) throw new Error(`device model format ${manifest.format} is not known`);
    const graphLayout = layout(manifest.card);
    const { dims } = graphLayout;
    const input = manifest.graph.inputs[0];
    if (manifest.graph.inputs.length !== 1 || input?.name !== manifest.card.onnx.input)
      throw new Error(`device model ${manifest.card.name}: its graph must read one input, ${manifest.card.onnx.input}`);
    if (input.dims[1] !== dims)
      throw new Error(
        `device model ${manifest.card.name}: its graph reads ${input.dims[1]} features, the card ${dims}`,
      );
    return new DeviceModel(manifest, GraphExecutor.open(manifest.graph, weights), encoders, graphLayout);
  }

  get card(): ModelCard {
    return this.manifest.card;
  }

  /** Frees the graph's weights on the backend; the model does not predict afterwards. */
  dispose(): void {
    this.executor.dispose();
  }

  async predict(pairs: { mirna: Codes; lncrna: Codes }[], maxSites = 100): Promise<DevicePrediction[]> {
    if (pairs.length === 0) return [];
    const card = this.card;
    const { encoding, dims, outputs } = this.graphLayout;
    const batch = new Float32Array(pairs.length * dims);
    const evidence = pairs.map((p, i) =>
      pairFeatures(this.encoders, encoding, p.mirna, p.lncrna, batch.subarray(i * dims, (i + 1) * dims), maxSites),
    );
    const input = tf.tensor2d(batch, [pairs.length, dims]);
    let results: Float32Array[];
    try {
      results = await this.executor.run({ [card.onnx.input]: input }, outputs);
    } finally {
      input.dispose();
    }
    const [scores, ...rest] = results;
    const spec = card.encoding;
    const gate = spec.name === "member-scores" ? spec.gate : undefined;
    const weights = gate ? rest.shift() : undefined;
    const members = spec.name === "member-scores" ? spec.members : [];
    const label = (score: number, threshold: number): 0 | 1 => (score >= threshold ? 1 : 0);
    return evidence.map(({ seed, duplex }, i) => {
      const score = scores![i]!;
      const lncrnaKnown = spec.name === "member-scores" ? lncrnaKnownTo(spec, pairs[i]!.lncrna) : undefined;
      const mirnaHead = spec.name === "member-scores" ? mirnaHeadOf(spec, pairs[i]!.mirna) : undefined;
      return {
        score,
        label: label(score, card.threshold),
        threshold: card.threshold,
        seed,
        ...(duplex ? { duplex } : {}),
        ...(members.length
          ? {
              members: members.map((model, k) => {
                const threshold = this.manifest.memberThresholds[model] ?? 0.5;
                return { model, score: rest[k]![i]!, label: label(rest[k]![i]!, threshold), threshold };
              }),
            }
          : {}),
        ...(gate && weights
          ? {
              domains: Object.fromEntries(gate.domains.map((d, j) => [d, weights[i * gate.domains.length + j]!])),
            }
          : {}),
        ...(lncrnaKnown !== undefined ? { lncrnaKnown } : {}),
        ...(mirnaHead !== undefined ? { mirnaHead } : {}),
      };
    });
  }
}

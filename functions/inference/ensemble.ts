// The ensemble: its members score a pair, then a small stacking model (its own ONNX, fitted on the
// members' held-out scores) combines their calibrated scores into one calibrated probability. With a
// gate, the stacker has one head per domain (plant pairs reward duplex members, human pairs the graph
// member) and the gate, from the pair's k-mer composition, weighs the heads. The members share one
// Encoders, whose duplex cache makes the kernel run once per pair, not per member.
import type { MirnaPanel } from "../features/mirna-panel.ts";
import { featureLength, pairFeatures, separableComposite, separableRows } from "../features/pair-features.ts";
import type { Codes, Encoders } from "../kernels/encoders.ts";
import type { ModelBundle, ModelCard, MemberScoresEncoding } from "../models/card.ts";
import type { OnnxSession, OrtWasm } from "./onnx.ts";
import { openSession, parseCard, type EncodedPair, type PairPrediction, type ServedModel } from "./pipeline.ts";

/** Writes one row's gate features (row r of the batch) into `row`. */
type GateWriter = (r: number, row: Float32Array) => void;

/** The stacker's output: scores, and with a gate each row's weight per domain. */
interface Combined {
  scores: Float32Array;
  domains?: Record<string, number>[];
}

export class EnsembleModel implements ServedModel {
  private constructor(
    readonly card: ModelCard,
    private readonly session: OnnxSession,
    private readonly members: ServedModel[],
    private readonly encoders: Encoders,
  ) {}

  /** `member` loads a member by name (the registry, which shares loaded models with direct use). */
  static async load(bundle: ModelBundle, encoders: Encoders, wasm: OrtWasm, member: (name: string) => Promise<ServedModel>): Promise<EnsembleModel> {
    const card = parseCard(bundle.card);
    const spec = card.encoding;
    if (spec.name !== "member-scores") throw new Error(`model ${card.name} is not an ensemble (encoding ${spec.name})`);
    const members = await Promise.all(spec.members.map(member));
    return new EnsembleModel(card, await openSession(bundle, card, wasm), members, encoders);
  }

  private get spec(): MemberScoresEncoding {
    return this.card.encoding as MemberScoresEncoding; // load() refused any other encoding
  }

  get memberNames(): string[] {
    return this.spec.members;
  }

  async predict(pairs: EncodedPair[], maxSites = 100): Promise<PairPrediction[]> {
    if (pairs.length === 0) return [];
    const perMember: PairPrediction[][] = [];
    for (const member of this.members) perMember.push(await member.predict(pairs, maxSites));
    const gate = this.spec.gate;
    const { scores, domains } = await this.combine(
      perMember.map((predictions) => Float32Array.from(predictions, (p) => p.score)),
      gate ? (r, row) => pairFeatures(this.encoders, gate.encoding, pairs[r]!.mirna, pairs[r]!.lncrna, row, 0) : undefined,
    );
    return pairs.map((_, i) => {
      const score = scores[i]!;
      // evidence from the members: the seed scan is the same for all; the first duplex found is shown
      const duplex = perMember.map((m) => m[i]!.duplex).find((d) => d !== undefined);
      return {
        score,
        label: score >= this.card.threshold ? 1 : 0,
        seed: perMember[0]![i]!.seed,
        ...(duplex ? { duplex } : {}),
        members: this.members.map((m, k) => {
          const { score, attention } = perMember[k]![i]!;
          return { model: m.card.name, score, ...(attention ? { attention } : {}) };
        }),
        ...(domains ? { domains: domains[i]! } : {}),
      };
    });
  }

  async screen(lncrna: Codes, panel: MirnaPanel): Promise<Float32Array> {
    return (await this.screenWithMembers(lncrna, panel)).scores;
  }

  /** The screen's scores, each member's own and the gate's domain weights, in panel order. */
  async screenWithMembers(lncrna: Codes, panel: MirnaPanel): Promise<Combined & { members: { model: string; scores: Float32Array }[] }> {
    const perMember: Float32Array[] = [];
    for (const member of this.members) perMember.push(await member.screen(lncrna, panel));
    const combined = await this.combine(perMember, this.screenGate(lncrna, panel));
    return { ...combined, members: this.members.map((m, k) => ({ model: m.card.name, scores: perMember[k]! })) };
  }

  /** The gate's row writer for a screen: a separable encoding gets the lncRNA's blocks written once. */
  private screenGate(lncrna: Codes, panel: MirnaPanel): GateWriter | undefined {
    const gate = this.spec.gate;
    if (!gate) return undefined;
    const spec = gate.encoding;
    if (separableComposite(spec)) return separableRows(this.encoders, spec, lncrna, panel.codes);
    return (r, row) => pairFeatures(this.encoders, spec, panel.codes[r]!, lncrna, row, 0);
  }

  /** [rows × (members + gate features)] → the stacker's scores (and the gate's weights); `writeGate` fills a row's gate features. */
  private async combine(perMember: Float32Array[], writeGate: GateWriter | undefined): Promise<Combined> {
    const gate = this.spec.gate;
    const members = perMember.length;
    const rows = perMember[0]!.length;
    const width = members + (gate ? featureLength(gate.encoding) : 0);
    const batch = new Float32Array(rows * width);
    perMember.forEach((scores, k) => scores.forEach((s, r) => (batch[r * width + k] = s)));
    if (!gate) return { scores: await this.session.run(batch, rows, width) };
    if (!writeGate) throw new Error(`ensemble ${this.card.name}: its gate needs features for every row`);
    for (let r = 0; r < rows; r++) writeGate(r, batch.subarray(r * width + members, (r + 1) * width));
    const [scores, weights] = await this.session.runOutputs(batch, rows, width, [this.session.output, gate.output]);
    const k = gate.domains.length;
    return { scores: scores!, domains: Array.from({ length: rows }, (_, r) => Object.fromEntries(gate.domains.map((d, j) => [d, weights![r * k + j]!]))) };
  }
}

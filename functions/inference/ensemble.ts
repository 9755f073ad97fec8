// The ensemble: its members score a pair, then a small stacking model (its own ONNX, fitted on the
// members' held-out scores) combines their calibrated scores into one calibrated probability. The
// members share one Encoders, whose duplex cache makes the kernel run once per pair, not per member.
import type { MirnaPanel } from "../features/mirna-panel.ts";
import type { Codes } from "../kernels/encoders.ts";
import type { ModelBundle, ModelCard, MemberScoresEncoding } from "../models/card.ts";
import type { OnnxSession, OrtWasm } from "./onnx.ts";
import { openSession, parseCard, type EncodedPair, type PairPrediction, type ServedModel } from "./pipeline.ts";

export class EnsembleModel implements ServedModel {
  private constructor(
    readonly card: ModelCard,
    private readonly session: OnnxSession,
    private readonly members: ServedModel[],
  ) {}

  /** `member` loads a member by name (the registry, which shares loaded models with direct use). */
  static async load(bundle: ModelBundle, wasm: OrtWasm, member: (name: string) => Promise<ServedModel>): Promise<EnsembleModel> {
    const card = parseCard(bundle.card);
    const spec = card.encoding;
    if (spec.name !== "member-scores") throw new Error(`model ${card.name} is not an ensemble (encoding ${spec.name})`);
    const members = await Promise.all(spec.members.map(member));
    return new EnsembleModel(card, await openSession(bundle, card, wasm), members);
  }

  get memberNames(): string[] {
    return (this.card.encoding as MemberScoresEncoding).members;
  }

  async predict(pairs: EncodedPair[], maxSites = 100): Promise<PairPrediction[]> {
    if (pairs.length === 0) return [];
    const perMember: PairPrediction[][] = [];
    for (const member of this.members) perMember.push(await member.predict(pairs, maxSites));
    const scores = await this.combine(perMember.map((predictions) => Float32Array.from(predictions, (p) => p.score)), pairs.length);
    return pairs.map((_, i) => {
      const score = scores[i]!;
      // evidence from the members: the seed scan is the same for all; the first duplex found is shown
      const duplex = perMember.map((m) => m[i]!.duplex).find((d) => d !== undefined);
      return {
        score,
        label: score >= this.card.threshold ? 1 : 0,
        seed: perMember[0]![i]!.seed,
        ...(duplex ? { duplex } : {}),
        members: this.members.map((m, k) => ({ model: m.card.name, score: perMember[k]![i]!.score })),
      };
    });
  }

  async screen(lncrna: Codes, panel: MirnaPanel): Promise<Float32Array> {
    return (await this.screenWithMembers(lncrna, panel)).scores;
  }

  /** The screen's scores and each member's own, in panel order. */
  async screenWithMembers(lncrna: Codes, panel: MirnaPanel): Promise<{ scores: Float32Array; members: { model: string; scores: Float32Array }[] }> {
    const perMember: Float32Array[] = [];
    for (const member of this.members) perMember.push(await member.screen(lncrna, panel));
    const scores = await this.combine(perMember, panel.size);
    return { scores, members: this.members.map((m, k) => ({ model: m.card.name, scores: perMember[k]! })) };
  }

  /** [rows × members] member scores → the stacker's scores. */
  private combine(perMember: Float32Array[], rows: number): Promise<Float32Array> {
    const width = perMember.length;
    const batch = new Float32Array(rows * width);
    perMember.forEach((scores, k) => scores.forEach((s, r) => (batch[r * width + k] = s)));
    return this.session.run(batch, rows, width);
  }
}

// The ensemble: its members score a pair, then a small stacking model (its own ONNX, fitted on the
// members' held-out scores) combines their calibrated scores into one calibrated probability. With a
// gate, the stacker has one head per domain (plant pairs reward duplex members, human pairs the graph
// member) and the gate, from the pair's k-mer composition, weighs the heads. The members share one
// Encoders, whose duplex cache makes the kernel run once per pair, not per member. A fused ensemble's
// ONNX holds the members' graphs too: one feature row, one run, the members' scores among its outputs.
import { z } from "zod";
import { logit } from "./logit.ts";
import type { MirnaPanel } from "../features/mirna-panel.ts";
import {
  featureLength,
  pairFeatures,
  separableComposite,
  separableRows,
  type FeatureEncoding,
} from "../features/pair-features.ts";
import type { Encoders, SeedScan } from "../kernels/encoders.ts";
import type { Codes } from "../kernels/codes.ts";
import { parseCard, type ModelBundle, type ModelCard, type MemberScoresEncoding } from "../models/card.ts";
import { fusedEncoding } from "../models/fused.ts";
import type { OnnxSession, OrtWasm } from "./onnx.ts";
import type { DuplexResult } from "../kernels/duplex.ts";
import type { SpeciesDomain } from "../species/domains.ts";
import { lncrnaKnownTo, mirnaHeadOf } from "../features/known-lncrnas.ts";
import { HEAD_OF_DOMAIN } from "./heads.ts";
import {
  encodeBatch,
  openSession,
  predictInRuns,
  rowsForWidth,
  type EncodedPair,
  type PairPrediction,
  type Predictor,
  type ServedModel,
} from "./pipeline.ts";
import type { NewLncrnaScores } from "./gene-head.ts";

/** Writes one row's gate features (row r of the batch) into `row`. */
type GateWriter = (r: number, row: Float32Array) => void;

/** The stacker's output: scores, and with a gate each row's weight per domain. */
interface Combined {
  scores: Float32Array;
  domains?: Record<string, number>[];
  /** With a novel-lncRNA route: whether the screened lncRNA is known to it. */
  lncrnaKnown?: boolean;
  /** With a gate's miRNA lists: per row, the head the miRNA named (undefined: the gate weighed them). */
  mirnaHeads?: (string | undefined)[];
}

/** The same with each member's scores. */
type CombinedWithMembers = Combined & { members: { model: string; scores: Float32Array }[] };

/** The stacker's heads as its card records them (training.stacker.heads): a logistic head per domain. */
const StackerHeadsSchema = z.record(
  z.string(),
  z.object({ weights: z.record(z.string(), z.number()), bias: z.number() }),
);
type StackerHeads = z.infer<typeof StackerHeadsSchema>;

/** The head a gated ensemble uses for pairs of this domain, when it has one. */
export function headFor(model: Pick<ServedModel, "card">, domain: SpeciesDomain | undefined): string | undefined {
  if (!domain || !(model instanceof EnsembleModel)) return undefined;
  const head = HEAD_OF_DOMAIN[domain];
  return model.headNames.includes(head) ? head : undefined;
}

/**
 * A prediction's score by `head` alone (from headFor: the request named the pair's domain), as the
 * graph computes that head from the members' scores; undefined where no head applies.
 */
export function headScoreOf(
  model: Pick<ServedModel, "card">,
  head: string | undefined,
  prediction: Pick<PairPrediction, "members" | "lncrnaKnown">,
): number | undefined {
  const { members, lncrnaKnown } = prediction;
  if (!head || !members || !(model instanceof EnsembleModel)) return undefined;
  return model.headScore(
    head,
    members.map((m) => m.score),
    lncrnaKnown,
  );
}

/**
 * One lncRNA's scores against a panel as /v1/screen gives them for a species of this domain: by the
 * domain's head when the model is a gated ensemble with one, else the model's own screen.
 */
export async function screenScores(
  model: ServedModel,
  lncrna: Codes,
  panel: MirnaPanel,
  domain: SpeciesDomain | undefined,
): Promise<ArrayLike<number>> {
  const head = headFor(model, domain);
  if (!head || !(model instanceof EnsembleModel)) return model.screen(lncrna, panel);
  const { members, lncrnaKnown } = await model.screenWithMembers(lncrna, panel);
  return Float64Array.from({ length: panel.size }, (_, i) =>
    model.headScore(
      head,
      members.map((m) => m.scores[i]!),
      lncrnaKnown,
    ),
  );
}

/**
 * A model's scores of pairs as it scores a new lncRNA on `head` (the request's species head, else the
 * miRNA's route), PAIRS_PER_RUN at a time: the gene head's isoform scores. Undefined where the model
 * knows the lncRNA.
 */
export function newLncrnaScores(model: Predictor, head: string | undefined): NewLncrnaScores {
  return async (pairs) =>
    (await predictInRuns(model, pairs, 0)).map((p) =>
      p.lncrnaKnown === false ? (headScoreOf(model, head, p) ?? p.score) : undefined,
    );
}

const NovelHeadSchema = z.object({ weights: z.record(z.string(), z.number()), bias: z.number() });

export class EnsembleModel implements ServedModel {
  private readonly heads: StackerHeads | undefined;
  /** With a novel-lncRNA route: the head a new lncRNA gets in place of the route's head. */
  private readonly novelHead: z.infer<typeof NovelHeadSchema> | undefined;
  /** A fused model's input row (fusedEncoding). */
  private readonly fusedRow: FeatureEncoding | undefined;

  private constructor(
    readonly card: ModelCard,
    private readonly session: OnnxSession,
    private readonly members: ServedModel[],
    private readonly encoders: Encoders,
  ) {
    const stacker = (card.training as { stacker?: { heads?: unknown; novelHead?: unknown } }).stacker;
    const heads = StackerHeadsSchema.safeParse(stacker?.heads);
    this.heads = this.spec.gate && heads.success ? heads.data : undefined;
    this.novelHead = this.spec.novel ? NovelHeadSchema.parse(stacker?.novelHead) : undefined;
    const fused = this.spec.fused;
    this.fusedRow = fused ? fusedEncoding({ ...this.spec, fused }) : undefined;
  }

  /** The domains whose head can score a pair alone (a gated stacker whose card records its heads). */
  get headNames(): string[] {
    return this.heads ? Object.keys(this.heads) : [];
  }

  /**
   * The probability one head gives these member scores (in member order), as the graph computes it
   * before the gate mixes the heads: sigmoid(w · logit(scores) + b), with the novel head's w and b for
   * a new lncRNA on the novel route's head. Used when the caller knows the pair's domain (the request
   * names its species) and the gate need not guess it. `lncrnaKnown`: the prediction's, where it has one.
   */
  headScore(head: string, memberScores: readonly number[], lncrnaKnown: boolean | undefined): number {
    const routed = this.spec.novel?.head === head;
    if (routed && lncrnaKnown === undefined)
      throw new Error(`ensemble ${this.card.name}: head ${head} needs to know whether the lncRNA is new`);
    const fitted = routed && lncrnaKnown === false ? this.novelHead : this.heads?.[head];
    if (!fitted) throw new Error(`ensemble ${this.card.name} has no head ${JSON.stringify(head)}`);
    let z = fitted.bias;
    this.spec.members.forEach((member, k) => (z += (fitted.weights[member] ?? 0) * logit(memberScores[k]!)));
    return 1 / (1 + Math.exp(-z));
  }

  /** `member` loads a member by name (the registry, which shares loaded models with direct use). */
  static async load(
    bundle: ModelBundle,
    encoders: Encoders,
    wasm: OrtWasm,
    member: (name: string) => Promise<ServedModel>,
  ): Promise<EnsembleModel> {
    const card = parseCard(bundle.card);
    const spec = card.encoding;
    if (spec.name !== "member-scores") throw new Error(`model ${card.name} is not an ensemble (encoding ${spec.name})`);
    // a fused ensemble's members run inside its own graph: they open no sessions of their own
    const members = spec.fused ? [] : await Promise.all(spec.members.map(member));
    return new EnsembleModel(card, await openSession(bundle, card, wasm), members, encoders);
  }

  private get spec(): MemberScoresEncoding {
    return this.card.encoding as MemberScoresEncoding; // load() refused any other encoding
  }

  /** With a novel-lncRNA route, whether this lncRNA is one its head trained on; else undefined. */
  lncrnaKnown(lncrna: Codes): boolean | undefined {
    return lncrnaKnownTo(this.spec, lncrna);
  }

  async predict(pairs: EncodedPair[], maxSites = 100): Promise<PairPrediction[]> {
    if (pairs.length === 0) return [];
    const fused = this.spec.fused;
    if (fused) {
      const { batch, evidence } = encodeBatch(this.encoders, this.fusedRow!, fused.dims, pairs, maxSites);
      const { scores, domains, members } = await this.runFused(batch, pairs.length);
      return evidence.map(({ seed, duplex }, i) =>
        this.prediction(
          scores[i]!,
          seed,
          duplex,
          members.map((m) => ({ model: m.model, score: m.scores[i]! })),
          domains?.[i],
          this.lncrnaKnown(pairs[i]!.lncrna),
          mirnaHeadOf(this.spec, pairs[i]!.mirna),
        ),
      );
    }
    const perMember: PairPrediction[][] = [];
    for (const member of this.members) perMember.push(await member.predict(pairs, maxSites));
    const gate = this.spec.gate;
    const { scores, domains } = await this.combine(
      perMember.map((predictions) => Float32Array.from(predictions, (p) => p.score)),
      gate
        ? (r, row) => pairFeatures(this.encoders, gate.encoding, pairs[r]!.mirna, pairs[r]!.lncrna, row, 0)
        : undefined,
    );
    return pairs.map((_, i) => {
      // evidence from the members: the seed scan is the same for all; the first duplex found is shown
      const duplex = perMember.map((m) => m[i]!.duplex).find((d) => d !== undefined);
      const members = this.members.map((m, k) => {
        const { score, attention } = perMember[k]![i]!;
        return { model: m.card.name, score, ...(attention ? { attention } : {}) };
      });
      return this.prediction(
        scores[i]!,
        perMember[0]![i]!.seed,
        duplex,
        members,
        domains?.[i],
        this.lncrnaKnown(pairs[i]!.lncrna),
        mirnaHeadOf(this.spec, pairs[i]!.mirna),
      );
    });
  }

  private prediction(
    score: number,
    seed: SeedScan,
    duplex: DuplexResult | undefined,
    members: NonNullable<PairPrediction["members"]>,
    domains: Record<string, number> | undefined,
    lncrnaKnown: boolean | undefined,
    mirnaHead: string | undefined,
  ): PairPrediction {
    return {
      score,
      label: score >= this.card.threshold ? 1 : 0,
      seed,
      ...(duplex ? { duplex } : {}),
      members,
      ...(domains ? { domains } : {}),
      ...(lncrnaKnown !== undefined ? { lncrnaKnown } : {}),
      ...(mirnaHead !== undefined ? { mirnaHead } : {}),
    };
  }

  async screen(lncrna: Codes, panel: MirnaPanel): Promise<Float32Array> {
    return (await this.screenWithMembers(lncrna, panel)).scores;
  }

  /** The screen's scores, each member's own and the gate's domain weights, in panel order. */
  async screenWithMembers(lncrna: Codes, panel: MirnaPanel): Promise<CombinedWithMembers> {
    if (this.spec.fused) return this.screenFused(lncrna, panel);
    const perMember: Float32Array[] = [];
    for (const member of this.members) perMember.push(await member.screen(lncrna, panel));
    const combined = await this.combine(perMember, this.screenGate(lncrna, panel));
    const lncrnaKnown = this.lncrnaKnown(lncrna);
    return {
      ...combined,
      ...(lncrnaKnown !== undefined ? { lncrnaKnown } : {}),
      ...(this.spec.gate ? { mirnaHeads: panel.codes.map((mirna) => mirnaHeadOf(this.spec, mirna)) } : {}),
      members: this.members.map((m, k) => ({ model: m.card.name, scores: perMember[k]! })),
    };
  }

  /** A fused screen: predictions of the candidates in batches of bounded size (the fused row pairs the two RNAs). */
  private async screenFused(lncrna: Codes, panel: MirnaPanel): Promise<CombinedWithMembers> {
    const rowsPerRun = rowsForWidth(this.spec.fused!.dims);
    const predictions: PairPrediction[] = [];
    for (let start = 0; start < panel.size; start += rowsPerRun) {
      predictions.push(
        ...(await this.predict(
          panel.codes.slice(start, start + rowsPerRun).map((mirna) => ({ mirna, lncrna })),
          0,
        )),
      );
    }
    const lncrnaKnown = this.lncrnaKnown(lncrna);
    return {
      scores: Float32Array.from(predictions, (p) => p.score),
      ...(this.spec.gate
        ? { domains: predictions.map((p) => p.domains!), mirnaHeads: predictions.map((p) => p.mirnaHead) }
        : {}),
      ...(lncrnaKnown !== undefined ? { lncrnaKnown } : {}),
      members: this.spec.members.map((model, k) => ({
        model,
        scores: Float32Array.from(predictions, (p) => p.members![k]!.score),
      })),
    };
  }

  /** One run of the fused graph over [rows × fused dims]: the score, the gate's weights, each member's score. */
  private async runFused(batch: Float32Array, rows: number): Promise<CombinedWithMembers> {
    const { fused, gate, members } = this.spec;
    const names = [this.session.output, ...(gate ? [gate.output] : []), ...fused!.memberOutputs];
    const [scores, ...rest] = await this.session.runOutputs(batch, rows, fused!.dims, names);
    const weights = gate ? rest.shift()! : undefined;
    return {
      scores: scores!,
      ...(weights ? { domains: this.domainRows(weights, rows) } : {}),
      members: members.map((model, k) => ({ model, scores: rest[k]! })),
    };
  }

  /** Each row's gate weights by domain name. */
  private domainRows(weights: Float32Array, rows: number): Record<string, number>[] {
    const domains = this.spec.gate!.domains;
    return Array.from({ length: rows }, (_, r) =>
      Object.fromEntries(domains.map((d, j) => [d, weights[r * domains.length + j]!])),
    );
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
    return { scores: scores!, domains: this.domainRows(weights!, rows) };
  }
}

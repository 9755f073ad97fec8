// The model card: what a served model needs to encode its input and read its output, plus what it
// was trained on and how it scored. Validated when a model is loaded, so a stale or hand-edited card
// fails loudly instead of mis-encoding.
import { z } from "zod";
import { GeneHeadSchema } from "../inference/gene-head.ts";
import { PartnerPriorSchema } from "../species/partner-prior.ts";
import { featureLength } from "../features/pair-features.ts";
import { fusedEncoding } from "./fused.ts";

const KmerCtdSeedSchema = z.object({
  name: z.enum(["kmer-ctd-seed", "kmer-ctd-seed-duplex"]),
  lncrnaKmax: z.number().int().min(1).max(6),
  mirnaKmax: z.number().int().min(1).max(6),
});
const rna = z.enum(["mirna", "lncrna"]);
const length = z.number().int().min(1).max(4096);
const PartSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("pair"), encoding: KmerCtdSeedSchema }),
  z.object({ kind: z.literal("onehot"), rna, length }),
  z.object({
    kind: z.literal("tokens"),
    rna,
    k: z.number().int().min(1).max(8),
    stride: z.number().int().min(1),
    window: length,
  }),
  z.object({ kind: z.literal("kmer"), rna, kmax: z.number().int().min(1).max(6) }),
  z.object({ kind: z.literal("expectation") }),
  z.object({
    kind: z.literal("known"),
    rna,
    keys: z.array(z.string().regex(/^[0-9a-f]{16}$/)),
    head: z.string().optional(),
  }),
]);
const CompositeSchema = z.object({ name: z.literal("composite"), parts: z.array(PartSchema).min(1) });

/** The encoding spec of functions/features/pair-features.ts. */
export const FeatureEncodingSchema = z.union([KmerCtdSeedSchema, CompositeSchema]);
/**
 * An ensemble's input: its members' calibrated scores, one column per member, in this order; then,
 * with a gate, the gate's features of the pair. The gate weighs one stacking head per domain (the
 * members are trusted differently on plant and human pairs); the ONNX gives the weights as `output`.
 */
const GateSchema = z.object({
  encoding: FeatureEncodingSchema,
  domains: z.array(z.string()).min(2),
  output: z.string(),
});
/**
 * A fused ensemble's ONNX holds its members' graphs in front of the stacker: it reads one row of
 * `encoding` (the members' encodings laid end to end by its export), followed, with `gateFollows`, by
 * the gate's encoding (kept once, in `gate`: its lists of keys are long), and gives, beside the score,
 * each member's score under `memberOutputs` (member order): one session and one run per batch instead
 * of one per member and the stacker's. fusedEncoding gives the whole row.
 */
const FusedSchema = z.object({
  encoding: FeatureEncodingSchema,
  gateFollows: z.literal(true).optional(),
  dims: z.number().int().positive(),
  memberOutputs: z.array(z.string()).min(1),
});
/**
 * A lncRNA that none of the `head`'s training rows held (the gate encoding's last part, `known`, is 0)
 * is scored by the novel head (training.stacker.novelHead) in place of that head: one fitted where the
 * members had never seen the lncRNAs. A head fitted on lncRNAs the members knew trusts the members that
 * learned lncRNAs by their k-mers or graph nodes more than a new lncRNA warrants.
 */
const NovelSchema = z.object({ head: z.string() });
export const MemberScoresSchema = z.object({
  name: z.literal("member-scores"),
  members: z.array(z.string()).min(1),
  gate: GateSchema.optional(),
  fused: FusedSchema.optional(),
  novel: NovelSchema.optional(),
});
export type MemberScoresEncoding = z.infer<typeof MemberScoresSchema>;
/** Either, plus the row length it gives, as a card records it. */
export const EncodingSchema = z
  .union([KmerCtdSeedSchema, CompositeSchema, MemberScoresSchema])
  .and(z.object({ dims: z.number().int().positive() }));

export const ModelCardSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    description: z.string(),
    family: z.string(),
    encoding: EncodingSchema,
    onnx: z.object({
      file: z.string(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      bytes: z.number().int().positive(),
      input: z.string(),
      output: z.string(),
      opset: z.number().int(),
    }),
    output: z.string(),
    /** Scores at or above the threshold are labelled 1 (interaction). */
    threshold: z.number().min(0).max(1),
    thresholdRule: z.string().optional(),
    /**
     * A model with attention over its lncRNA window names the ONNX output holding the weights, one
     * per `ntPerValue` nucleotides from the window's 5′ end (the window of its composite encoding).
     */
    attention: z.object({ output: z.string(), ntPerValue: z.number().int().positive() }).optional(),
    /** Revises a new lncRNA's human score by its gene's seed sites (functions/inference/gene-head.ts). */
    geneHead: GeneHeadSchema.optional(),
    /** A species screen's prior over candidate miRNAs (functions/species/partner-prior.ts). */
    screenPrior: PartnerPriorSchema.optional(),
    training: z.record(z.string(), z.unknown()),
    metrics: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();

export type ModelCard = z.infer<typeof ModelCardSchema>;

/** What a deployment ships per model: its card and its ONNX bytes. */
export interface ModelBundle {
  card: unknown;
  onnx: ArrayBuffer | Uint8Array;
}

/** A card checked against its schema and against the feature length its encoding gives. */
export function parseCard(raw: unknown): ModelCard {
  const parsed = ModelCardSchema.safeParse(raw);
  if (!parsed.success)
    throw new Error(
      `invalid model card: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  const card = parsed.data;
  const spec = card.encoding;
  const length =
    spec.name === "member-scores"
      ? spec.members.length + (spec.gate ? featureLength(spec.gate.encoding) : 0)
      : featureLength(spec);
  if (length !== spec.dims)
    throw new Error(`model card ${card.name}: encoding gives ${length} features, card says ${spec.dims}`);
  if (spec.name === "member-scores" && spec.fused) {
    const { fused, members } = spec;
    if (fused.gateFollows && !spec.gate)
      throw new Error(`model card ${card.name}: its fused row ends with the gate's encoding, but it has no gate`);
    const fusedLength = featureLength(fusedEncoding({ ...spec, fused }));
    if (fusedLength !== fused.dims)
      throw new Error(
        `model card ${card.name}: its fused encoding gives ${fusedLength} features, card says ${fused.dims}`,
      );
    if (fused.memberOutputs.length !== members.length)
      throw new Error(
        `model card ${card.name}: ${fused.memberOutputs.length} fused member outputs for ${members.length} members`,
      );
  }
  if (spec.name === "member-scores" && spec.novel) {
    const { novel, gate, members } = spec;
    const parts = gate?.encoding.name === "composite" ? gate.encoding.parts : [];
    const novelHead = (card.training as { stacker?: { novelHead?: { weights?: Record<string, number> } } }).stacker
      ?.novelHead;
    const last = parts.at(-1);
    if (
      last?.kind !== "known" ||
      last.rna !== "lncrna" ||
      !gate?.domains.includes(novel.head) ||
      !members.every((m) => typeof novelHead?.weights?.[m] === "number")
    )
      throw new Error(
        `model card ${card.name}: a novel-lncRNA route needs a gate whose encoding ends with a known part, one of its heads and a novel head weighing every member`,
      );
  }
  if (spec.name === "member-scores" && spec.gate?.encoding.name === "composite") {
    const { domains } = spec.gate;
    const stray = spec.gate.encoding.parts.find((p) => p.kind === "known" && p.head && !domains.includes(p.head));
    if (stray?.kind === "known")
      throw new Error(`model card ${card.name}: a miRNA list routes to head ${stray.head}, not one of ${domains}`);
  }
  return card;
}

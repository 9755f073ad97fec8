// The row a fused ensemble's graph reads, kept apart from the card's schema so that the device bundle
// reads it without the validation library.
import type { EncodingPart, FeatureEncoding } from "../features/pair-features.ts";

interface FusedRow {
  encoding: FeatureEncoding;
  /** true: the gate's encoding follows the members' parts in the row (the card keeps it once, in `gate`). */
  gateFollows?: true;
}

const partsOf = (encoding: FeatureEncoding): EncodingPart[] =>
  encoding.name === "composite" ? encoding.parts : [{ kind: "pair", encoding }];

/**
 * The row a fused ensemble's graph reads: the members' parts, then the gate's when they follow. Its
 * readers derive it once per model, not per batch.
 */
export function fusedEncoding(spec: { gate?: { encoding: FeatureEncoding }; fused: FusedRow }): FeatureEncoding {
  const { fused, gate } = spec;
  if (!fused.gateFollows) return fused.encoding;
  if (!gate) throw new Error("a fused row that ends with the gate's encoding needs a gate");
  return { name: "composite", parts: [...partsOf(fused.encoding), ...partsOf(gate.encoding)] };
}

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

const rows = new WeakMap<FusedRow, FeatureEncoding>();

/** The row a fused ensemble's graph reads: the members' parts, then the gate's when they follow. */
export function fusedEncoding(spec: { gate?: { encoding: FeatureEncoding }; fused: FusedRow }): FeatureEncoding {
  const { fused, gate } = spec;
  if (!fused.gateFollows) return fused.encoding;
  let row = rows.get(fused);
  if (!row) {
    if (!gate) throw new Error("a fused row that ends with the gate's encoding needs a gate");
    row = { name: "composite", parts: [...partsOf(fused.encoding), ...partsOf(gate.encoding)] };
    rows.set(fused, row);
  }
  return row;
}

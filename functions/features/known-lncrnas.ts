// Which lncRNAs a model's training rows held, by a key of each sequence: members that learned a
// lncRNA's partners from its k-mers or its graph node score it from memory, and a head fitted on
// lncRNAs they knew trusts that memory for a new one too. The keys are hashes, never sequences.
import type { Codes } from "../kernels/codes.ts";

/**
 * A 64-bit key of a normalized sequence (two FNV-1a 32-bit hashes from different offsets, as 16 hex
 * digits): equal sequences, equal keys; two of a few thousand lncRNAs collide with odds below 1e-11.
 */
export function sequenceKey(codes: Codes): string {
  let key = keys.get(codes);
  if (key === undefined) keys.set(codes, (key = hashCodes(codes)));
  return key;
}

/** A screen asks for one lncRNA's key once per candidate: each codes array is hashed once. */
const keys = new WeakMap<Codes, string>();

function hashCodes(codes: Codes): string {
  let a = 0x811c9dc5;
  let b = 0x2f1e8a7b;
  for (let i = 0; i < codes.length; i++) {
    a = Math.imul(a ^ codes[i]!, 0x01000193);
    b = Math.imul(b ^ (codes[i]! + 7), 0x01000193);
  }
  a = Math.imul(a ^ codes.length, 0x01000193);
  b = Math.imul(b ^ codes.length, 0x01000193);
  return (a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");
}

const sets = new WeakMap<readonly string[], ReadonlySet<string>>();

/** Whether the lncRNA is one of `keys` (a card's list; its set is built once per list). */
export function isKnown(keys: readonly string[], lncrna: Codes): boolean {
  let set = sets.get(keys);
  if (!set) sets.set(keys, (set = new Set(keys)));
  return set.has(sequenceKey(lncrna));
}

/** What a novel-lncRNA route and the miRNA lists read of an ensemble's encoding (functions/models/card.ts). */
interface RoutedEncoding {
  novel?: unknown;
  gate?: {
    encoding: {
      name: string;
      parts?: readonly { kind: string; rna?: string; keys?: readonly string[]; head?: string }[];
    };
  };
}

/** With the encoding's novel-lncRNA route, whether the lncRNA is known to its head; else undefined. */
export function lncrnaKnownTo(spec: RoutedEncoding, lncrna: Codes): boolean | undefined {
  const keys = spec.novel ? spec.gate?.encoding.parts?.at(-1)?.keys : undefined;
  return keys ? isKnown(keys, lncrna) : undefined;
}

/**
 * The head a gate's miRNA lists send this miRNA to (a miRNA that species lists place in one domain
 * names the pair's domain, as a request's species does: the graph gives that head weight 1); else
 * undefined, and the gate weighs the heads.
 */
export function mirnaHeadOf(spec: RoutedEncoding, mirna: Codes): string | undefined {
  for (const part of spec.gate?.encoding.parts ?? [])
    if (part.kind === "known" && part.rna === "mirna" && part.head && part.keys && isKnown(part.keys, mirna))
      return part.head;
  return undefined;
}

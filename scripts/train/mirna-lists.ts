// The miRNA lists a gated stacker routes by: every miRNA of the species sets the data dir holds
// (miRBase 18 curated, PMRD plants, the later human release), keyed by sequence (sequenceKey; hashes,
// never sequences), grouped by the stacking head of its species' domain. A mature miRNA's sequence
// tells plants from animals with no interaction label: a listed miRNA names the pair's domain, as a
// request's species does, where the gate guesses it from k-mer composition and can mistake a new
// human lncRNA for a plant one.
import { sequenceKey } from "../../functions/features/known-lncrnas.ts";
import type { EncodingPart } from "../../functions/features/pair-features.ts";
import { HEAD_OF_DOMAIN } from "../../functions/inference/heads.ts";
import type { Encoders } from "../../functions/kernels/encoders.ts";
import { speciesDomain } from "../../functions/species/domains.ts";
import { readSpeciesSources } from "../species/sources.ts";

export interface MirnaLists {
  /** One `known` miRNA part per head, keys sorted; a sequence listed under two heads is in neither. */
  parts: Extract<EncodingPart, { kind: "known" }>[];
  /** What the card records: keys per head, sequences dropped as listed under two, the sets read. */
  meta: { keys: Record<string, number>; inTwoDomains: number; sets: string[] };
}

export function mirnaLists(dataDir: string, encoders: Encoders): MirnaLists {
  const byHead = new Map<string, Set<string>>();
  const sets: string[] = [];
  for (const source of readSpeciesSources(dataDir)) {
    const domain = speciesDomain(source);
    if (!domain) continue;
    const head = HEAD_OF_DOMAIN[domain];
    const keys = byHead.get(head) ?? new Set<string>();
    for (const record of source.records) keys.add(sequenceKey(encoders.normalize(record.sequence).codes));
    byHead.set(head, keys);
    sets.push(`${source.name} (${source.source})`);
  }
  const heads = [...byHead.keys()].sort();
  const listings = new Map<string, number>();
  for (const keys of byHead.values()) for (const key of keys) listings.set(key, (listings.get(key) ?? 0) + 1);
  const shared = new Set([...listings].filter(([, n]) => n > 1).map(([key]) => key));
  const parts = heads.map((head) => ({
    kind: "known" as const,
    rna: "mirna" as const,
    head,
    keys: [...byHead.get(head)!].filter((key) => !shared.has(key)).sort(),
  }));
  return {
    parts,
    meta: {
      keys: Object.fromEntries(parts.map((p) => [p.head, p.keys.length])),
      inTwoDomains: shared.size,
      sets,
    },
  };
}

// A species set as the deployment stores it: the mature miRNAs of one species from one source (one
// row per distinct normalized sequence with every name it has), written by `npm run species:load`,
// read by /v1/screen and /v1/species. Stored as JSON under one key per set plus an index key listing
// them all with their Latin names (see store.ts and lookup.ts).
import { z } from "zod";
import { sha256Hex } from "../digest.ts";
import { SignificanceSchema } from "./significance.ts";

export const SPECIES_FORMAT = 2;

/** Set names: a miRBase species prefix as its source writes it (PMRD has both `crT` and `crt`). */
export const SPECIES_NAME = /^[A-Za-z][A-Za-z0-9]{1,15}$/;

/**
 * Where a set's miRNAs come from: `curated` is miRBase release 18 (every species it has, the
 * default), `pmrd` the plant miRNA database PMRD (incl. predicted "miRf…" entries), `later-release`
 * the human mature miRNAs of a later miRBase release (as distributed with lncRNASNP2).
 */
export const SPECIES_SOURCES = ["curated", "pmrd", "later-release"] as const;
export type SpeciesSource = (typeof SPECIES_SOURCES)[number];
export const DEFAULT_SPECIES_SOURCE: SpeciesSource = "curated";

export const SpeciesSummarySchema = z.object({
  name: z.string().regex(SPECIES_NAME),
  /** Genus and species, when the source names them (PMRD does not; see scripts/species/sources.ts). */
  latinName: z.string().nullable(),
  source: z.enum(SPECIES_SOURCES),
  /** The release of the source, in words (e.g. "miRBase 18"). */
  release: z.string(),
  /** The file the sequences came from (in the data dir). */
  file: z.string(),
  description: z.string(),
  /** miRNA records (names) in the set. */
  count: z.number().int().nonnegative(),
  /** Distinct sequences: one row each, every name sharing it listed. */
  distinct: z.number().int().nonnegative(),
  /** Records named as predicted, not curated (PMRD's "miRf…"). */
  predicted: z.number().int().nonnegative(),
  /** Records left out at load time (e.g. outside the miRNA length range). */
  skipped: z.number().int().nonnegative(),
  loadedAt: z.string(),
  /** sha256 of the stored set value: a cached copy is used only while the index names the same one. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type SpeciesSummary = z.infer<typeof SpeciesSummarySchema>;

export const SpeciesIndexSchema = z.object({ format: z.literal(SPECIES_FORMAT), sets: z.array(SpeciesSummarySchema) });
export type SpeciesIndex = z.infer<typeof SpeciesIndexSchema>;

export const SpeciesSetSchema = z.object({
  format: z.literal(SPECIES_FORMAT),
  name: z.string().regex(SPECIES_NAME),
  source: z.enum(SPECIES_SOURCES),
  /** One row per distinct sequence: its first name, and every other name of the same sequence. */
  mirnas: z.array(
    z.object({ id: z.string().min(1), aliases: z.array(z.string()), sequence: z.string().regex(/^[ACGUN]+$/) }),
  ),
  /** The null of the default model's screen scores, one row per miRNA row (species:load fits it for chosen sets). */
  significance: SignificanceSchema.optional(),
});
export type SpeciesSet = z.infer<typeof SpeciesSetSchema>;

/** PMRD names predicted miRNAs "miRf…" (ath-miRf10001-akr); curated names never start so. */
export const isPredictedName = (id: string) => /^[^-]+-miRf/i.test(id);

/** One row per distinct (normalized) sequence with every name of it, curated names before predicted ones. */
export function rowsBySequence(records: ReadonlyArray<{ id: string; sequence: string }>): SpeciesSet["mirnas"] {
  const bySequence = new Map<string, string[]>();
  for (const { id, sequence } of records) bySequence.set(sequence, [...(bySequence.get(sequence) ?? []), id]);
  return [...bySequence].map(([sequence, names]) => {
    const ordered = [...names.filter((n) => !isPredictedName(n)), ...names.filter(isPredictedName)];
    return { id: ordered[0]!, aliases: ordered.slice(1), sequence };
  });
}

/** Storage keys: one index, one value per set. */
export const SPECIES_KEYS = {
  index: "species/index.json",
  set: (name: string, source: SpeciesSource) => `species/sets/${source}/${name}.json`,
} as const;

export interface StorageEntry {
  key: string;
  value: string;
}

/** What the loader knows about a set beyond its rows. */
export interface SpeciesSetInfo {
  set: SpeciesSet;
  latinName: string | null;
  release: string;
  file: string;
  description: string;
  skipped: number;
}

/**
 * The storage entries for a collection of sets: one per set and the index naming them (with each
 * value's sha256). The loader writes them with `wrangler kv bulk put`; tests put them directly.
 */
export async function speciesEntries(sets: ReadonlyArray<SpeciesSetInfo>, loadedAt: string): Promise<StorageEntry[]> {
  const entries: StorageEntry[] = [];
  const summaries: SpeciesSummary[] = [];
  for (const { set, latinName, release, file, description, skipped } of sets) {
    const value = JSON.stringify(set);
    const names = set.mirnas.flatMap((m) => [m.id, ...m.aliases]);
    summaries.push({
      name: set.name,
      latinName,
      source: set.source,
      release,
      file,
      description,
      count: names.length,
      distinct: set.mirnas.length,
      predicted: names.filter(isPredictedName).length,
      skipped,
      loadedAt,
      sha256: await sha256Hex(new TextEncoder().encode(value)),
    });
    entries.push({ key: SPECIES_KEYS.set(set.name, set.source), value });
  }
  const index: SpeciesIndex = { format: SPECIES_FORMAT, sets: summaries };
  entries.push({ key: SPECIES_KEYS.index, value: JSON.stringify(index) });
  return entries;
}

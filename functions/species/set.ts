// A species set as the deployment stores it: the mature miRNAs of one species (ids and normalized
// sequences), written by `npm run species:load`, read by /v1/screen and /v1/species. Stored as
// JSON under one key per set plus an index key listing them all (see store.ts).
import { z } from "zod";
import type { Encoders } from "../kernels/encoders.ts";
import { checkSequence } from "../api/sequences.ts";
import type { FieldError } from "../api/problems.ts";
import { codesToSequence } from "../kernels/codes.ts";
import { sha256Hex } from "../digest.ts";

export const SPECIES_FORMAT = 1;

/** Set names: a miRBase species prefix (case matters: `crT` and `crt` are different species). */
export const SPECIES_NAME = /^[A-Za-z][A-Za-z0-9]{1,15}$/;

export const SpeciesSummarySchema = z.object({
  name: z.string().regex(SPECIES_NAME),
  description: z.string(),
  /** Where the sequences came from (a file in the data dir, or "upload"). */
  source: z.string(),
  /** miRNA records in the set. */
  count: z.number().int().nonnegative(),
  /** Distinct sequences (identical sequences are screened once, their ids listed together). */
  distinct: z.number().int().nonnegative(),
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
  mirnas: z.array(z.object({ id: z.string().min(1), sequence: z.string().regex(/^[ACGUN]+$/) })),
});
export type SpeciesSet = z.infer<typeof SpeciesSetSchema>;

export interface SkippedRecord {
  id: string;
  reason: string;
}

/**
 * A set from FASTA records, each checked by the same rules as a request's miRNA (normalized, 15–30
 * nt); records that fail are skipped and reported, never silently dropped.
 */
export function buildSpeciesSet(
  encoders: Encoders,
  name: string,
  records: ReadonlyArray<{ id: string; sequence: string }>,
): { set: SpeciesSet; skipped: SkippedRecord[] } {
  if (!SPECIES_NAME.test(name))
    throw new Error(`species set name ${JSON.stringify(name)} is not a miRBase-style prefix`);
  const skipped: SkippedRecord[] = [];
  const mirnas: SpeciesSet["mirnas"] = [];
  for (const record of records) {
    const errors: FieldError[] = [];
    const checked = checkSequence(encoders, record.sequence, "mirna", `/${record.id}`, errors);
    if (checked) mirnas.push({ id: record.id, sequence: codesToSequence(checked.codes) });
    else skipped.push({ id: record.id, reason: errors[0]!.detail });
  }
  return { set: { format: SPECIES_FORMAT, name, mirnas }, skipped };
}

/** Storage keys: one index, one value per set. */
export const SPECIES_KEYS = {
  index: "species/index.json",
  set: (name: string) => `species/sets/${name}.json`,
} as const;

export interface StorageEntry {
  key: string;
  value: string;
}

/**
 * The storage entries for a collection of sets: one per set and the index naming them (with each
 * value's sha256). The loader writes them with `wrangler kv bulk put`; tests put them directly.
 */
export async function speciesEntries(
  sets: ReadonlyArray<{ set: SpeciesSet; description: string; source: string; skipped: number }>,
  loadedAt: string,
): Promise<StorageEntry[]> {
  const entries: StorageEntry[] = [];
  const summaries: SpeciesSummary[] = [];
  for (const { set, description, source, skipped } of sets) {
    const value = JSON.stringify(set);
    const distinct = new Set(set.mirnas.map((m) => m.sequence)).size;
    summaries.push({
      name: set.name,
      description,
      source,
      count: set.mirnas.length,
      distinct,
      skipped,
      loadedAt,
      sha256: await sha256Hex(new TextEncoder().encode(value)),
    });
    entries.push({ key: SPECIES_KEYS.set(set.name), value });
  }
  const index: SpeciesIndex = { format: SPECIES_FORMAT, sets: summaries };
  entries.push({ key: SPECIES_KEYS.index, value: JSON.stringify(index) });
  return entries;
}

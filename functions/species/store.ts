// Species sets in the deployment's KV namespace (binding SPECIES), cached per isolate.
//
// Why KV: a set is a small (≤ ~150 KB), read-mostly value that every screen reads whole; KV serves
// such values from the edge location's cache, so the first screen of an isolate anywhere stays fast,
// and values up to 25 MiB fit. R2 would read from one region (slower cold reads far from it) and D1
// would answer a 3,000-row query per screen from a single primary: neither fits a read-mostly
// reference list as well. Locally, wrangler keeps the namespace under .wrangler/state.
//
// Sets hold ids and sequences only, no precomputed model-side arrays: each miRNA's own feature blocks
// for 3,000 miRNAs take ~10–15 ms (measured through the serving path in Node) and are computed on a
// set's first screen in an isolate and then kept with it (features/mirna-panel.ts); stored arrays
// would save that once per isolate at the price of a second format to keep in step with the kernels.
//
// The index is read from KV on every request that needs it (KV caches it at the edge; the parsed copy
// is reused while its text is unchanged); a decoded set is kept in the isolate while the index still
// names the same sha256, so reloaded sets reach warm isolates as soon as KV serves the new index.
import type { z } from "zod";
import { sha256Hex } from "../digest.ts";
import type { Encoders } from "../kernels/encoders.ts";
import { groupCandidates, type CandidateSet } from "./candidates.ts";
import { resolveSpecies, type SpeciesResolution } from "./lookup.ts";
import {
  SPECIES_FORMAT,
  SPECIES_KEYS,
  SpeciesIndexSchema,
  SpeciesSetSchema,
  type SpeciesIndex,
  type SpeciesSet,
  type SpeciesSource,
  type SpeciesSummary,
} from "./set.ts";

/** The part of a KV namespace the store reads (structurally a KVNamespace). */
export interface SpeciesStorage {
  get(key: string, options: { type: "text"; cacheTtl?: number }): Promise<string | null>;
}

export interface LoadedSpeciesSet {
  summary: SpeciesSummary;
  set: SpeciesSet;
  candidates: CandidateSet;
}

export type SpeciesLookup =
  | { kind: "found"; loaded: LoadedSpeciesSet }
  | (Exclude<SpeciesResolution, { kind: "found" }> & { available: string[] })
  | { kind: "unavailable"; reason: string };

/** How long an edge location keeps a value it read from KV. */
export const KV_CACHE_TTL_S = 60;
const EMPTY_INDEX: SpeciesIndex = { format: SPECIES_FORMAT, sets: [] };

export class SpeciesCatalog {
  private index?: { text: string; value: SpeciesIndex };
  private readonly sets = new Map<string, Promise<LoadedSpeciesSet>>();

  constructor(private readonly encoders: Encoders) {}

  /** The sets in storage; none when the deployment has no SPECIES binding or nothing was loaded. */
  async list(storage: SpeciesStorage | undefined): Promise<SpeciesIndex> {
    if (!storage) return EMPTY_INDEX;
    const text = await storage.get(SPECIES_KEYS.index, { type: "text", cacheTtl: KV_CACHE_TTL_S });
    if (text === null) return EMPTY_INDEX;
    if (this.index?.text !== text) this.index = { text, value: parseIndex(text) };
    return this.index.value;
  }

  /** The set a name means (prefix or Latin name, any case), from `source` or the default source. */
  async get(storage: SpeciesStorage | undefined, query: string, source?: SpeciesSource): Promise<SpeciesLookup> {
    let index: SpeciesIndex;
    try {
      index = await this.list(storage);
    } catch (error) {
      return { kind: "unavailable", reason: `the species index cannot be read: ${(error as Error).message}` };
    }
    const resolution = resolveSpecies(index.sets, query, source);
    if (resolution.kind !== "found") return { ...resolution, available: [...new Set(index.sets.map((s) => s.name))] };
    const { summary } = resolution;
    if (!storage) throw new Error("a species set was listed without storage"); // list() lists nothing without it
    const setKey = `${summary.source}/${summary.name}`;
    const key = `${setKey}@${summary.sha256}`;
    let loaded = this.sets.get(key);
    if (!loaded) {
      for (const cached of this.sets.keys()) if (cached.startsWith(`${setKey}@`)) this.sets.delete(cached);
      loaded = this.read(storage, summary);
      loaded.catch(() => this.sets.delete(key)); // retried on the next request
      this.sets.set(key, loaded);
    }
    try {
      return { kind: "found", loaded: await loaded };
    } catch (error) {
      return { kind: "unavailable", reason: (error as Error).message };
    }
  }

  private async read(storage: SpeciesStorage, summary: SpeciesSummary): Promise<LoadedSpeciesSet> {
    const key = SPECIES_KEYS.set(summary.name, summary.source);
    const set = await readIndexedValue(storage, key, summary.sha256, SpeciesSetSchema, `species set ${summary.name}`);
    const candidates = groupCandidates(
      set.mirnas.flatMap((m) => {
        const codes = this.encoders.normalize(m.sequence).codes;
        return [m.id, ...m.aliases].map((id) => ({ id, codes }));
      }),
    );
    return { summary, set, candidates };
  }
}

const parseIndex = (text: string): SpeciesIndex => parseStored(text, SpeciesIndexSchema, "the species index");

/** A stored JSON value parsed by `schema`; a fault throws an error that names `what`. */
export function parseStored<T>(text: string, schema: z.ZodType<T>, what: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`${what} in storage is not valid JSON`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`${what} in storage does not have the expected format`);
  return parsed.data;
}

/**
 * A value an index entry names by its sha256: read, checked against that sha256 and parsed. A value
 * missing, changed or malformed throws an error that names `what`.
 */
export async function readIndexedValue<T>(
  storage: SpeciesStorage,
  key: string,
  sha256: string,
  schema: z.ZodType<T>,
  what: string,
): Promise<T> {
  const text = await storage.get(key, { type: "text", cacheTtl: KV_CACHE_TTL_S });
  if (text === null) throw new Error(`${what} is listed but its value is missing from storage`);
  if ((await sha256Hex(new TextEncoder().encode(text))) !== sha256)
    throw new Error(`${what} in storage does not match the sha256 in the index`);
  return parseStored(text, schema, what);
}

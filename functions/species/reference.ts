// The deployment's reference lncRNA transcripts (an annotation of one species' lncRNAs, written by
// `npm run reference:load` to the SPECIES KV namespace beside the species sets), from which the gene
// head reads a new lncRNA's isoforms. One reference per deployment, for the human head's domain.
//
// Stored as sequences, not as an index: the isolate builds the sampled 24-mer index on first use
// (functions/features/isoforms.ts), so the index rule lives in one place and a reloaded reference
// needs no second format. Like a species set, the value is named by an index entry with its sha256,
// read on every request that needs it, and kept built while the index names the same value.
import { z } from "zod";
import { sha256Hex } from "../digest.ts";
import { IsoformReference } from "../features/isoforms.ts";
import type { Encoders } from "../kernels/encoders.ts";
import type { StorageEntry } from "./set.ts";
import { KV_CACHE_TTL_S, parseStored, readIndexedValue, type SpeciesStorage } from "./store.ts";

export const REFERENCE_FORMAT = 1;
export const REFERENCE_KEYS = { index: "references/index.json", transcripts: "references/lncrnas.json" } as const;
/**
 * The most sequence one reference may hold: an isolate keeps its codes and index (about 1.7 bytes per
 * nt) and, while it builds them, the stored text and its parse too, beside the models and a request.
 */
export const MAX_REFERENCE_NT = 4_000_000;

export const ReferenceSummarySchema = z.object({
  format: z.literal(REFERENCE_FORMAT),
  /** What the transcripts are, e.g. "human lncRNAs of the benchmark data". */
  description: z.string(),
  /** The files they were read from. */
  files: z.array(z.string()),
  transcripts: z.number().int().nonnegative(),
  nucleotides: z.number().int().nonnegative(),
  loadedAt: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ReferenceSummary = z.infer<typeof ReferenceSummarySchema>;

const ReferenceTranscriptsSchema = z.object({
  format: z.literal(REFERENCE_FORMAT),
  transcripts: z.array(z.object({ id: z.string(), sequence: z.string() })),
});

/** The storage entries of a reference: its transcripts and the index entry naming them. */
export async function referenceEntries(
  transcripts: ReadonlyArray<{ id: string; sequence: string }>,
  description: string,
  files: string[],
  loadedAt: string,
): Promise<StorageEntry[]> {
  const value = JSON.stringify({ format: REFERENCE_FORMAT, transcripts });
  const nucleotides = transcripts.reduce((n, t) => n + t.sequence.length, 0);
  if (nucleotides > MAX_REFERENCE_NT)
    throw new Error(
      `the reference holds ${nucleotides} nt, more than the ${MAX_REFERENCE_NT} nt one isolate can index beside the models`,
    );
  const summary: ReferenceSummary = {
    format: REFERENCE_FORMAT,
    description,
    files,
    transcripts: transcripts.length,
    nucleotides,
    loadedAt,
    sha256: await sha256Hex(new TextEncoder().encode(value)),
  };
  return [
    { key: REFERENCE_KEYS.transcripts, value },
    { key: REFERENCE_KEYS.index, value: JSON.stringify(summary) },
  ];
}

export interface LoadedReference {
  summary: ReferenceSummary;
  reference: IsoformReference;
}

export class ReferenceStore {
  private loaded?: { sha256: string; value: Promise<LoadedReference> };

  constructor(private readonly encoders: Encoders) {}

  /**
   * The reference in storage, built; undefined when none was loaded. A reference that cannot be read
   * throws: the caller answers without gene evidence rather than with a wrong one.
   */
  async get(storage: SpeciesStorage | undefined): Promise<LoadedReference | undefined> {
    if (!storage) return undefined;
    const text = await storage.get(REFERENCE_KEYS.index, { type: "text", cacheTtl: KV_CACHE_TTL_S });
    if (text === null) return undefined;
    const summary = parseStored(text, ReferenceSummarySchema, "the reference index");
    if (this.loaded?.sha256 !== summary.sha256) {
      const value = this.read(storage, summary);
      value.catch(() => (this.loaded = undefined)); // retried on the next request
      this.loaded = { sha256: summary.sha256, value };
    }
    return this.loaded.value;
  }

  private async read(storage: SpeciesStorage, summary: ReferenceSummary): Promise<LoadedReference> {
    const { transcripts } = await readIndexedValue(
      storage,
      REFERENCE_KEYS.transcripts,
      summary.sha256,
      ReferenceTranscriptsSchema,
      "the reference's transcript list",
    );
    const sequences = transcripts.map((t) => t.sequence);
    return { summary, reference: IsoformReference.fromSequences(this.encoders, sequences) };
  }
}

// A query lncRNA's isoforms among a reference set of transcripts (a deployment's annotation, loaded to
// storage by `npm run reference:load`), and the canonical seed sites of a miRNA on them. Human
// partner lists are kept per gene, so a partner's site may lie in an exon the scored transcript lacks:
// the gene's other transcripts are evidence a service can read without any label.
//
// Two transcripts are isoforms when they share exact 24-mers covering at least a tenth of the shorter
// one's, the rule the cold splits group lncRNAs by (scripts/data/similarity.ts). An exact index of a
// few thousand transcripts' 24-mers takes tens of megabytes, too much beside the models in one
// isolate, so the reference keeps one 24-mer in STRETCH_SAMPLE, chosen by a hash of its sequence:
// both transcripts keep the same ones, so the shared share is estimated from the sample.
import type { Codes } from "../kernels/codes.ts";
import type { Encoders } from "../kernels/encoders.ts";
import { sequenceKey } from "./known-lncrnas.ts";

/** The 24-mer is read as three 8-mer token ids from the AS kernel, at i, i+8 and i+16. */
const STRETCH_TOKEN_K = 8;
export const STRETCH_K = 3 * STRETCH_TOKEN_K;
/** Share of the shorter transcript's distinct 24-mers the two must hold in common to be isoforms. */
export const STRETCH_SHARE = 0.1;
/** One 24-mer in this many is indexed. */
export const STRETCH_SAMPLE = 16;
/** At most this many isoforms are read per query, those sharing most: bounds the seed scans of a screen. */
const MAX_ISOFORMS = 64;

/**
 * Calls `visit` with the key of every 24-mer of the sequence (repeats included): three 8-mer token ids
 * packed into one number below 2^48, windows with an unknown base skipped.
 */
function forEachStretchKey(encoders: Encoders, codes: Codes, visit: (key: number) => void): void {
  if (codes.length < STRETCH_K) return;
  const k = STRETCH_TOKEN_K;
  const { tokens } = encoders.kmerTokens(codes, k, 1, codes.length - k + 1);
  for (let i = 0; i + 2 * k < tokens.length; i++) {
    const a = tokens[i]!,
      b = tokens[i + k]!,
      c = tokens[i + 2 * k]!;
    if (a < 2 || b < 2 || c < 2) continue;
    visit((a - 2) * 2 ** 32 + (b - 2) * 2 ** 16 + (c - 2));
  }
}

/** Distinct 24-mer keys of the sequence. */
export function stretchKeys(encoders: Encoders, codes: Codes): Set<number> {
  const keys = new Set<number>();
  forEachStretchKey(encoders, codes, (key) => keys.add(key));
  return keys;
}

/** A 32-bit mix of a 24-mer key (below 2^48). */
function mixKey(key: number): number {
  const high = Math.floor(key / 2 ** 32);
  let x = Math.imul((key >>> 0) ^ Math.imul(high + 1, 0x9e3779b1), 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** The sampled 24-mers of a sequence, as their mixes, ascending and distinct. */
export function sampledStretchKeys(encoders: Encoders, codes: Codes): Uint32Array {
  const sampled = new Set<number>();
  forEachStretchKey(encoders, codes, (key) => {
    const mixed = mixKey(key);
    if (mixed % STRETCH_SAMPLE === 0) sampled.add(mixed);
  });
  return Uint32Array.from(sampled).sort();
}

/** The shared count two sampled key sets must reach to be isoforms (at least one key). */
const isoformThreshold = (a: number, b: number) => Math.max(1, STRETCH_SHARE * Math.min(a, b));

/** Reference transcripts and the index of their sampled 24-mers. */
export class IsoformReference {
  private constructor(
    private readonly encoders: Encoders,
    private readonly transcripts: Codes[],
    /** Each transcript's own key, to leave a query's identical copy out of its isoforms. */
    private readonly identities: string[],
    /** Each transcript's count of sampled keys. */
    private readonly keyCounts: Uint32Array,
    /** Sampled keys, ascending (repeated once per transcript holding them)... */
    private readonly keys: Uint32Array,
    /** ...and the transcript holding each. */
    private readonly holders: Uint32Array,
  ) {}

  /** The reference of these transcripts (normalized codes; identical sequences are kept once). */
  static build(encoders: Encoders, sequences: readonly Codes[]): IsoformReference {
    const distinct = new Map<string, Codes>();
    for (const codes of sequences) if (!distinct.has(sequenceKey(codes))) distinct.set(sequenceKey(codes), codes);
    const transcripts = [...distinct.values()];
    const perTranscript = transcripts.map((codes) => sampledStretchKeys(encoders, codes));
    // key · 2^21 + transcript fits a double exactly (2^32 · 2^21 < 2^53): one numeric sort orders both
    if (transcripts.length >= 2 ** 21) throw new RangeError(`a reference holds at most ${2 ** 21 - 1} transcripts`);
    const packed = new Float64Array(perTranscript.reduce((n, keys) => n + keys.length, 0));
    let next = 0;
    perTranscript.forEach((keys, t) => keys.forEach((key) => (packed[next++] = key * 2 ** 21 + t)));
    packed.sort();
    return new IsoformReference(
      encoders,
      transcripts,
      [...distinct.keys()],
      Uint32Array.from(perTranscript, (keys) => keys.length),
      Uint32Array.from(packed, (p) => Math.floor(p / 2 ** 21)),
      Uint32Array.from(packed, (p) => p % 2 ** 21),
    );
  }

  /** The reference of these sequences (normalized first). */
  static fromSequences(encoders: Encoders, sequences: readonly string[]): IsoformReference {
    return IsoformReference.build(
      encoders,
      sequences.map((s) => encoders.normalize(s).codes),
    );
  }

  get size(): number {
    return this.transcripts.length;
  }

  /** The reference transcripts that are isoforms of the query (not the query itself), most shared first. */
  isoformsOf(query: Codes): Codes[] {
    let found = this.found.get(query);
    if (!found) this.found.set(query, (found = this.lookUp(query)));
    return found;
  }

  /** A screen asks for one lncRNA's isoforms once per candidate: each codes array is looked up once. */
  private readonly found = new WeakMap<Codes, Codes[]>();

  private lookUp(query: Codes): Codes[] {
    const own = sequenceKey(query);
    const keys = sampledStretchKeys(this.encoders, query);
    const shared = new Map<number, number>();
    for (const key of keys) {
      for (let i = this.firstAtLeast(key); i < this.keys.length && this.keys[i] === key; i++) {
        const t = this.holders[i]!;
        shared.set(t, (shared.get(t) ?? 0) + 1);
      }
    }
    return [...shared]
      .filter(([t, n]) => n >= isoformThreshold(keys.length, this.keyCounts[t]!) && this.identities[t] !== own)
      .sort((x, y) => y[1] - x[1] || x[0] - y[0])
      .slice(0, MAX_ISOFORMS)
      .map(([t]) => this.transcripts[t]!);
  }

  /** How many reference transcripts have an isoform among the others. */
  withIsoforms(): number {
    return this.transcripts.filter((codes) => this.isoformsOf(codes).length > 0).length;
  }

  private firstAtLeast(key: number): number {
    let lo = 0,
      hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Canonical seed sites (8mer, 7mer-m8, 7mer-A1) of a seed scan's counts. */
export const canonicalSites = (counts: { "8mer": number; "7mer-m8": number; "7mer-A1": number }) =>
  counts["8mer"] + counts["7mer-m8"] + counts["7mer-A1"];

/** Canonical seed sites of the miRNA on one transcript. */
const sitesOn = (encoders: Encoders, mirna: Codes, target: Codes) =>
  canonicalSites(encoders.seedSites(mirna, target, 0).counts);

/** The most canonical seed sites of the miRNA on any of the transcripts (0 for none). */
export function mostCanonicalSites(encoders: Encoders, mirna: Codes, transcripts: readonly Codes[]): number {
  return Math.max(0, ...transcripts.map((target) => sitesOn(encoders, mirna, target)));
}

/**
 * Of the most-shared isoforms, this many are scored by the model for a gene score (those with a site
 * of the miRNA): bounds the model runs a pair adds to (GENE_SCORED_ISOFORMS + 1).
 */
export const GENE_SCORED_ISOFORMS = 8;

/** What the reference says of one pair. */
export interface GeneEvidence {
  /** Isoforms of the lncRNA found in the reference (0 without one). */
  isoforms: number;
  /** Canonical seed sites (8mer, 7mer-m8, 7mer-A1) of the miRNA on the transcript. */
  ownSites: number;
  /** The most on any isoform. */
  isoformSites: number;
}

/** The pair's gene evidence, and the isoforms the model scores for the gene score: the sited ones among the most shared. */
export function geneEvidence(
  encoders: Encoders,
  reference: IsoformReference | undefined,
  mirna: Codes,
  lncrna: Codes,
  ownSites: number,
): GeneEvidence & { sitedIsoforms: Codes[] } {
  const isoforms = reference?.isoformsOf(lncrna) ?? [];
  const sites = isoforms.map((isoform) => sitesOn(encoders, mirna, isoform));
  return {
    isoforms: isoforms.length,
    ownSites,
    isoformSites: Math.max(0, ...sites),
    sitedIsoforms: scoredIsoforms(isoforms, (_, i) => sites[i]!),
  };
}

/** The isoforms the model scores for a gene score: of the GENE_SCORED_ISOFORMS most shared, those with a site. */
const scoredIsoforms = (isoforms: readonly Codes[], sites: (isoform: Codes, i: number) => number) =>
  isoforms.slice(0, GENE_SCORED_ISOFORMS).filter((isoform, i) => sites(isoform, i) > 0);

/** The lncRNA nt the gene score adds to a pair's work: its sited isoforms' (those geneEvidence lists). */
export function sitedIsoformNt(encoders: Encoders, reference: IsoformReference, mirna: Codes, lncrna: Codes): number {
  return scoredIsoforms(reference.isoformsOf(lncrna), (isoform) => sitesOn(encoders, mirna, isoform)).reduce(
    (sum, isoform) => sum + isoform.length,
    0,
  );
}

/**
 * The most lncRNA nt the gene score adds to any pair of this lncRNA: the most-shared isoforms'
 * lengths, as if the miRNA had a site on each (known from the lncRNA alone, for work counted before
 * the miRNAs are read).
 */
export function geneWorkNt(reference: IsoformReference, lncrna: Codes): number {
  return reference
    .isoformsOf(lncrna)
    .slice(0, GENE_SCORED_ISOFORMS)
    .reduce((sum, isoform) => sum + isoform.length, 0);
}

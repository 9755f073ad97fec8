// The one typed binding over the AssemblyScript encoders (assembly/encoders.ts). It takes a compiled
// WebAssembly.Module so that the same code runs in workerd (which imports the .wasm as a module) and
// in Node (which compiles the file's bytes).
import turner1999 from "../../assembly/energy/turner1999.json" with { type: "json" };
import {
  duplexDiagram,
  packEnergyTables,
  type DuplexOptions,
  type DuplexResult,
  type DuplexSite,
  type EnergyTables,
} from "./duplex.ts";
import { SITE_TYPES, type Codes, type SiteType } from "./codes.ts";
import {
  decodeExpectationRecord,
  EXPECTATION_RECORD_BYTES,
  PSRNATARGET_V2,
  type ExpectationResult,
} from "./expectation.ts";

export interface SeedSite {
  /** 1-based inclusive position on the target where the site starts (5′ end on the target). */
  start: number;
  end: number;
  type: SiteType;
  /** Number of G:U pairs in the seed core (nt 2–7); 0 for a Watson–Crick site. */
  wobble: number;
}

export interface SeedScan {
  /** Watson–Crick sites by type. */
  counts: Record<SiteType, number>;
  /** Sites whose core has at least one G:U pair, by type. */
  wobbleCounts: Record<SiteType, number>;
  /** All sites found (both kinds), in target order; `sites` holds at most the requested number. */
  total: number;
  sites: SeedSite[];
}

/** A symbol outside the accepted alphabet, located in the text as the user gave it. */
export class InvalidSymbolError extends Error {
  constructor(
    /** 1-based position in the input, counting every character including whitespace. */
    readonly position: number,
    readonly symbol: string,
  ) {
    super(`invalid symbol ${JSON.stringify(symbol)} at position ${position}`);
    this.name = "InvalidSymbolError";
  }
}

export interface NormalizedSequence {
  codes: Codes;
  /** How many N / IUPAC ambiguity symbols the sequence holds (encoded as code 4). */
  ambiguous: number;
}

interface EncoderExports {
  memory: WebAssembly.Memory;
  reserve(bytes: number): number;
  normalize(src: number, len: number, dst: number): number;
  lastAmbiguousCount(): number;
  onehot(codes: number, len: number, out: number, width: number): void;
  kmerFeatures(codes: number, len: number, kmax: number, out: number, normalize: number): void;
  ctd(codes: number, len: number, out: number): void;
  kmerTokens(codes: number, len: number, k: number, stride: number, out: number, maxTokens: number): number;
  seedSites(mir: number, mirLen: number, target: number, targetLen: number, out: number, maxSites: number): number;
  seedCounts(): number;
  complementarity(mir: number, mirLen: number, target: number, targetLen: number): number;
  expectationWorkBytes(mirLen: number, targetLen: number, hsp: number): number;
  expectation(
    mir: number,
    mirLen: number,
    target: number,
    targetLen: number,
    hsp: number,
    work: number,
    out: number,
  ): number;
  duplexTables(): number;
  duplexWorkBytes(q: number, len: number): number;
  duplex(
    mir: number,
    q: number,
    tgt: number,
    len: number,
    work: number,
    internal: number,
    bulge: number,
    helixFrom: number,
    helixTo: number,
    starts: number,
  ): number;
  duplexBestI(): number;
  duplexBestJ(): number;
  duplexStartAt(i: number, outJ: number): number;
  duplexTrace(i: number, j: number, out: number): number;
}

/** N codes the host lays on each side of a complementarity target (assembly/encoders.ts). */
const COMPLEMENTARITY_PAD = 32;

/**
 * A site from its traced pairs (flat, 0-based) and energy (dcal/mol): 1-based spans, and its pairs and
 * diagram drawn from a copy of the trace when read. A screen keeps every candidate's duplexes for the
 * request, while only the features read the pairs and only the listed hits show a diagram: built per
 * site, they would hold many small arrays and strings per candidate for the whole request.
 */
class TracedSite implements DuplexSite {
  readonly energy: number;
  readonly targetStart: number;
  readonly targetEnd: number;
  readonly mirnaStart: number;
  readonly mirnaEnd: number;
  readonly #target: Codes;
  readonly #mirna: Codes;
  readonly #trace: Int32Array;

  constructor(target: Codes, mirna: Codes, trace: Int32Array, energy: number) {
    const last = trace.length - 2;
    this.energy = energy / 100;
    this.targetStart = trace[0]! + 1;
    this.targetEnd = trace[last]! + 1;
    this.mirnaStart = trace[last + 1]! + 1;
    this.mirnaEnd = trace[1]! + 1;
    this.#target = target;
    this.#mirna = mirna;
    this.#trace = trace.slice();
  }

  get pairs(): Array<[number, number]> {
    return this.#pairs(1);
  }

  get diagram(): [string, string, string, string] {
    return duplexDiagram(this.#target, this.#mirna, this.#pairs(0));
  }

  #pairs(base: 0 | 1): Array<[number, number]> {
    const t = this.#trace;
    return Array.from({ length: t.length / 2 }, (_, k): [number, number] => [t[2 * k]! + base, t[2 * k + 1]! + base]);
  }

  /** As a plain object, as it was before its fields were drawn lazily (answers and files show it so). */
  toJSON(): DuplexSite {
    const { energy, targetStart, targetEnd, mirnaStart, mirnaEnd, pairs, diagram } = this;
    return { energy, targetStart, targetEnd, mirnaStart, mirnaEnd, pairs, diagram };
  }
}

/** Longest miRNA the duplex kernel takes. */
export const MAX_DUPLEX_QUERY = 32;

/** Where a kernel's float output goes: a fresh array (default), this array, or left in place. */
export type OutputTarget = Float32Array | "linear-memory";

export const CTD_DIMS = 30;
export const MAX_KMER_K = 6;

/** Length of the concatenated k = 1..kmax block: 4 + 16 + … + 4^kmax. */
export function kmerDims(kmax: number): number {
  return ((1 << (2 * (kmax + 1))) - 4) / 3;
}

const align16 = (n: number) => (n + 15) & ~15;
const utf8 = new TextEncoder();

export class Encoders {
  private readonly wasm: EncoderExports;
  private memoryView: Uint8Array;
  /**
   * Duplexes already computed, by target array, then miRNA and options: the members of an ensemble
   * encode the same pair objects, and the duplex is the one costly kernel. Entries live as long as
   * the target array; codes are never written after normalize() makes them.
   */
  private readonly duplexCache = new WeakMap<Codes, Map<string, DuplexResult>>(); // a screen's lncRNA holds a result per candidate

  constructor(module: WebAssembly.Module) {
    this.wasm = new WebAssembly.Instance(module, {
      env: {
        abort: () => {
          throw new Error("encoder kernel aborted");
        },
      },
    }).exports as unknown as EncoderExports;
    this.memoryView = new Uint8Array(this.wasm.memory.buffer);
    const tables = packEnergyTables(turner1999 as EnergyTables);
    new Int16Array(this.wasm.memory.buffer, this.wasm.duplexTables(), tables.length).set(tables);
  }

  /** Case-fold, T→U, drop whitespace (FASTA line wraps); throws InvalidSymbolError on anything else. */
  normalize(text: string): NormalizedSequence {
    const capacity = text.length * 3; // UTF-8 worst case per UTF-16 unit
    const src = this.wasm.reserve(align16(capacity) + align16(capacity));
    const dst = src + align16(capacity);
    const { written } = utf8.encodeInto(text, this.bytes().subarray(src, src + capacity));
    const n = this.wasm.normalize(src, written, dst);
    if (n < 0) throw invalidSymbolAt(text, -n - 1);
    return {
      codes: this.bytes().slice(dst, dst + n),
      ambiguous: this.wasm.lastAmbiguousCount(),
    };
  }

  // Every array-returning kernel takes an optional `into`: an array of the exact size (e.g. a row of
  // a batch tensor), which saves allocating a fresh array per call — that costs more than the kernel
  // itself — or "linear-memory", which returns a view of the kernel's own output without any copy,
  // valid only until the next call on this Encoders (or memory growth); read or copy it at once.

  /** One-hot [4 × width] (rows A, C, G, U), truncated or zero-padded to width. */
  onehot(codes: Codes, width: number, into?: OutputTarget): Float32Array {
    checkPositiveInt("width", width);
    const [input, out] = this.place(codes, width * 16);
    this.wasm.onehot(input, codes.length, out, width);
    return this.f32(out, width * 4, into);
  }

  /** K-mer frequencies for k = 1..kmax, each k block summing to 1 (or all 0 when it has no k-mer). */
  kmerFrequencies(codes: Codes, kmax: number, into?: OutputTarget): Float32Array {
    return this.kmer(codes, kmax, true, into);
  }

  /** K-mer counts for k = 1..kmax; k-mers that span an N are skipped. */
  kmerCounts(codes: Codes, kmax: number, into?: OutputTarget): Float32Array {
    return this.kmer(codes, kmax, false, into);
  }

  /** Composition (4), transition (6), distribution (20). */
  ctd(codes: Codes, into?: OutputTarget): Float32Array {
    const [input, out] = this.place(codes, CTD_DIMS * 4);
    this.wasm.ctd(input, codes.length, out);
    return this.f32(out, CTD_DIMS, into);
  }

  /** Token ids of k-mer windows at 0, stride, 2·stride…: 0 pad, 1 window with N, 2 + base-4 index. */
  kmerTokens(codes: Codes, k: number, stride: number, maxTokens: number): { tokens: Int32Array; windows: number } {
    if (!Number.isInteger(k) || k < 1 || k > 8) throw new RangeError(`k must be an integer in 1..8, got ${k}`);
    checkPositiveInt("stride", stride);
    checkPositiveInt("maxTokens", maxTokens);
    const [input, out] = this.place(codes, maxTokens * 4);
    const windows = this.wasm.kmerTokens(input, codes.length, k, stride, out, maxTokens);
    return { tokens: new Int32Array(this.wasm.memory.buffer, out, maxTokens).slice(), windows };
  }

  /** Canonical miRNA seed sites (nt 2–8) on the target; at most maxSites are listed, all are counted. */
  seedSites(mirna: Codes, target: Codes, maxSites = 100): SeedScan {
    const mir = this.wasm.reserve(align16(mirna.length) + align16(target.length) + align16(maxSites * 16));
    const tgt = mir + align16(mirna.length);
    const out = tgt + align16(target.length);
    const memory = this.bytes();
    memory.set(mirna, mir);
    memory.set(target, tgt);
    const total = this.wasm.seedSites(mir, mirna.length, tgt, target.length, out, maxSites);
    const counters = new Int32Array(this.wasm.memory.buffer, this.wasm.seedCounts(), 8);
    const records = new Int32Array(this.wasm.memory.buffer, out, Math.min(total, maxSites) * 4);
    const sites: SeedSite[] = [];
    for (let i = 0; i < records.length; i += 4) {
      sites.push({
        start: records[i]!,
        end: records[i + 1]!,
        type: SITE_TYPES[records[i + 2]!]!,
        wobble: records[i + 3]!,
      });
    }
    const byType = (offset: number) =>
      Object.fromEntries(SITE_TYPES.map((type, i) => [type, counters[offset + i]!])) as Record<SiteType, number>;
    return { counts: byType(0), wobbleCounts: byType(4), total, sites };
  }

  /**
   * Best ungapped antiparallel complementarity of the miRNA to the target (best local segment over
   * every diagonal, scored per position as assembly/encoders.ts complementarity defines): a few µs
   * per pair, what a screen ranks by before the duplex kernel runs on the shortlist.
   */
  complementarity(mirna: Codes, target: Codes): number {
    const pad = COMPLEMENTARITY_PAD;
    const mir = this.wasm.reserve(align16(mirna.length) + align16(target.length + 2 * pad));
    const tgt = mir + align16(mirna.length);
    const memory = this.bytes();
    memory.set(mirna, mir);
    memory.fill(4, tgt, tgt + pad);
    memory.set(target, tgt + pad);
    memory.fill(4, tgt + pad + target.length, tgt + 2 * pad + target.length);
    return this.wasm.complementarity(mir, mirna.length, tgt + pad, target.length);
  }

  /**
   * psRNATarget-style complementarity (scoring schema V2, docs/complementarity.md): the miRNA's
   * lowest-expectation site on the target with its alignment and call, and target-mimicry sites.
   */
  expectation(mirna: Codes, target: Codes): ExpectationResult {
    const hsp = PSRNATARGET_V2.hspSize;
    const workBytes = this.wasm.expectationWorkBytes(mirna.length, target.length, hsp);
    const mir = this.wasm.reserve(
      align16(mirna.length) + align16(target.length) + EXPECTATION_RECORD_BYTES + workBytes,
    );
    const tgt = mir + align16(mirna.length);
    const out = tgt + align16(target.length);
    const work = out + EXPECTATION_RECORD_BYTES;
    const memory = this.bytes();
    memory.set(mirna, mir);
    memory.set(target, tgt);
    this.wasm.expectation(mir, mirna.length, tgt, target.length, hsp, work, out);
    return decodeExpectationRecord(
      new Int32Array(this.wasm.memory.buffer, out, 16),
      new Uint8Array(this.wasm.memory.buffer, out, EXPECTATION_RECORD_BYTES),
    );
  }

  /**
   * Minimum free energy duplex of the miRNA on the target (RNAhybrid's model, Turner 1999
   * parameters; docs/duplex.md), and optionally the best non-overlapping sites.
   */
  duplex(mirna: Codes, target: Codes, options: DuplexOptions = {}): DuplexResult {
    const key = `${String.fromCharCode(...mirna)}|${options.maxInternalLoop ?? 15}|${options.maxBulge ?? 15}|${options.helix ?? ""}|${options.sites ?? 1}`;
    let cached = this.duplexCache.get(target);
    const hit = cached?.get(key);
    if (hit) return hit;
    const result = this.computeDuplex(mirna, target, options);
    if (!cached) this.duplexCache.set(target, (cached = new Map()));
    cached.set(key, result);
    return result;
  }

  private computeDuplex(mirna: Codes, target: Codes, options: DuplexOptions): DuplexResult {
    const m = mirna.length;
    const n = target.length;
    if (m < 1 || m > MAX_DUPLEX_QUERY)
      throw new RangeError(`the duplex miRNA must have 1–${MAX_DUPLEX_QUERY} nt, got ${m}`);
    const maxInternal = options.maxInternalLoop ?? 15;
    const maxBulge = options.maxBulge ?? 15;
    if (!Number.isInteger(maxInternal) || maxInternal < 0 || maxInternal > 15)
      throw new RangeError(`maxInternalLoop must be an integer in 0..15, got ${maxInternal}`);
    if (!Number.isInteger(maxBulge) || maxBulge < 0 || maxBulge > 30)
      throw new RangeError(`maxBulge must be an integer in 0..30, got ${maxBulge}`);
    const [helixFrom, helixTo] = options.helix ?? [0, 0];
    if (
      options.helix &&
      !(
        Number.isInteger(helixFrom) &&
        Number.isInteger(helixTo) &&
        1 <= helixFrom &&
        helixFrom < helixTo &&
        helixTo <= m
      )
    ) {
      throw new RangeError(`helix must be [from, to] with 1 ≤ from < to ≤ ${m}, got [${options.helix}]`);
    }
    const wanted = options.sites ?? 1;
    if (!Number.isInteger(wanted) || wanted < 1 || wanted > 1000)
      throw new RangeError(`sites must be an integer in 1..1000, got ${wanted}`);
    if (n === 0) return { energy: 0, best: null, sites: [] };

    const targetBytes = align16(n + 32); // padded with N: the kernel reads up to 32 bases past the end
    const mir = this.wasm.reserve(
      align16(m) + targetBytes + this.wasm.duplexWorkBytes(m, n) + align16(2 * n) + 8 * MAX_DUPLEX_QUERY + 16,
    );
    const tgt = mir + align16(m);
    const work = tgt + targetBytes;
    const starts = work + this.wasm.duplexWorkBytes(m, n);
    const trace = starts + align16(2 * n);
    const jOut = trace + 8 * MAX_DUPLEX_QUERY;
    const memory = this.bytes();
    memory.set(mirna, mir);
    memory.set(target, tgt);
    memory.fill(4, tgt + n, tgt + targetBytes);
    const energy = this.wasm.duplex(
      mir,
      m,
      tgt,
      n,
      work,
      maxInternal,
      maxBulge,
      helixFrom,
      helixTo,
      wanted > 1 ? starts : 0,
    );
    if (energy >= 0) return { energy: 0, best: null, sites: [] };

    const sites = [
      new TracedSite(target, mirna, this.traceDuplex(this.wasm.duplexBestI(), this.wasm.duplexBestJ(), trace), energy),
    ];
    if (wanted > 1) {
      // other starts, best first (energy, then position: a counting sort over the energies, which
      // span a few thousand dcal/mol); a site is kept when it overlaps none already kept, checked on
      // its trace before it is built
      const energies = new Int16Array(this.wasm.memory.buffer, starts, n);
      let lowest = 0;
      for (let i = 0; i < n; i++) if (energies[i]! < lowest) lowest = energies[i]!;
      const slots = new Int32Array(1 - lowest); // slot e − lowest for energies lowest..0
      for (let i = 0; i < n; i++) if (energies[i]! < 0) slots[energies[i]! - lowest]!++;
      let favourable = 0;
      for (let e = 0; e < slots.length; e++) {
        const count = slots[e]!;
        slots[e] = favourable;
        favourable += count;
      }
      const order = new Int32Array(favourable);
      for (let i = 0; i < n; i++) if (energies[i]! < 0) order[slots[energies[i]! - lowest]!++] = i;
      const covered: Array<[number, number]> = [[sites[0]!.targetStart - 1, sites[0]!.targetEnd - 1]];
      const overlaps = (a: number, b: number) => covered.some(([c, d]) => a <= d && b >= c);
      for (const i of order) {
        if (sites.length === wanted) break;
        if (overlaps(i, i)) continue;
        const siteEnergy = this.wasm.duplexStartAt(i, jOut);
        const flat = this.traceDuplex(i, new Int32Array(this.wasm.memory.buffer, jOut, 1)[0]!, trace);
        const [a, b] = [flat[0]!, flat[flat.length - 2]!];
        if (overlaps(a, b)) continue;
        covered.push([a, b]);
        sites.push(new TracedSite(target, mirna, flat, siteEnergy));
      }
    }
    return { energy: energy / 100, best: sites[0] ?? null, sites };
  }

  /**
   * Traces the duplex from (i, j) after duplex(): its [target index, miRNA index] pairs, 0-based, 5′ end of
   * the target first (a view of `out`).
   */
  private traceDuplex(i: number, j: number, out: number): Int32Array {
    const count = this.wasm.duplexTrace(i, j, out);
    return new Int32Array(this.wasm.memory.buffer, out, count * 2);
  }

  private kmer(codes: Codes, kmax: number, normalize: boolean, into?: OutputTarget): Float32Array {
    if (!Number.isInteger(kmax) || kmax < 1 || kmax > MAX_KMER_K) {
      throw new RangeError(`kmax must be an integer in 1..${MAX_KMER_K}, got ${kmax}`);
    }
    const dims = kmerDims(kmax);
    const [input, out] = this.place(codes, dims * 4);
    this.wasm.kmerFeatures(input, codes.length, kmax, out, normalize ? 1 : 0);
    return this.f32(out, dims, into);
  }

  /** Copies codes into linear memory and reserves outputBytes after them; returns both addresses. */
  private place(codes: Codes, outputBytes: number): [number, number] {
    const input = this.wasm.reserve(align16(codes.length) + outputBytes);
    this.bytes().set(codes, input);
    return [input, input + align16(codes.length)];
  }

  /** A byte view of linear memory, renewed only when memory has grown (which detaches the old one). */
  private bytes(): Uint8Array {
    if (this.memoryView.buffer !== this.wasm.memory.buffer) this.memoryView = new Uint8Array(this.wasm.memory.buffer);
    return this.memoryView;
  }

  private f32(address: number, length: number, into?: OutputTarget): Float32Array {
    const result = new Float32Array(this.wasm.memory.buffer, address, length);
    if (into === "linear-memory") return result;
    if (!into) return result.slice();
    if (into.length !== length) throw new RangeError(`output needs ${length} elements, got ${into.length}`);
    into.set(result);
    return into;
  }
}

function checkPositiveInt(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
}

/** Maps a UTF-8 byte offset back to the 1-based character position and the symbol found there. */
function invalidSymbolAt(text: string, byteOffset: number): InvalidSymbolError {
  let bytes = 0;
  let position = 0;
  for (const symbol of text) {
    position++;
    if (bytes >= byteOffset) return new InvalidSymbolError(position, symbol);
    bytes += utf8.encode(symbol).length;
  }
  return new InvalidSymbolError(position, "");
}

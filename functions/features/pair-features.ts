// The feature vector of a (miRNA, lncRNA) pair. Training (scripts/train/featurize.ts) and serving both call
// pairFeatures(), so a model sees exactly the encoding it was trained on; its card records the spec.
import type { DuplexResult, DuplexSite } from "../kernels/duplex.ts";
import { CTD_DIMS, kmerDims, type Encoders, type SeedScan } from "../kernels/encoders.ts";
import { SITE_TYPES, type Codes } from "../kernels/codes.ts";
import type { ExpectationResult } from "../kernels/expectation.ts";
import { isKnown } from "./known-lncrnas.ts";

/**
 * k-mer frequencies + CTD of each RNA, and miRNA seed-site counts on the lncRNA; the "-duplex"
 * variant adds features of the duplex-energy kernel (docs/duplex.md).
 */
export interface KmerCtdSeedEncoding {
  name: "kmer-ctd-seed" | "kmer-ctd-seed-duplex";
  /** lncRNA k-mers k = 1..lncrnaKmax (4 → 340 dims, as LncMirNet). */
  lncrnaKmax: number;
  /** miRNA k-mers k = 1..mirnaKmax (3 → 84 dims). */
  mirnaKmax: number;
}

/** One block of a composite encoding; lncRNA windows are centred on the best duplex site. */
export type EncodingPart =
  /** The flat pair vector of a k-mer/CTD/seed(/duplex) encoding. */
  | { kind: "pair"; encoding: KmerCtdSeedEncoding }
  /** One-hot [4 × length]: the whole miRNA (zero-padded), or a lncRNA window of `length` nt. */
  | { kind: "onehot"; rna: RnaSide; length: number }
  /** k-mer token ids (kmerTokens: 0 pad, 1 N, 2 + index) as floats, of the miRNA or a lncRNA window of `window` nt. */
  | { kind: "tokens"; rna: RnaSide; k: number; stride: number; window: number }
  /** k-mer frequencies k = 1..kmax of the whole RNA. */
  | { kind: "kmer"; rna: RnaSide; kmax: number }
  /** The plant target convention: psRNATarget-style expectation of the best site, its call and mimicry (EXPECTATION_FEATURES). */
  | { kind: "expectation" }
  /**
   * 1 when the RNA is one of `keys` (sequenceKey of each), else 0: the lncRNAs a model's training rows
   * held, or, with `head`, the miRNAs a species list places in that stacking head's domain.
   */
  | { kind: "known"; rna: RnaSide; keys: string[]; head?: string };

export type RnaSide = "mirna" | "lncrna";

/**
 * Parts laid end to end in one float row, so every model keeps one input tensor; an ONNX graph slices
 * the row (and casts token ids) itself. Sequence models see a lncRNA window around the best duplex —
 * a BiGRU over a 100 kb lncRNA cannot serve at the edge; the window is where the miRNA would bind.
 */
export interface CompositeEncoding {
  name: "composite";
  parts: EncodingPart[];
}

export type FeatureEncoding = KmerCtdSeedEncoding | CompositeEncoding;

export const DEFAULT_ENCODING: KmerCtdSeedEncoding = { name: "kmer-ctd-seed", lncrnaKmax: 4, mirnaKmax: 3 };

const SEED_DIMS = 2 * 2 * SITE_TYPES.length; // {Watson–Crick, wobble} × types × {log1p count, per kb}
const DUPLEX_FEATURES = [
  "duplex.mfe", // kcal/mol, best duplex anywhere on the lncRNA
  "duplex.mfe_seed", // best duplex with a helix over miRNA nt 2–7
  "duplex.mfe_per_nt", // mfe / miRNA length
  "duplex.paired_fraction", // paired miRNA nt in the best duplex / miRNA length
  "duplex.seed_paired", // fraction of nt 2–8 paired in it
  "duplex.supplementary_paired", // fraction of nt 13–16 paired in it
  "duplex.second_site", // energy of the best site not overlapping the first
  "duplex.wobble_pairs", // G·U pairs in the best duplex
] as const;

const EXPECTATION_FEATURES = [
  "expectation.best", // psRNATarget expectation of the best site (NO_SITE_EXPECTATION when none fits)
  "expectation.seed_mismatches", // mismatched or unpaired nt in miRNA nt 2–13 of that site
  "expectation.mismatches", // mismatched miRNA positions
  "expectation.wobbles", // G:U pairs
  "expectation.gaps", // unpaired miRNA nt + unpaired lncRNA nt inside the site
  "expectation.cleavage_site", // 1 when miRNA nt 10–11 pair
  "expectation.called", // 1 when psRNATarget's defaults would report the pair
  "expectation.mimicry_sites", // log1p of the target-mimicry sites
  "expectation.mimicry_mispairs", // mispairs of the best mimicry site (NO_MIMICRY_MISPAIRS when none)
] as const;
/** Above any site's expectation (an all-mismatch site of 19 nt scores 25): the value when no site fits. */
const NO_SITE_EXPECTATION = 32;
/** One past the mispairs a mimicry site may have. */
const NO_MIMICRY_MISPAIRS = 4;

/** The expectation block of a pair (EXPECTATION_FEATURES order) from the kernel's result. */
export function expectationFeatures(result: ExpectationResult): Float32Array {
  const best = result.best;
  return Float32Array.from([
    best?.expectation ?? NO_SITE_EXPECTATION,
    best?.seedMismatches ?? result.scoredLength,
    best?.mismatches.length ?? result.scoredLength,
    best?.wobbles.length ?? 0,
    best ? best.unpaired.length + best.targetBulges.reduce((sum, b) => sum + b.length, 0) : 0,
    best?.cleavageSite ? 1 : 0,
    best?.called ? 1 : 0,
    Math.log1p(result.mimicry.sites),
    result.mimicry.best?.mispairs ?? NO_MIMICRY_MISPAIRS,
  ]);
}

export const hasDuplex = (spec: FeatureEncoding): boolean =>
  spec.name === "composite"
    ? spec.parts.some((p) => p.kind === "pair" && hasDuplex(p.encoding))
    : spec.name === "kmer-ctd-seed-duplex";

/** Whether the encoding needs the best duplex site (for its own features or to place a lncRNA window). */
const needsDuplexSite = (spec: FeatureEncoding): boolean => hasDuplex(spec) || lncrnaWindowLength(spec) !== undefined;

/** Tokens a `tokens` part yields: one per k-mer window start in its span. */
export const tokenCount = (part: Extract<EncodingPart, { kind: "tokens" }>): number =>
  Math.max(1, Math.floor((part.window - part.k) / part.stride) + 1);

function partLength(part: EncodingPart): number {
  switch (part.kind) {
    case "pair":
      return featureLength(part.encoding);
    case "onehot":
      return 4 * part.length;
    case "tokens":
      return tokenCount(part);
    case "kmer":
      return kmerDims(part.kmax);
    case "expectation":
      return EXPECTATION_FEATURES.length;
    case "known":
      return 1;
  }
}

export function featureLength(spec: FeatureEncoding): number {
  if (spec.name === "composite") return spec.parts.reduce((sum, part) => sum + partLength(part), 0);
  return (
    kmerDims(spec.lncrnaKmax) +
    kmerDims(spec.mirnaKmax) +
    2 * CTD_DIMS +
    SEED_DIMS +
    (hasDuplex(spec) ? DUPLEX_FEATURES.length : 0)
  );
}

export function featureNames(spec: FeatureEncoding): string[] {
  if (spec.name === "composite") {
    return spec.parts.flatMap((part, p) => {
      const prefix = `${p}.${part.kind}`;
      switch (part.kind) {
        case "pair":
          return featureNames(part.encoding).map((n) => `${prefix}.${n}`);
        case "onehot":
          return "ACGU"
            .split("")
            .flatMap((b) => Array.from({ length: part.length }, (_, i) => `${prefix}.${part.rna}.${b}.${i}`));
        case "tokens":
          return Array.from({ length: tokenCount(part) }, (_, i) => `${prefix}.${part.rna}.k${part.k}.${i}`);
        case "kmer":
          return kmerNames(`${prefix}.${part.rna}`, part.kmax);
        case "expectation":
          return EXPECTATION_FEATURES.map((n) => `${prefix}.${n}`);
        case "known":
          return [`${prefix}.${part.rna}`];
      }
    });
  }
  return [
    ...kmerNames("lncrna", spec.lncrnaKmax),
    ...kmerNames("mirna", spec.mirnaKmax),
    ...ctdNames("lncrna"),
    ...ctdNames("mirna"),
    ...seedNames(),
    ...(hasDuplex(spec) ? DUPLEX_FEATURES : []),
  ];
}

function kmerNames(prefix: string, kmax: number): string[] {
  const names: string[] = [];
  for (let k = 1; k <= kmax; k++) {
    for (let index = 0; index < 4 ** k; index++) {
      let kmer = "";
      for (let j = k - 1; j >= 0; j--) kmer += "ACGU"[Math.floor(index / 4 ** j) % 4];
      names.push(`${prefix}.kmer.${kmer}`);
    }
  }
  return names;
}

const ctdNames = (prefix: string) => [
  ..."ACGU".split("").map((b) => `${prefix}.ctd.composition.${b}`),
  ...["AC", "AG", "AU", "CG", "CU", "GU"].map((t) => `${prefix}.ctd.transition.${t}`),
  ..."ACGU".split("").flatMap((b) => ["0", "25", "50", "75", "100"].map((q) => `${prefix}.ctd.distribution.${b}.${q}`)),
];

const seedNames = () =>
  ["wc", "gu"].flatMap((kind) =>
    SITE_TYPES.flatMap((type) => [`seed.${kind}.${type}.log1p`, `seed.${kind}.${type}.per_kb`]),
  );

/** The evidence computed with a pair's features, which the API shows. */
export interface PairEvidence {
  seed: SeedScan;
  /** The best duplex and the next non-overlapping one, when the encoding computes them. */
  duplex?: DuplexResult;
}

/** The duplex block of a pair (DUPLEX_FEATURES order) and the duplexes it came from. */
export function duplexFeatures(
  encoders: Encoders,
  mirna: Codes,
  lncrna: Codes,
): { values: Float32Array; duplex: DuplexResult } {
  const duplex = encoders.duplex(mirna, lncrna, { sites: 2 });
  const seeded = mirna.length >= 7 ? encoders.duplex(mirna, lncrna, { helix: [2, 7] }).energy : 0;
  const pairs = duplex.best?.pairs ?? []; // drawn from the site's trace on each read: read once
  const paired = new Set(pairs.map(([, j]) => j));
  const fraction = (from: number, to: number) => {
    let count = 0;
    for (let nt = from; nt <= to; nt++) count += paired.has(nt) ? 1 : 0;
    return count / (to - from + 1);
  };
  const wobbles = pairs.filter(([i, j]) => mirna[j - 1]! + lncrna[i - 1]! === 5).length; // G (2) with U (3)
  const values = Float32Array.from([
    duplex.energy,
    seeded,
    duplex.energy / mirna.length,
    paired.size / mirna.length,
    fraction(2, 8),
    fraction(13, 16),
    duplex.sites[1]?.energy ?? 0,
    wobbles,
  ]);
  return { values, duplex };
}

type RnaSideOf = "mirna" | "lncrna";
const sideKmax = (spec: KmerCtdSeedEncoding, rna: RnaSideOf) => (rna === "mirna" ? spec.mirnaKmax : spec.lncrnaKmax);

/** Length of one RNA's own blocks (k-mer frequencies, CTD). */
export const sideLength = (spec: KmerCtdSeedEncoding, rna: RnaSideOf) => kmerDims(sideKmax(spec, rna)) + CTD_DIMS;

/**
 * One RNA's own blocks [k-mers | CTD]: computed once when one RNA meets many partners (a screen's
 * lncRNA, each miRNA of a screened set).
 */
export function sideFeatures(
  encoders: Encoders,
  spec: KmerCtdSeedEncoding,
  rna: RnaSideOf,
  codes: Codes,
  into: Float32Array = new Float32Array(sideLength(spec, rna)),
): Float32Array {
  const kmax = sideKmax(spec, rna);
  const kmers = kmerDims(kmax);
  encoders.kmerFrequencies(codes, kmax, into.subarray(0, kmers));
  encoders.ctd(codes, into.subarray(kmers, kmers + CTD_DIMS));
  return into;
}

/**
 * Lays the pair vector out from its parts — the one definition of the order: lncRNA k-mers, miRNA
 * k-mers, lncRNA CTD, miRNA CTD, seed block, and the duplex block when the encoding has one.
 */
export function assemblePairFeatures(
  spec: KmerCtdSeedEncoding,
  lncrnaSide: Float32Array,
  mirnaSide: Float32Array,
  scan: SeedScan,
  lncrnaLength: number,
  into: Float32Array,
  duplexBlock?: Float32Array,
): void {
  if (into.length !== featureLength(spec))
    throw new RangeError(`feature row needs ${featureLength(spec)} elements, got ${into.length}`);
  if (hasDuplex(spec) !== (duplexBlock !== undefined))
    throw new Error(`encoding ${spec.name} ${hasDuplex(spec) ? "needs" : "has no"} duplex features`);
  const lncKmers = kmerDims(spec.lncrnaKmax);
  const mirKmers = kmerDims(spec.mirnaKmax);
  let offset = 0;
  const put = (part: Float32Array) => {
    into.set(part, offset);
    offset += part.length;
  };
  put(lncrnaSide.subarray(0, lncKmers));
  put(mirnaSide.subarray(0, mirKmers));
  put(lncrnaSide.subarray(lncKmers, lncKmers + CTD_DIMS));
  put(mirnaSide.subarray(mirKmers, mirKmers + CTD_DIMS));
  const perKb = 1000 / Math.max(lncrnaLength, 1);
  const seed = into.subarray(offset, offset + SEED_DIMS);
  [scan.counts, scan.wobbleCounts].forEach((counts, kind) =>
    SITE_TYPES.forEach((type, t) => {
      seed[(kind * SITE_TYPES.length + t) * 2] = Math.log1p(counts[type]);
      seed[(kind * SITE_TYPES.length + t) * 2 + 1] = counts[type] * perKb;
    }),
  );
  if (duplexBlock) into.set(duplexBlock, offset + SEED_DIMS);
}

/**
 * Writes the pair's features into `into` (a row of the batch) and returns the evidence computed on
 * the way (seed sites, duplexes), which the API shows.
 */
export function pairFeatures(
  encoders: Encoders,
  spec: FeatureEncoding,
  mirna: Codes,
  lncrna: Codes,
  into: Float32Array,
  maxSites = 100,
): PairEvidence {
  if (into.length !== featureLength(spec))
    throw new RangeError(`feature row needs ${featureLength(spec)} elements, got ${into.length}`);
  const scan = encoders.seedSites(mirna, lncrna, maxSites);
  const withDuplex = hasDuplex(spec) ? duplexFeatures(encoders, mirna, lncrna) : undefined;
  // the same options as duplexFeatures asks for, so that one cached run serves both
  const duplex =
    withDuplex?.duplex ?? (needsDuplexSite(spec) ? encoders.duplex(mirna, lncrna, { sites: 2 }) : undefined);
  if (spec.name === "composite") {
    let offset = 0;
    for (const part of spec.parts) {
      const row = into.subarray(offset, offset + partLength(part));
      offset += row.length;
      writePart(encoders, part, mirna, lncrna, scan, withDuplex?.values, duplex?.best ?? null, row);
    }
  } else {
    assemblePairFeatures(
      spec,
      sideFeatures(encoders, spec, "lncrna", lncrna),
      sideFeatures(encoders, spec, "mirna", mirna),
      scan,
      lncrna.length,
      into,
      withDuplex?.values,
    );
  }
  return duplex ? { seed: scan, duplex } : { seed: scan };
}

/** Where duplexWindow starts (0-based): centred on the best duplex, kept inside the lncRNA. */
export function duplexWindowStart(lncrnaLength: number, best: DuplexSite | null, length: number): number {
  const centre = best ? Math.floor((best.targetStart + best.targetEnd - 1) / 2) : Math.floor(lncrnaLength / 2);
  return Math.max(0, Math.min(centre - Math.floor(length / 2), lncrnaLength - length));
}

/** The lncRNA span of `length` nt centred on the best duplex (the middle of the lncRNA when none pairs). */
export function duplexWindow(lncrna: Codes, best: DuplexSite | null, length: number): Codes {
  const start = duplexWindowStart(lncrna.length, best, length);
  return lncrna.subarray(start, start + length);
}

/** The window length of a composite encoding's lncRNA sequence part (tokens or one-hot), if it has one. */
export function lncrnaWindowLength(spec: FeatureEncoding): number | undefined {
  if (spec.name !== "composite") return undefined;
  const part = spec.parts.find(
    (p) => (p.kind === "tokens" && p.rna === "lncrna") || (p.kind === "onehot" && p.rna === "lncrna"),
  );
  return part?.kind === "tokens" ? part.window : part?.kind === "onehot" ? part.length : undefined;
}

function writePart(
  encoders: Encoders,
  part: EncodingPart,
  mirna: Codes,
  lncrna: Codes,
  scan: SeedScan,
  duplexBlock: Float32Array | undefined,
  best: DuplexSite | null,
  into: Float32Array,
): void {
  if (part.kind === "pair") {
    assemblePairFeatures(
      part.encoding,
      sideFeatures(encoders, part.encoding, "lncrna", lncrna),
      sideFeatures(encoders, part.encoding, "mirna", mirna),
      scan,
      lncrna.length,
      into,
      hasDuplex(part.encoding) ? duplexBlock : undefined,
    );
    return;
  }
  if (part.kind === "expectation") {
    into.set(expectationFeatures(encoders.expectation(mirna, lncrna)));
    return;
  }
  const window = part.kind === "onehot" ? part.length : part.kind === "tokens" ? part.window : undefined;
  writeSequencePart(
    encoders,
    part,
    part.rna === "mirna" ? mirna : window === undefined ? lncrna : duplexWindow(lncrna, best, window),
    into,
  );
}

/** A part that reads one sequence: the miRNA, the whole lncRNA or a lncRNA window. */
function writeSequencePart(
  encoders: Encoders,
  part: Exclude<EncodingPart, { kind: "pair" } | { kind: "expectation" }>,
  codes: Codes,
  into: Float32Array,
): void {
  switch (part.kind) {
    case "onehot":
      encoders.onehot(codes, part.length, into);
      return;
    case "tokens": {
      const { tokens } = encoders.kmerTokens(codes, part.k, part.stride, tokenCount(part));
      for (let i = 0; i < tokens.length; i++) into[i] = tokens[i]!;
      return;
    }
    case "kmer":
      encoders.kmerFrequencies(codes, part.kmax, into);
      return;
    case "known":
      into[0] = isKnown(part.keys, codes) ? 1 : 0;
      return;
  }
}

/**
 * Whether each part of a composite encoding reads one RNA alone, whole (no pair block, no lncRNA
 * window placed by the duplex): then a screen builds the lncRNA's parts once for every candidate.
 */
export function separableComposite(spec: FeatureEncoding): spec is CompositeEncoding {
  return (
    spec.name === "composite" &&
    spec.parts.every(
      (part) =>
        part.kind === "kmer" ||
        part.kind === "known" ||
        (part.kind !== "pair" && part.kind !== "expectation" && part.rna === "mirna"),
    )
  );
}

/**
 * Rows of one lncRNA against many miRNAs in a separable composite encoding: the lncRNA's parts are
 * written once, and `write(r, row)` copies them into a row and adds miRNA r's parts.
 */
export function separableRows(
  encoders: Encoders,
  spec: CompositeEncoding,
  lncrna: Codes,
  mirnas: readonly Codes[],
): (r: number, row: Float32Array) => void {
  if (!separableComposite(spec))
    throw new Error("separableRows needs a composite encoding whose parts each read one RNA");
  const lncrnaRow = new Float32Array(featureLength(spec));
  writeSideParts(encoders, spec, "lncrna", lncrna, lncrnaRow);
  return (r, row) => {
    row.set(lncrnaRow);
    writeSideParts(encoders, spec, "mirna", mirnas[r]!, row);
  };
}

/** Writes the parts of one side into their places in a full row (the other side's are left alone). */
function writeSideParts(
  encoders: Encoders,
  spec: CompositeEncoding,
  side: RnaSide,
  codes: Codes,
  row: Float32Array,
): void {
  let offset = 0;
  for (const part of spec.parts) {
    const length = partLength(part);
    if (part.kind !== "pair" && part.kind !== "expectation" && part.rna === side)
      writeSequencePart(encoders, part, codes, row.subarray(offset, offset + length));
    offset += length;
  }
}

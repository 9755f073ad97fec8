// The feature vector of a (miRNA, lncRNA) pair. Training (scripts/featurize.ts) and serving both call
// pairFeatures(), so a model sees exactly the encoding it was trained on; its card records the spec.
import { CTD_DIMS, kmerDims, SITE_TYPES, type Codes, type Encoders, type SeedScan } from "../kernels/encoders.ts";

/** k-mer frequencies + CTD of each RNA, and miRNA seed-site counts on the lncRNA. */
export interface KmerCtdSeedEncoding {
  name: "kmer-ctd-seed";
  /** lncRNA k-mers k = 1..lncrnaKmax (4 → 340 dims, as LncMirNet). */
  lncrnaKmax: number;
  /** miRNA k-mers k = 1..mirnaKmax (3 → 84 dims). */
  mirnaKmax: number;
}

export type FeatureEncoding = KmerCtdSeedEncoding;

export const DEFAULT_ENCODING: KmerCtdSeedEncoding = { name: "kmer-ctd-seed", lncrnaKmax: 4, mirnaKmax: 3 };

const SEED_DIMS = 2 * 2 * SITE_TYPES.length; // {Watson–Crick, wobble} × types × {log1p count, per kb}

export function featureLength(spec: FeatureEncoding): number {
  return kmerDims(spec.lncrnaKmax) + kmerDims(spec.mirnaKmax) + 2 * CTD_DIMS + SEED_DIMS;
}

export function featureNames(spec: FeatureEncoding): string[] {
  const kmers = (prefix: string, kmax: number) => {
    const names: string[] = [];
    for (let k = 1; k <= kmax; k++) {
      for (let index = 0; index < 4 ** k; index++) {
        let kmer = "";
        for (let j = k - 1; j >= 0; j--) kmer += "ACGU"[Math.floor(index / 4 ** j) % 4];
        names.push(`${prefix}.kmer.${kmer}`);
      }
    }
    return names;
  };
  const ctd = (prefix: string) => [
    ..."ACGU".split("").map((b) => `${prefix}.ctd.composition.${b}`),
    ...["AC", "AG", "AU", "CG", "CU", "GU"].map((t) => `${prefix}.ctd.transition.${t}`),
    ..."ACGU".split("").flatMap((b) => ["0", "25", "50", "75", "100"].map((q) => `${prefix}.ctd.distribution.${b}.${q}`)),
  ];
  const seed = ["wc", "gu"].flatMap((kind) =>
    SITE_TYPES.flatMap((type) => [`seed.${kind}.${type}.log1p`, `seed.${kind}.${type}.per_kb`]),
  );
  return [...kmers("lncrna", spec.lncrnaKmax), ...kmers("mirna", spec.mirnaKmax), ...ctd("lncrna"), ...ctd("mirna"), ...seed];
}

/** Length of the lncRNA's own blocks (k-mer frequencies, CTD). */
export const lncrnaSideLength = (spec: FeatureEncoding) => kmerDims(spec.lncrnaKmax) + CTD_DIMS;
/** Length of the miRNA's own blocks (k-mer frequencies, CTD). */
export const mirnaSideLength = (spec: FeatureEncoding) => kmerDims(spec.mirnaKmax) + CTD_DIMS;

/** The lncRNA's blocks [k-mers | CTD]: computed once when one lncRNA meets many miRNAs (screening). */
export function lncrnaSideFeatures(encoders: Encoders, spec: FeatureEncoding, lncrna: Codes, into: Float32Array = new Float32Array(lncrnaSideLength(spec))): Float32Array {
  const kmers = kmerDims(spec.lncrnaKmax);
  encoders.kmerFrequencies(lncrna, spec.lncrnaKmax, into.subarray(0, kmers));
  encoders.ctd(lncrna, into.subarray(kmers, kmers + CTD_DIMS));
  return into;
}

/** The miRNA's blocks [k-mers | CTD]: computed once per miRNA of a screened set. */
export function mirnaSideFeatures(encoders: Encoders, spec: FeatureEncoding, mirna: Codes, into: Float32Array = new Float32Array(mirnaSideLength(spec))): Float32Array {
  const kmers = kmerDims(spec.mirnaKmax);
  encoders.kmerFrequencies(mirna, spec.mirnaKmax, into.subarray(0, kmers));
  encoders.ctd(mirna, into.subarray(kmers, kmers + CTD_DIMS));
  return into;
}

/**
 * Lays the pair vector out from its parts — the one definition of the order: lncRNA k-mers, miRNA
 * k-mers, lncRNA CTD, miRNA CTD, seed block.
 */
export function assemblePairFeatures(spec: FeatureEncoding, lncrnaSide: Float32Array, mirnaSide: Float32Array, scan: SeedScan, lncrnaLength: number, into: Float32Array): void {
  if (into.length !== featureLength(spec)) throw new RangeError(`feature row needs ${featureLength(spec)} elements, got ${into.length}`);
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
}

/**
 * Writes the pair's features into `into` (a row of the batch) and returns the seed scan, which the
 * API also shows as evidence.
 */
export function pairFeatures(encoders: Encoders, spec: FeatureEncoding, mirna: Codes, lncrna: Codes, into: Float32Array, maxSites = 100): SeedScan {
  if (into.length !== featureLength(spec)) throw new RangeError(`feature row needs ${featureLength(spec)} elements, got ${into.length}`);
  const scan = encoders.seedSites(mirna, lncrna, maxSites);
  assemblePairFeatures(spec, lncrnaSideFeatures(encoders, spec, lncrna), mirnaSideFeatures(encoders, spec, mirna), scan, lncrna.length, into);
  return scan;
}

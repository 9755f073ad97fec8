// Plant target complementarity as the API and the featurizer see it: psRNATarget's scoring schema V2
// (docs/complementarity.md) computed by assembly/expectation.ts, and the decoding of its output
// record.

/** psRNATarget V2 defaults (Dai, Zhuang & Zhao, NAR 2018); the penalties live in the kernel. */
export const PSRNATARGET_V2 = {
  /** miRNA nt scored from the 5′ end (HSP size). */
  hspSize: 19,
  /** A pair is called a target at or below this expectation. */
  maxExpectation: 5,
  /** …and with at most this many mismatches in the seed region (miRNA nt 2–13). */
  maxSeedMismatches: 2,
} as const;

/** Bytes of the kernel's output record (assembly/expectation.ts EXPECTATION_RECORD_BYTES). */
export const EXPECTATION_RECORD_BYTES = 128;
const RECORD_STATES = 64;
const RECORD_BULGES = RECORD_STATES + 32;

export type Inhibition = "cleavage" | "translation";

/** Unpaired lncRNA nucleotides between two paired miRNA nucleotides. */
export interface TargetBulge {
  /** The miRNA nt (1-based from its 5′ end) the bulge follows. */
  after: number;
  length: number;
}

export interface ExpectationSite {
  /** psRNATarget expectation: the site's summed penalties (lower: more complementary). */
  expectation: number;
  /** 1-based first lncRNA position of the site (it faces the last scored miRNA nt). */
  start: number;
  /** 1-based last lncRNA position of the site (inclusive; it faces miRNA nt 1). */
  end: number;
  /** miRNA positions (1-based) facing a non-complementary or unknown base. */
  mismatches: number[];
  /** miRNA positions in a G:U pair. */
  wobbles: number[];
  /** miRNA positions left without a partner (a bulge in the miRNA). */
  unpaired: number[];
  targetBulges: TargetBulge[];
  /** Mismatched or unpaired nucleotides in the seed region (miRNA nt 2–13, lncRNA bulges inside it included). */
  seedMismatches: number;
  /** miRNA nt 10 and 11 both paired (Watson–Crick or G:U) with no lncRNA bulge between them. */
  cleavageSite: boolean;
  inhibition: Inhibition;
  /** psRNATarget would report the pair: expectation ≤ maxExpectation and seedMismatches ≤ maxSeedMismatches. */
  called: boolean;
}

/** A target-mimicry site (Wu et al. 2013): a paired seed and a three-nt lncRNA bulge after miRNA nt 9–11. */
export interface MimicrySite {
  start: number;
  end: number;
  /** The miRNA nt the three unpaired lncRNA nt follow (10: IPS1's site, Franco-Zorrilla et al. 2007). */
  bulgeAfter: number;
  /** Mismatches and G:U pairs outside the seed and the bulge. */
  mispairs: number;
}

export interface ExpectationResult {
  /** miRNA nt the expectation scores: min(length, HSP size). */
  scoredLength: number;
  /** The lowest-expectation site (ties: nearest the lncRNA's 5′ end); null for an empty sequence. */
  best: ExpectationSite | null;
  mimicry: { sites: number; best: MimicrySite | null };
}

/** The psRNATarget call for a site from its expectation, seed mismatches and cleavage check. */
export function expectationCall(
  expectation: number,
  seedMismatches: number,
  cleavageSite: boolean,
): Pick<ExpectationSite, "inhibition" | "called"> {
  return {
    inhibition: cleavageSite ? "cleavage" : "translation",
    called: expectation <= PSRNATARGET_V2.maxExpectation && seedMismatches <= PSRNATARGET_V2.maxSeedMismatches,
  };
}

/** Decodes the kernel's output record (its i32 fields and the byte arrays after them). */
export function decodeExpectationRecord(record: Int32Array, bytes: Uint8Array): ExpectationResult {
  const scoredLength = record[5]!;
  const mimicrySites = record[6]!;
  const mimicry = {
    sites: mimicrySites,
    best:
      mimicrySites > 0 ? { start: record[7]!, end: record[8]!, bulgeAfter: record[9]!, mispairs: record[10]! } : null,
  };
  if (record[0]! < 0) return { scoredLength, best: null, mimicry };
  const mismatches: number[] = [];
  const wobbles: number[] = [];
  const unpaired: number[] = [];
  const targetBulges: TargetBulge[] = [];
  for (let i = 0; i < scoredLength; i++) {
    const state = bytes[RECORD_STATES + i]!;
    if (state === 1) wobbles.push(i + 1);
    else if (state === 2) mismatches.push(i + 1);
    else if (state === 3) unpaired.push(i + 1);
    const bulge = bytes[RECORD_BULGES + i]!;
    if (bulge > 0) targetBulges.push({ after: i + 1, length: bulge });
  }
  const expectation = record[0]! / 4;
  const seedMismatches = record[3]!;
  const cleavageSite = record[4]! === 1;
  return {
    scoredLength,
    best: {
      expectation,
      start: record[1]!,
      end: record[2]!,
      mismatches,
      wobbles,
      unpaired,
      targetBulges,
      seedMismatches,
      cleavageSite,
      ...expectationCall(expectation, seedMismatches, cleavageSite),
    },
    mimicry,
  };
}

// The alphabet every kernel and binding shares: nucleotide codes, their letters, and the seed-site
// types the seed scan reports.

/** Nucleotide codes as the kernels use them: A=0 C=1 G=2 U=3 (T is U), N/ambiguity = 4. */
export type Codes = Uint8Array;

/** The letter of each code (U alphabet, N for an unknown base). */
export const CODE_LETTERS = "ACGUN";

/** Nucleotide codes back to letters. */
export const codesToSequence = (codes: Codes): string => Array.from(codes, (c) => CODE_LETTERS[c]).join("");

export const SITE_TYPES = ["8mer", "7mer-m8", "7mer-A1", "6mer"] as const;
export type SiteType = (typeof SITE_TYPES)[number];

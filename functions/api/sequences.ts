// Sequence checks for a request: normalize with the kernel, then apply the length limits. Every
// fault is collected with its JSON pointer (and, for FASTA input, record, line and column) so one
// answer lists all of them.
import { InvalidSymbolError, type Encoders } from "../kernels/encoders.ts";
import { type Codes } from "../kernels/codes.ts";
import { fastaPosition, type FastaInputRecord } from "./fasta.ts";
import { LIMITS } from "./limits.ts";
import { problemType, type FieldError } from "./problems.ts";

export type Molecule = "mirna" | "lncrna";

export interface CheckedSequence {
  codes: Codes;
  ambiguous: number;
}

/** A FASTA record being checked: the record and its 1-based index in its field. */
export interface FastaSource {
  record: FastaInputRecord;
  index: number;
}

export function checkSequence(
  encoders: Encoders,
  text: string,
  molecule: Molecule,
  pointer: string,
  errors: FieldError[],
  fasta?: FastaSource,
): CheckedSequence | undefined {
  const where = fasta ? `${molecule} record ${fasta.index} (${fasta.record.id}, line ${fasta.record.line})` : molecule;
  const located = fasta ? { record: fasta.index, id: fasta.record.id } : {};
  let normalized;
  try {
    normalized = encoders.normalize(text);
  } catch (error) {
    if (!(error instanceof InvalidSymbolError)) throw error;
    const inFasta = fasta ? fastaPosition(fasta.record, error.position) : undefined;
    errors.push({
      type: problemType("invalid-symbol"),
      pointer,
      detail: `${where}: ${error.message}${inFasta ? ` (line ${inFasta.line}, column ${inFasta.column})` : ""}; accepted are A C G U/T, N and IUPAC ambiguity codes (any case) and whitespace`,
      position: error.position,
      symbol: error.symbol,
      ...located,
      ...inFasta,
    });
    return undefined;
  }
  const length = normalized.codes.length;
  if (length === 0) {
    errors.push({ type: problemType("empty-sequence"), pointer, detail: `${where} has no nucleotides`, ...located });
    return undefined;
  }
  if (molecule === "lncrna" && length > LIMITS.maxLncrnaLength) {
    errors.push({
      type: problemType("lncrna-too-long"),
      pointer,
      detail: `${where} has ${length} nt; the limit is ${LIMITS.maxLncrnaLength}`,
      length,
      limit: LIMITS.maxLncrnaLength,
      ...located,
    });
    return undefined;
  }
  if (molecule === "lncrna" && length < LIMITS.minLncrnaLength) {
    errors.push({
      type: problemType("lncrna-too-short"),
      pointer,
      detail: `${where} has ${length} nt; a lncRNA needs at least ${LIMITS.minLncrnaLength} to be scored`,
      length,
      min: LIMITS.minLncrnaLength,
      ...located,
    });
    return undefined;
  }
  if (molecule === "mirna" && (length < LIMITS.minMirnaLength || length > LIMITS.maxMirnaLength)) {
    errors.push({
      type: problemType("mirna-length"),
      pointer,
      detail: `${where} has ${length} nt; a mature miRNA must have ${LIMITS.minMirnaLength}–${LIMITS.maxMirnaLength}`,
      length,
      min: LIMITS.minMirnaLength,
      max: LIMITS.maxMirnaLength,
      ...located,
    });
    return undefined;
  }
  if (normalized.ambiguous > LIMITS.maxAmbiguousShare * length) {
    const percent = Math.round((100 * normalized.ambiguous) / length);
    errors.push({
      type: problemType("too-ambiguous"),
      pointer,
      detail: `${where} has ${normalized.ambiguous} of ${length} nt as N or ambiguity codes (${percent} %); at most ${LIMITS.maxAmbiguousShare * 100} % can be scored`,
      ambiguous: normalized.ambiguous,
      length,
      maxShare: LIMITS.maxAmbiguousShare,
      ...located,
    });
    return undefined;
  }
  return normalized;
}

/** What a caller should know about a scored lncRNA: shorter than any the models learned from. */
export function lncrnaWarnings(length: number): SequenceWarning[] {
  if (length >= LIMITS.shortestTrainedLncrnaLength) return [];
  return [
    {
      code: "lncrna-shorter-than-training",
      detail: `the lncRNA has ${length} nt, shorter than any lncRNA the models were trained on (${LIMITS.shortestTrainedLncrnaLength} nt): its score is an extrapolation`,
    },
  ];
}

/** The warnings field of an answer: left out when there is none. */
export const withWarnings = (warnings: SequenceWarning[]) => (warnings.length > 0 ? { warnings } : {});

export interface SequenceWarning {
  code: "lncrna-shorter-than-training";
  detail: string;
}

/** Checks every record of a FASTA field; the result holds undefined where a record failed. */
export function checkFastaRecords(
  encoders: Encoders,
  records: FastaInputRecord[],
  molecule: Molecule,
  pointer: string,
  errors: FieldError[],
): Array<CheckedSequence | undefined> {
  return records.map((record, i) =>
    checkSequence(encoders, record.text, molecule, pointer, errors, { record, index: i + 1 }),
  );
}

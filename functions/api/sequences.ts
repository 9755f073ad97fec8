// Sequence checks for a request: normalize with the kernel, then apply the length limits. Every
// fault is collected with its JSON pointer so one answer lists all of them.
import { InvalidSymbolError, type Codes, type Encoders } from "../kernels/encoders.ts";
import { LIMITS } from "./limits.ts";
import { problemType, type FieldError } from "./problems.ts";

export type Molecule = "mirna" | "lncrna";

export interface CheckedSequence {
  codes: Codes;
  ambiguous: number;
}

export function checkSequence(encoders: Encoders, text: string, molecule: Molecule, pointer: string, errors: FieldError[]): CheckedSequence | undefined {
  let normalized;
  try {
    normalized = encoders.normalize(text);
  } catch (error) {
    if (!(error instanceof InvalidSymbolError)) throw error;
    errors.push({
      type: problemType("invalid-symbol"),
      pointer,
      detail: `${molecule}: ${error.message}; accepted are A C G U/T, N and IUPAC ambiguity codes (any case) and whitespace`,
      position: error.position,
      symbol: error.symbol,
    });
    return undefined;
  }
  const length = normalized.codes.length;
  if (length === 0) {
    errors.push({ type: problemType("empty-sequence"), pointer, detail: `${molecule} has no nucleotides` });
    return undefined;
  }
  if (molecule === "lncrna" && length > LIMITS.maxLncrnaLength) {
    errors.push({
      type: problemType("lncrna-too-long"),
      pointer,
      detail: `lncrna has ${length} nt; the limit is ${LIMITS.maxLncrnaLength}`,
      length,
      limit: LIMITS.maxLncrnaLength,
    });
    return undefined;
  }
  if (molecule === "mirna" && (length < LIMITS.minMirnaLength || length > LIMITS.maxMirnaLength)) {
    errors.push({
      type: problemType("mirna-length"),
      pointer,
      detail: `mirna has ${length} nt; a mature miRNA must have ${LIMITS.minMirnaLength}–${LIMITS.maxMirnaLength}`,
      length,
      min: LIMITS.minMirnaLength,
      max: LIMITS.maxMirnaLength,
    });
    return undefined;
  }
  return normalized;
}

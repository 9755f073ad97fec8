// Builds a species set from records read in the data dir: each miRNA is checked by the same rules as
// a request's miRNA (functions/api/sequences.ts), so a stored set never holds what a request would
// refuse.
import { checkSequence } from "../../functions/api/sequences.ts";
import type { FieldError } from "../../functions/api/problems.ts";
import { codesToSequence } from "../../functions/kernels/codes.ts";
import type { Encoders } from "../../functions/kernels/encoders.ts";
import {
  rowsBySequence,
  SPECIES_FORMAT,
  SPECIES_NAME,
  type SpeciesSet,
  type SpeciesSource,
} from "../../functions/species/set.ts";

export interface SkippedRecord {
  id: string;
  reason: string;
}

/**
 * A set from FASTA records, each checked by the same rules as a request's miRNA (normalized, 15–30
 * nt); records that fail are skipped and reported, never silently dropped. Identical sequences make
 * one row listing every name, curated names before predicted ones.
 */
export function buildSpeciesSet(
  encoders: Encoders,
  name: string,
  source: SpeciesSource,
  records: ReadonlyArray<{ id: string; sequence: string }>,
): { set: SpeciesSet; skipped: SkippedRecord[] } {
  if (!SPECIES_NAME.test(name))
    throw new Error(`species set name ${JSON.stringify(name)} is not a miRBase-style prefix`);
  const skipped: SkippedRecord[] = [];
  const checkedRecords: Array<{ id: string; sequence: string }> = [];
  for (const record of records) {
    const errors: FieldError[] = [];
    const checked = checkSequence(encoders, record.sequence, "mirna", `/${record.id}`, errors);
    if (checked) checkedRecords.push({ id: record.id, sequence: codesToSequence(checked.codes) });
    else skipped.push({ id: record.id, reason: errors[0]!.detail });
  }
  const mirnas = rowsBySequence(checkedRecords);
  return { set: { format: SPECIES_FORMAT, name, source, mirnas }, skipped };
}

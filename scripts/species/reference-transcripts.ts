// Reference lncRNA transcripts as reference:load and `lmi-edge score --reference` read them: FASTA
// records checked with the API's rules, each distinct normalized sequence once, the rest named.
import { readFileSync } from "node:fs";
import type { FieldError } from "../../functions/api/problems.ts";
import { checkSequence } from "../../functions/api/sequences.ts";
import { codesToSequence } from "../../functions/kernels/codes.ts";
import type { Encoders } from "../../functions/kernels/encoders.ts";
import { parseFasta } from "../data/fasta.ts";

export interface Transcript {
  id: string;
  sequence: string;
}

/** The FASTA records of a file; a file with none is an error that names it. */
export function readTranscripts(file: string): Transcript[] {
  const records = parseFasta(readFileSync(file, "utf8"));
  if (records.length === 0) throw new Error(`${file} holds no FASTA records`);
  return records;
}

/**
 * The records that pass the API's lncRNA checks, normalized, each distinct sequence once, and the rest
 * with why; none passing is an error.
 */
export function checkedTranscripts(
  encoders: Encoders,
  records: readonly Transcript[],
): { kept: Transcript[]; skipped: string[] } {
  const seen = new Set<string>();
  const kept: Transcript[] = [];
  const skipped: string[] = [];
  for (const record of records) {
    const errors: FieldError[] = [];
    const checked = checkSequence(encoders, record.sequence, "lncrna", "/sequence", errors);
    if (!checked) {
      skipped.push(`${record.id}: ${errors.map((e) => e.detail).join("; ")}`);
      continue;
    }
    const sequence = codesToSequence(checked.codes);
    if (seen.has(sequence)) continue;
    seen.add(sequence);
    kept.push({ id: record.id, sequence });
  }
  if (kept.length === 0) throw new Error("no transcript passed the checks: nothing to load");
  return { kept, skipped };
}

// Delimited text (CSV, TSV and the one-line-per-pair ">a,b,…" FASTA variants) read through csv-parse,
// with the 1-based line of each record kept so that every error names where it is. CRLF is accepted.
import { parse } from "csv-parse/sync";
import type { Label } from "./pairs.ts";

export interface TextRecord {
  fields: string[];
  /** 1-based line number in the file. */
  line: number;
}

export function readRecords(text: string, source: string, delimiter = ","): TextRecord[] {
  try {
    const rows = parse(text.replace(/^\uFEFF/, ""), {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    return rows.map(({ record, info }) => ({ fields: record, line: info.lines }));
  } catch (error) {
    throw new Error(`${source}: not readable as ${delimiter === "\t" ? "TSV" : "CSV"}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** The records of a file with exactly `count` fields each; anything else is an error naming the line. */
export function fixedFields(records: TextRecord[], count: number, source: string, what: string): TextRecord[] {
  for (const r of records) {
    if (r.fields.length !== count)
      throw new Error(`${source} line ${r.line}: expected ${count} fields (${what}), got ${r.fields.length}`);
  }
  return records;
}

/** 0/1 labels as written in the benchmark files: 0, 1, 0.0, 1.0. */
export function parseLabel(value: string, where: string): Label {
  const n = value.trim() === "" ? NaN : Number(value);
  if (n !== 0 && n !== 1) throw new Error(`${where}: label ${JSON.stringify(value)} is not 0 or 1`);
  return n;
}

/** The identifier in a header field: leading ">" removed, first whitespace token only (the rest may leak the label). */
export const headerId = (field: string) => field.replace(/^>/, "").trim().split(/\s+/)[0] ?? "";

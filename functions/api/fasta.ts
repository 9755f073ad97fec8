// FASTA as users send it (a JSON field or an uploaded file): `>id description` headers, sequence
// lines wrapped or not, LF or CRLF, blank lines anywhere. Each record keeps the line of its header
// and its sequence text untouched, so a bad symbol can be located by line and column. Structural
// faults are collected as invalid-fasta field errors; sequence faults are left to checkSequence.
import { ID_RULE, unprintableIn } from "./ids.ts";
import { LIMITS } from "./limits.ts";
import { problemType, type FieldError } from "./problems.ts";

export interface FastaInputRecord {
  /** First whitespace-delimited token of the header. */
  id: string;
  /** 1-based line of the header. */
  line: number;
  /** The record's sequence lines joined by "\n" exactly as given (whitespace is dropped later). */
  text: string;
}

/** A FASTA text as the user sent it: a JSON field or a form part. */
export interface FastaField {
  text: string;
  /** How the user named it: the JSON field or the form part. */
  name: string;
  pointer: string;
}

export function parseFastaInput({ text, name, pointer }: FastaField, errors: FieldError[]): FastaInputRecord[] {
  const fault = (detail: string, extensions: Record<string, unknown> = {}) =>
    errors.push({ type: problemType("invalid-fasta"), pointer, detail: `${name}: ${detail}`, ...extensions });
  const lines = text.split("\n");
  const records: FastaInputRecord[] = [];
  let body: string[] | undefined;
  const close = () => {
    if (body) records[records.length - 1]!.text = body.join("\n");
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith(">")) {
      close();
      const id = line.slice(1).trim().split(/\s+/)[0] ?? "";
      if (id === "") fault(`the header on line ${i + 1} has no id`, { line: i + 1 });
      else if (id.length > LIMITS.maxIdLength)
        fault(`the id on line ${i + 1} has ${id.length} characters; the limit is ${LIMITS.maxIdLength}`, {
          line: i + 1,
        });
      else {
        const unprintable = unprintableIn(id);
        if (unprintable)
          fault(
            `the id on line ${i + 1} holds ${unprintable.codePoint} at character ${unprintable.position}; ids take ${ID_RULE}`,
            {
              line: i + 1,
            },
          );
      }
      records.push({ id, line: i + 1, text: "" });
      body = [];
    } else if (body) {
      body.push(line);
    } else if (line.trim() !== "") {
      fault(
        `line ${i + 1} holds sequence before the first ">" header; every record needs a header line such as ">my-id"`,
        { line: i + 1 },
      );
      return [];
    }
  }
  close();
  if (records.length === 0) fault('no FASTA record; expected ">id" header lines, each followed by its sequence');
  return records;
}

/** Maps a 1-based character position in a record's text to its line and column in the FASTA. */
export function fastaPosition(record: FastaInputRecord, position: number): { line: number; column: number } {
  let line = record.line + 1;
  let column = 0;
  let seen = 0;
  for (const symbol of record.text) {
    seen++;
    column++;
    if (seen === position) break;
    if (symbol === "\n") {
      line++;
      column = 0;
    }
  }
  return { line, column };
}

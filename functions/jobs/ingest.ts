// A job's input, read as it streams in: split into lines, each row parsed (TSV, CSV or NDJSON) and
// its sequences checked with the API's own rules, and the accepted pairs cut into shards that each
// fit one request's work budget. Rows that fail are listed with their 1-based line; nothing is
// stored for a job with any failing row.
import { parse as parseCsv } from "csv-parse/browser/esm/sync";
import { isPrintableId, ID_RULE } from "../api/ids.ts";
import { JOB_LIMITS, LIMITS } from "../api/limits.ts";
import { problemType, type FieldError } from "../api/problems.ts";
import { checkSequence } from "../api/sequences.ts";
import type { Encoders } from "../kernels/encoders.ts";

export const JOB_FORMATS = ["tsv", "csv", "ndjson"] as const;
export type JobFormat = (typeof JOB_FORMATS)[number];

export { JOB_LIMITS };
export type JobLimits = typeof JOB_LIMITS;

/** The limits with a deployment's overrides (JOB_SHARD_PAIRS, JOB_MAX_BODY_BYTES: smaller only). */
export function jobLimits(env: { JOB_SHARD_PAIRS?: string; JOB_MAX_BODY_BYTES?: string } = {}): JobLimits {
  const smaller = (value: string | undefined, limit: number) => {
    const n = Number(value);
    return value !== undefined && Number.isInteger(n) && n > 0 ? Math.min(n, limit) : limit;
  };
  return {
    ...JOB_LIMITS,
    shardPairs: smaller(env.JOB_SHARD_PAIRS, JOB_LIMITS.shardPairs),
    maxBodyBytes: smaller(env.JOB_MAX_BODY_BYTES, JOB_LIMITS.maxBodyBytes),
  };
}

/** One accepted pair as a shard stores it: its place in the input, ids, and sequences as given. */
export interface ShardRow {
  /** 0-based index among the job's pairs (input order). */
  i: number;
  id?: string;
  mirnaId?: string;
  lncrnaId?: string;
  mirna: string;
  lncrna: string;
}

type Fields = Record<string, unknown>;
const COLUMNS = ["id", "mirna_id", "lncrna_id", "mirna", "lncrna"] as const;

/** Line-by-line parsing of one format; a header line (TSV/CSV) sets the columns. */
function rowReader(format: JobFormat) {
  let header: string[] | undefined;
  return (text: string): Fields | "header" | string => {
    if (format === "ndjson") {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return "not valid JSON";
      }
      if (typeof value !== "object" || value === null || Array.isArray(value))
        return 'not a JSON object such as {"mirna": "…", "lncrna": "…"}';
      return value as Fields;
    }
    let cells: string[];
    if (format === "tsv") cells = text.split("\t");
    else {
      try {
        cells = (parseCsv(text, { relax_column_count: true }) as string[][])[0] ?? [];
      } catch (error) {
        return `not valid CSV (${(error as Error).message})`;
      }
    }
    if (!header) {
      header = cells.map((cell) => cell.trim().toLowerCase());
      const missing = ["mirna", "lncrna"].filter((c) => !header!.includes(c));
      const unknown = header.filter((c) => !(COLUMNS as readonly string[]).includes(c));
      if (missing.length > 0 || unknown.length > 0)
        return `the header must name the columns mirna and lncrna (optional: id, mirna_id, lncrna_id)${missing.length ? `; missing ${missing.join(", ")}` : ""}${unknown.length ? `; unknown ${unknown.join(", ")}` : ""}`;
      return "header";
    }
    if (cells.length !== header.length) return `has ${cells.length} fields; the header names ${header.length}`;
    const fields: Fields = {};
    header.forEach((name, k) => (fields[name] = cells[k]));
    return fields;
  };
}

const ID_FIELDS = { id: "id", mirna_id: "mirnaId", lncrna_id: "lncrnaId", mirnaId: "mirnaId", lncrnaId: "lncrnaId" };

export interface IngestResult {
  pairs: number;
  /** Pairs per shard, in shard order. */
  shards: number[];
  errors: FieldError[];
  errorCount: number;
  bytes: number;
  /** Set when the body went over a job limit; reading stopped there. */
  tooLarge?: string;
}

/** Lines of a byte stream with their 1-based numbers (LF or CRLF); counts bytes against a limit. */
async function* lines(
  body: ReadableStream<Uint8Array>,
  counter: { bytes: number },
  maxBytes: number,
): AsyncGenerator<{ text: string; line: number } | { overLimit: true }> {
  const decoder = new TextDecoder();
  let rest = "";
  let line = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (value) {
      counter.bytes += value.byteLength;
      if (counter.bytes > maxBytes) {
        await reader.cancel();
        yield { overLimit: true };
        return;
      }
    }
    rest += done ? decoder.decode() : decoder.decode(value, { stream: true });
    const parts = rest.split("\n");
    rest = done ? "" : parts.pop()!;
    for (const part of parts) yield { text: part.endsWith("\r") ? part.slice(0, -1) : part, line: ++line };
    if (done) return;
  }
}

/** Collects accepted pairs into shards (each within the shard limits) and faults by line. */
class Sharder {
  readonly errors: FieldError[] = [];
  errorCount = 0;
  readonly shards: number[] = [];
  pairs = 0;
  tooLarge: string | undefined;
  private shard: string[] = [];
  private work = 0;

  constructor(
    private readonly limits: JobLimits,
    private readonly writeShard: (index: number, text: string) => Promise<unknown>,
  ) {}

  fault(line: number, detail: string, extensions: Record<string, unknown> = {}): void {
    this.errorCount++;
    if (this.errors.length < this.limits.maxErrorsListed)
      this.errors.push({
        type: problemType("invalid-rows"),
        pointer: `#line=${line}`,
        line,
        detail: `line ${line}: ${detail}`,
        ...extensions,
      });
  }

  /** Adds a pair; false once the job is over its pair limit. */
  async add(row: Omit<ShardRow, "i">, lncrnaLength: number): Promise<boolean> {
    if (this.shard.length >= this.limits.shardPairs || this.work + lncrnaLength > this.limits.shardWork)
      await this.flush();
    this.shard.push(JSON.stringify({ i: this.pairs, ...row }));
    this.work += lncrnaLength;
    this.pairs++;
    if (this.pairs <= this.limits.maxPairs) return true;
    this.tooLarge = `the body holds more than ${this.limits.maxPairs} pairs; split them into several jobs`;
    return false;
  }

  async flush(): Promise<void> {
    if (this.shard.length === 0) return;
    if (this.errorCount === 0) await this.writeShard(this.shards.length, this.shard.join("\n") + "\n");
    this.shards.push(this.shard.length);
    this.shard = [];
    this.work = 0;
  }

  async result(bytes: number): Promise<IngestResult> {
    if (!this.tooLarge) await this.flush();
    const { pairs, shards, errors, errorCount, tooLarge } = this;
    return { pairs, shards, errors, errorCount, bytes, ...(tooLarge ? { tooLarge } : {}) };
  }
}

const overBody = (limits: JobLimits) =>
  `the body is over ${limits.maxBodyBytes} bytes; split the pairs into several jobs`;

/**
 * Reads a job body of pair rows: every row checked, accepted pairs cut into shards handed to
 * writeShard (as NDJSON text, in order) until the first fault; after one, rows are still checked so
 * the answer can list every fault, but nothing more is written.
 */
export async function ingest(
  body: ReadableStream<Uint8Array>,
  format: JobFormat,
  encoders: Encoders,
  writeShard: (index: number, text: string) => Promise<unknown>,
  limits: JobLimits = JOB_LIMITS,
): Promise<IngestResult> {
  const read = rowReader(format);
  const sharder = new Sharder(limits, writeShard);
  const counter = { bytes: 0 };
  for await (const item of lines(body, counter, limits.maxBodyBytes)) {
    if ("overLimit" in item) {
      sharder.tooLarge = overBody(limits);
      break;
    }
    const { text, line } = item;
    if (text.trim() === "") continue;
    const fields = read(text);
    if (fields === "header") continue;
    if (typeof fields === "string") {
      sharder.fault(line, fields);
      continue;
    }
    const rowErrors: string[] = [];
    const sequence = (name: "mirna" | "lncrna") => {
      const value = fields[name];
      if (typeof value !== "string") {
        rowErrors.push(`${name} is ${value === undefined ? "missing" : "not a string"}`);
        return undefined;
      }
      const faults: FieldError[] = [];
      const checked = checkSequence(encoders, value, name, "", faults);
      rowErrors.push(...faults.map((f) => f.detail));
      return checked && { text: value, length: checked.codes.length };
    };
    const mirna = sequence("mirna");
    const lncrna = sequence("lncrna");
    const row: Omit<ShardRow, "i"> = { mirna: mirna?.text ?? "", lncrna: lncrna?.text ?? "" };
    for (const [field, key] of Object.entries(ID_FIELDS)) {
      const value = fields[field];
      if (value === undefined || value === "") continue;
      if (typeof value !== "string" || value.length > LIMITS.maxIdLength || !isPrintableId(value))
        rowErrors.push(`${field} must be a string of at most ${LIMITS.maxIdLength} characters, ${ID_RULE}`);
      else row[key as "id" | "mirnaId" | "lncrnaId"] = value;
    }
    if (rowErrors.length > 0) {
      for (const detail of rowErrors) sharder.fault(line, detail);
      continue;
    }
    if (!(await sharder.add(row, lncrna!.length))) break;
  }
  return sharder.result(counter.bytes);
}

/** A miRNA of a species set, as the lncRNAs of a FASTA job are paired with it. */
export interface SetMirna {
  id: string;
  sequence: string;
}

/**
 * Reads a FASTA of lncRNAs and pairs each with every miRNA of a set (lncRNA-major: lncRNA 1 with
 * miRNA 1, 2, …): the screen at scale. Faults are located by the header's line (or, for a bad symbol,
 * its own line and column).
 */
export async function ingestAgainstSet(
  body: ReadableStream<Uint8Array>,
  mirnas: readonly SetMirna[],
  encoders: Encoders,
  writeShard: (index: number, text: string) => Promise<unknown>,
  limits: JobLimits = JOB_LIMITS,
): Promise<IngestResult> {
  const sharder = new Sharder(limits, writeShard);
  const counter = { bytes: 0 };
  let record: { id: string; line: number; lines: string[] } | undefined;
  let sawRecord = false;
  const close = async (): Promise<boolean> => {
    if (!record) return true;
    const fasta = { id: record.id, line: record.line, text: record.lines.join("\n") };
    const faults: FieldError[] = [];
    const checked = checkSequence(encoders, fasta.text, "lncrna", "", faults, { record: fasta, index: 0 });
    record = undefined;
    for (const f of faults) sharder.fault((f.line as number | undefined) ?? fasta.line, f.detail);
    if (!checked) return true;
    for (const m of mirnas) {
      const row = { mirnaId: m.id, lncrnaId: fasta.id, mirna: m.sequence, lncrna: fasta.text.replace(/\s+/g, "") };
      if (!(await sharder.add(row, checked.codes.length))) return false;
    }
    return true;
  };
  for await (const item of lines(body, counter, limits.maxBodyBytes)) {
    if ("overLimit" in item) {
      sharder.tooLarge = overBody(limits);
      break;
    }
    const { text, line } = item;
    if (text.startsWith(">")) {
      if (!(await close())) break;
      sawRecord = true;
      const id = text.slice(1).trim().split(/\s+/)[0] ?? "";
      if (id === "" || id.length > LIMITS.maxIdLength || !isPrintableId(id)) {
        sharder.fault(line, `the header needs an id of at most ${LIMITS.maxIdLength} characters, ${ID_RULE}`);
        record = undefined;
        continue;
      }
      record = { id, line, lines: [] };
    } else if (record) record.lines.push(text);
    else if (text.trim() !== "" && !sawRecord) sharder.fault(line, 'sequence before the first ">" header');
  }
  if (!sharder.tooLarge) await close();
  if (!sawRecord && sharder.errorCount === 0) sharder.fault(1, 'no FASTA record; expected ">id" header lines');
  return sharder.result(counter.bytes);
}

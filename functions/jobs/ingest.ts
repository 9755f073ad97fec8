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
import type { Codes } from "../kernels/codes.ts";
import { formLines } from "./form-lines.ts";

export const JOB_FORMATS = ["tsv", "csv", "ndjson"] as const;
export type JobFormat = (typeof JOB_FORMATS)[number];

export { JOB_LIMITS };
export type JobLimits = typeof JOB_LIMITS;

/** The limits with a deployment's overrides (JOB_SHARD_PAIRS, JOB_MAX_…_BYTES: smaller only). */
export function jobLimits(
  env: { JOB_SHARD_PAIRS?: string; JOB_MAX_BODY_BYTES?: string; JOB_MAX_UPLOAD_BYTES?: string } = {},
): JobLimits {
  const smaller = (value: string | undefined, limit: number) => {
    const n = Number(value);
    return value !== undefined && Number.isInteger(n) && n > 0 ? Math.min(n, limit) : limit;
  };
  return {
    ...JOB_LIMITS,
    shardPairs: smaller(env.JOB_SHARD_PAIRS, JOB_LIMITS.shardPairs),
    maxBodyBytes: smaller(env.JOB_MAX_BODY_BYTES, JOB_LIMITS.maxBodyBytes),
    maxUploadBytes: smaller(env.JOB_MAX_UPLOAD_BYTES, JOB_LIMITS.maxUploadBytes),
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

/** The isoform nt the gene head may score per pair of a lncRNA (the API's geneWork): shard work counts it. */
export type IsoformNt = (lncrna: Codes) => number;

/** A sequence's share of a pair's work: a lncRNA's length and its isoforms' bound; a miRNA's none. */
const workNt = (codes: Codes, molecule: "mirna" | "lncrna", isoformNt: IsoformNt) =>
  molecule === "lncrna" ? codes.length + isoformNt(codes) : 0;

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

  /** A fault at a 1-based line of the body, or of one part of a form body. */
  fault(line: number, detail: string, part?: string): void {
    this.errorCount++;
    if (this.errors.length < this.limits.maxErrorsListed)
      this.errors.push({
        type: problemType("invalid-rows"),
        pointer: `#line=${line}`,
        line,
        detail: `${part ? `${part} ` : ""}line ${line}: ${detail}`,
        ...(part ? { part } : {}),
      });
  }

  /** Adds a pair of this much work (lncRNA nt); false once the job is over its pair limit. */
  async add(row: Omit<ShardRow, "i">, workNt: number): Promise<boolean> {
    if (this.shard.length >= this.limits.shardPairs || this.work + workNt > this.limits.shardWork) {
      await this.flush();
      if (this.shards.length >= this.limits.maxShards) {
        this.tooLarge = `the pairs make more than ${this.limits.maxShards} shards (each a stored object and a queue message); split them into several jobs`;
        return false;
      }
    }
    this.shard.push(JSON.stringify({ i: this.pairs, ...row }));
    this.work += workNt;
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
  isoformNt: IsoformNt = () => 0,
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
      return checked && { text: value, workNt: workNt(checked.codes, name, isoformNt) };
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
    if (!(await sharder.add(row, lncrna!.workNt))) break;
  }
  return sharder.result(counter.bytes);
}

/** A miRNA as the lncRNAs of a FASTA job are paired with it: of a species set or of the form. */
export interface SetMirna {
  id: string;
  sequence: string;
}

interface JobFastaRecord {
  id: string;
  /** 1-based line of the header (in the body, or in the form part). */
  line: number;
  text: string;
}

/** FASTA records from a stream of lines, each handed to `onRecord` as its lines end. */
class FastaAssembler {
  private record: { id: string; line: number; lines: string[] } | undefined;
  private sawRecord = false;

  constructor(
    private readonly fault: (line: number, detail: string) => void,
    /** False once the job is full: reading stops. */
    private readonly onRecord: (record: JobFastaRecord) => Promise<boolean> | boolean,
  ) {}

  /** Takes one line; false once the job is full. */
  async take(text: string, line: number): Promise<boolean> {
    if (!text.startsWith(">")) {
      if (this.record) this.record.lines.push(text);
      else if (text.trim() !== "" && !this.sawRecord) this.fault(line, 'sequence before the first ">" header');
      return true;
    }
    if (!(await this.end())) return false;
    this.sawRecord = true;
    const id = text.slice(1).trim().split(/\s+/)[0] ?? "";
    if (id === "" || id.length > LIMITS.maxIdLength || !isPrintableId(id))
      this.fault(line, `the header needs an id of at most ${LIMITS.maxIdLength} characters, ${ID_RULE}`);
    else this.record = { id, line, lines: [] };
    return true;
  }

  /** Hands over the record being read, if any; `final`: a fault if there was none at all. */
  async end(final = false): Promise<boolean> {
    const record = this.record;
    this.record = undefined;
    if (final && !this.sawRecord) this.fault(1, 'no FASTA record; expected ">id" header lines');
    return !record || this.onRecord({ id: record.id, line: record.line, text: record.lines.join("\n") });
  }
}

/** A record's sequence checked as /v1/predict checks a FASTA record; faults located by line. */
function checkRecord(
  encoders: Encoders,
  record: JobFastaRecord,
  molecule: "mirna" | "lncrna",
  index: number,
  fault: (line: number, detail: string) => void,
  isoformNt: IsoformNt = () => 0,
) {
  const faults: FieldError[] = [];
  const checked = checkSequence(encoders, record.text, molecule, "", faults, { record, index });
  for (const f of faults) fault((f.line as number | undefined) ?? record.line, f.detail);
  return checked && { sequence: record.text.replace(/\s+/g, ""), workNt: workNt(checked.codes, molecule, isoformNt) };
}

/** Pairs one checked lncRNA record with miRNAs, in their order; false once the job is full. */
async function addPairs(
  sharder: Sharder,
  lncrna: { id: string; sequence: string; workNt: number },
  mirnas: readonly SetMirna[],
): Promise<boolean> {
  for (const m of mirnas) {
    const row = { mirnaId: m.id, lncrnaId: lncrna.id, mirna: m.sequence, lncrna: lncrna.sequence };
    if (!(await sharder.add(row, lncrna.workNt))) return false;
  }
  return true;
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
  isoformNt: IsoformNt = () => 0,
): Promise<IngestResult> {
  const sharder = new Sharder(limits, writeShard);
  const counter = { bytes: 0 };
  const fault = (line: number, detail: string) => sharder.fault(line, detail);
  let index = 0;
  const records = new FastaAssembler(fault, (record) => {
    const lncrna = checkRecord(encoders, record, "lncrna", index++, fault, isoformNt);
    return !lncrna || addPairs(sharder, { id: record.id, ...lncrna }, mirnas);
  });
  for await (const item of lines(body, counter, limits.maxBodyBytes)) {
    if ("overLimit" in item) {
      sharder.tooLarge = overBody(limits);
      break;
    }
    if (!(await records.take(item.text, item.line))) break;
  }
  if (!sharder.tooLarge) await records.end(true);
  return sharder.result(counter.bytes);
}

export const PAIRINGS = ["all", "zip"] as const;
export type Pairing = (typeof PAIRINGS)[number];

const FORM_PARTS =
  "mirna (a FASTA of miRNAs), then lncrna (a FASTA of lncRNAs), and optionally pairing (all or zip) before lncrna";

/**
 * Reads a multipart/form-data body of two FASTA files as /v1/predict takes them — parts `mirna` and
 * `lncrna`, optional `pairing` — streaming: the miRNAs (short) are held, the lncRNAs are read record
 * by record and paired as they come. `all` pairs each lncRNA with every miRNA (lncRNA-major, so
 * that nothing but the miRNAs is held), `zip` the k-th lncRNA with the k-th miRNA. Faults name
 * their part and the line in it.
 */
export async function ingestFastaPairs(
  body: ReadableStream<Uint8Array>,
  boundary: string,
  pairingAsked: Pairing | undefined,
  encoders: Encoders,
  writeShard: (index: number, text: string) => Promise<unknown>,
  limits: JobLimits = JOB_LIMITS,
  isoformNt: IsoformNt = () => 0,
): Promise<IngestResult & { pairing: Pairing }> {
  const sharder = new Sharder(limits, writeShard);
  const counter = { bytes: 0 };
  const faultIn = (part: string) => (line: number, detail: string) => sharder.fault(line, detail, part);
  // miRNAs by record number; a record that failed its checks keeps its place for zip pairing
  const mirnas: Array<SetMirna | undefined> = [];
  let pairing = pairingAsked;
  let pairingText: string[] | undefined;
  const seen = new Set<string>();
  let part: { name: string; records?: FastaAssembler; line: number } | undefined;
  let lncrnas = 0;

  const takeMirna = (record: JobFastaRecord) => {
    const checked = checkRecord(encoders, record, "mirna", mirnas.length, faultIn("mirna"));
    mirnas.push(checked && { id: record.id, sequence: checked.sequence });
    return true;
  };
  const takeLncrna = async (record: JobFastaRecord): Promise<boolean> => {
    const index = lncrnas++;
    const fault = faultIn("lncrna");
    const lncrna = checkRecord(encoders, record, "lncrna", index, fault, isoformNt);
    if (pairing === "zip" && index >= mirnas.length) {
      fault(
        record.line,
        `zip pairing: lncRNA record ${index + 1} (${record.id}) has no miRNA record to pair with; the mirna part holds ${mirnas.length}`,
      );
      return true;
    }
    const partners = pairing === "zip" ? [mirnas[index]] : mirnas;
    if (!lncrna || partners.some((m) => !m)) return true; // faulted: keep checking, pair nothing
    return addPairs(sharder, { id: record.id, ...lncrna }, partners as SetMirna[]);
  };
  /** Ends the current part; false once the job is full. */
  const endPart = async (): Promise<boolean> => {
    if (!part) return true;
    const ended = part;
    part = undefined;
    if (ended.name === "mirna" || ended.name === "lncrna") return ended.records!.end(true);
    else if (ended.name === "pairing") {
      const given = (pairingText ?? []).join("\n").trim();
      if (!(PAIRINGS as readonly string[]).includes(given))
        sharder.fault(ended.line, `pairing is "all" or "zip", not ${JSON.stringify(given)}`, "pairing");
      else if (pairing !== undefined && pairing !== given)
        sharder.fault(ended.line, `the pairing part says ${given} but ?pairing= says ${pairing}`, "pairing");
      else pairing = given as Pairing;
    }
    return true;
  };

  read: for await (const event of formLines(lines(body, counter, limits.maxBodyBytes), boundary)) {
    if ("overLimit" in event) {
      sharder.tooLarge = overBody(limits);
      break;
    }
    switch (event.kind) {
      case "malformed":
        sharder.fault(event.line, `not valid multipart/form-data: ${event.detail}`);
        break read;
      case "part": {
        if (!(await endPart())) break read;
        const { name, line } = event;
        const where = `the part starting on line ${line}`;
        if (seen.has(name)) {
          sharder.fault(line, `${where} repeats the part ${name}; the form takes ${FORM_PARTS}`);
          part = { name: "", line };
        } else if (name === "lncrna" && !seen.has("mirna")) {
          sharder.fault(line, `${where} is lncrna, but the mirna part must come first; the form takes ${FORM_PARTS}`);
          break read;
        } else if (name === "pairing" && seen.has("lncrna")) {
          sharder.fault(line, `${where} is pairing, after lncrna; the form takes ${FORM_PARTS}`);
          part = { name: "", line };
        } else if (name !== "mirna" && name !== "lncrna" && name !== "pairing") {
          sharder.fault(
            line,
            `${where} is ${JSON.stringify(name)}; the form takes ${FORM_PARTS} (the model goes in ?model=)`,
          );
          part = { name: "", line };
        } else {
          part = { name, line };
          if (name === "pairing") pairingText = [];
          if (name === "mirna") part.records = new FastaAssembler(faultIn("mirna"), takeMirna);
          if (name === "lncrna") part.records = new FastaAssembler(faultIn("lncrna"), takeLncrna);
        }
        seen.add(name);
        break;
      }
      case "line":
        if (!part) break;
        if (part.name === "pairing") pairingText!.push(event.text);
        else if (part.name === "mirna") {
          await part.records!.take(event.text, event.line);
          if (mirnas.length > limits.maxFormMirnas) {
            sharder.fault(event.line, `the mirna part holds more than ${limits.maxFormMirnas} records`, "mirna");
            break read;
          }
        } else if (part.name === "lncrna" && !(await part.records!.take(event.text, event.line))) break read;
        break;
    }
  }
  if (!sharder.tooLarge && (await endPart())) {
    if (!seen.has("mirna") || !seen.has("lncrna"))
      sharder.fault(1, `the form has no ${seen.has("mirna") ? "lncrna" : "mirna"} part; it takes ${FORM_PARTS}`);
    else if (pairing === "zip" && lncrnas < mirnas.length)
      sharder.fault(
        1,
        `zip pairing needs as many miRNA records as lncRNA records; got ${mirnas.length} and ${lncrnas}`,
      );
  }
  return { ...(await sharder.result(counter.bytes)), pairing: pairing ?? "all" };
}

// lmi-edge: batch jobs against a deployment, and scoring on this machine.
//   lmi-edge batch submit FILE [--species SET] [--mirnas MIRNAS.fa] [--out OUT] [--model M] [--url URL] [--key KEY]
//   lmi-edge batch get JOB --out OUT [--format tsv|ndjson] [--url URL] [--key KEY]
//   lmi-edge score FILE [--species PREFIX] [--reference LNCRNAS.fa] [--out OUT] [--model M]
// `batch submit` keeps its Idempotency-Key, upload and job id in OUT.lmi-job.json, so running it
// again after an interruption resumes the same upload and job instead of starting (and paying for)
// another. A body over the deployment's single-request limit goes up as an upload in parts.
import { randomUUID } from "node:crypto";
import {
  createReadStream,
  createWriteStream,
  existsSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { extname } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { SingleBar } from "cli-progress";
import type { JobFormat } from "../../functions/jobs/ingest.ts";
import { isCuratedPrefix, speciesDomain } from "../../functions/species/domains.ts";
import { fail, runCli } from "../lib/cli.ts";
import { scoreLocally } from "./local-score.ts";

const usage = `usage:
  lmi-edge batch submit FILE [--out OUT] [--model M] [--format tsv|csv|ndjson]   submit, wait, download (resumable)
  lmi-edge batch submit LNCRNAS.fa --species ath [--source curated|pmrd|…]        every lncRNA × the species' miRNAs
  lmi-edge batch submit LNCRNAS.fa --mirnas MIRNAS.fa [--pairing all|zip]        every lncRNA × every miRNA (or k-th × k-th)
  lmi-edge batch get JOB --out OUT [--format tsv|ndjson]                          download a finished job's results
  lmi-edge score FILE [--out OUT] [--model M] [--format tsv|csv|ndjson]           score here, nothing uploaded
  lmi-edge score FILE --species hsa                                               the pairs' species, by miRBase 18 prefix
  lmi-edge score FILE --species hsa --reference LNCRNAS.fa                        new lncRNAs' isoforms read from these transcripts
options: --url URL (default $LMI_URL or http://127.0.0.1:8787), --key KEY (default $LMI_KEY),
  --part-size BYTES (uploads in parts, used above the server's single-request limit; default 16 MiB)
FILE: TSV or CSV with a header naming mirna and lncrna (optional id, mirna_id, lncrna_id), or NDJSON;
with --species, a FASTA of lncRNAs unless --format or the name (.tsv, .csv, .ndjson, .jsonl) says pair rows.
--species with pair rows or --mirnas names the pairs' species: a gated model scores them with its head.`;

const MEDIA: Record<JobFormat | "fasta", string> = {
  fasta: "text/x-fasta",
  tsv: "text/tab-separated-values",
  csv: "text/csv",
  ndjson: "application/x-ndjson",
};

/** Whether --format or the file's name says pair rows (TSV, CSV, NDJSON) rather than FASTA. */
const namesPairRows = (file: string, given?: string) =>
  given !== undefined || [".tsv", ".csv", ".ndjson", ".jsonl"].includes(extname(file).toLowerCase());

function formatOf(file: string, given?: string): JobFormat {
  if (given === "tsv" || given === "csv" || given === "ndjson") return given;
  if (given) fail(`--format is tsv, csv or ndjson, not ${given}`);
  const ext = extname(file).toLowerCase();
  if (ext === ".csv") return "csv";
  if (ext === ".ndjson" || ext === ".jsonl") return "ndjson";
  return "tsv";
}

interface Session {
  url: string;
  key: string;
}

/** Seconds between status polls: the free plan allows 20 requests a minute. */
const POLL_S = 4;

async function call(session: Session, path: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  for (;;) {
    response = await fetch(`${session.url}${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${session.key}`, ...(init.headers as Record<string, string>) },
    });
    // over the plan's rate: wait as told, unless the body was a stream that cannot be sent again
    if (response.status !== 429 || init.body instanceof ReadableStream) break;
    await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get("Retry-After") ?? 60) * 1000));
  }
  if (response.status >= 400) {
    const problem = (await response.json().catch(() => ({}))) as {
      detail?: string;
      errors?: Array<{ detail: string }>;
    };
    const rows = problem.errors?.slice(0, 20).map((e) => `  ${e.detail}`) ?? [];
    throw new Error([`${response.status} ${problem.detail ?? response.statusText}`, ...rows].join("\n"));
  }
  return response;
}

interface JobView {
  id: string;
  state: string;
  pairs: { total: number; done: number };
  etaSeconds: number | null;
}

interface SavedState {
  idempotencyKey: string;
  url: string;
  file: string;
  size: number;
  mirnas?: string;
  /** An upload in parts: its id, part size and the parts the server has confirmed. */
  upload?: { id: string; partBytes: number; done: number[] };
  job?: string;
}

interface Limits {
  maxBodyBytes: number;
  maxUploadBytes: number;
  partBytes: { min: number; max: number };
}

/** A request body made of file contents and literal text, read whole or by byte range. */
type Segment = { file: string; size: number } | { text: Buffer };

const segmentSize = (s: Segment) => ("file" in s ? s.size : s.text.length);

async function* segmentBytes(segments: Segment[], start = 0, end = Infinity): AsyncGenerator<Buffer> {
  let offset = 0;
  for (const segment of segments) {
    const size = segmentSize(segment);
    const from = Math.max(start - offset, 0);
    const to = Math.min(end - offset, size);
    offset += size;
    if (from >= to) continue;
    if ("text" in segment) yield segment.text.subarray(from, to);
    else for await (const chunk of createReadStream(segment.file, { start: from, end: to - 1 })) yield chunk as Buffer;
  }
}

async function readRange(segments: Segment[], start: number, end: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of segmentBytes(segments, start, end)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** The job body: the file itself, or the form of two FASTA files /v1/predict takes. */
function jobBody(file: string, options: SubmitOptions, idempotencyKey: string) {
  const fileSegment = (path: string): Segment => ({ file: path, size: statSync(path).size });
  if (!options.mirnas) return { segments: [fileSegment(file)], contentType: MEDIA[options.format] };
  // a boundary fixed by the Idempotency-Key: a resumed upload sends the same bytes
  const boundary = `lmi-edge-${idempotencyKey}`;
  const head = (name: string, filename: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: text/plain\r\n\r\n`;
  const text = (value: string): Segment => ({ text: Buffer.from(value) });
  const pairing = options.pairing
    ? [text(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="pairing"\r\n\r\n${options.pairing}`)]
    : [];
  return {
    segments: [
      text(head("mirna", "mirnas.fa")),
      fileSegment(options.mirnas),
      ...pairing,
      text(`\r\n${head("lncrna", "lncrnas.fa")}`),
      fileSegment(file),
      text(`\r\n--${boundary}--\r\n`),
    ],
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

async function download(session: Session, job: string, out: string, format: string): Promise<void> {
  const response = await call(session, `/v1/jobs/${job}/results?format=${format}`);
  const partial = `${out}.part`;
  await pipeline(Readable.fromWeb(response.body! as never), createWriteStream(partial));
  renameSync(partial, out);
}

async function waitFor(session: Session, job: string): Promise<JobView> {
  // without a terminal (a script's log) the bar is printed as a line per poll
  const bar = new SingleBar({
    format: "{bar} {value}/{total} pairs · {state} · ETA {eta_s}",
    etaBuffer: 20,
    noTTYOutput: true,
    notTTYSchedule: POLL_S * 1000,
  });
  let view = (await (await call(session, `/v1/jobs/${job}`)).json()) as JobView;
  bar.start(view.pairs.total, view.pairs.done, { state: view.state, eta_s: "?" });
  while (view.state === "queued" || view.state === "running") {
    await new Promise((resolve) => setTimeout(resolve, POLL_S * 1000));
    view = (await (await call(session, `/v1/jobs/${job}`)).json()) as JobView;
    bar.update(view.pairs.done, { state: view.state, eta_s: view.etaSeconds === null ? "?" : `${view.etaSeconds} s` });
  }
  bar.stop();
  return view;
}

interface SubmitOptions {
  model?: string;
  format: JobFormat | "fasta";
  species?: string;
  source?: string;
  mirnas?: string;
  pairing?: string;
  partSize?: number;
}

const DEFAULT_PART_BYTES = 16 * 1024 * 1024;

/** Uploads the parts the server does not have yet; the state file records each as it is confirmed. */
async function uploadParts(
  session: Session,
  state: SavedState,
  save: () => void,
  segments: Segment[],
  size: number,
  limits: Limits,
  asked: number | undefined,
): Promise<string> {
  if (size > limits.maxUploadBytes)
    fail(`the body has ${size} bytes; a job takes at most ${limits.maxUploadBytes}: split the pairs into several jobs`);
  if (!state.upload) {
    const wanted = Math.max(asked ?? DEFAULT_PART_BYTES, Math.ceil(size / 10_000));
    const partBytes = Math.min(Math.max(wanted, limits.partBytes.min), limits.partBytes.max);
    const created = (await (await call(session, "/v1/uploads", { method: "POST" })).json()) as { id: string };
    state.upload = { id: created.id, partBytes, done: [] };
    save();
    console.log(`uploading ${size} bytes in parts of ${partBytes} (upload ${created.id})`);
  } else console.log(`resuming upload ${state.upload.id} (${state.upload.done.length} parts done)`);
  const upload = state.upload;
  const parts = Math.ceil(size / upload.partBytes);
  for (let part = 1; part <= parts; part++) {
    if (upload.done.includes(part)) continue;
    const start = (part - 1) * upload.partBytes;
    const bytes = await readRange(segments, start, Math.min(start + upload.partBytes, size));
    await call(session, `/v1/uploads/${upload.id}/parts/${part}`, {
      method: "PUT",
      headers: { "Content-Type": "application/octet-stream" },
      body: new Uint8Array(bytes),
    });
    upload.done.push(part);
    save();
    console.log(`part ${part}/${parts} uploaded`);
  }
  return upload.id;
}

async function submit(session: Session, file: string, out: string, options: SubmitOptions) {
  const stateFile = `${out}.lmi-job.json`;
  const size = statSync(file).size;
  let state: SavedState | undefined = existsSync(stateFile)
    ? (JSON.parse(readFileSync(stateFile, "utf8")) as SavedState)
    : undefined;
  if (
    state &&
    (state.file !== file || state.size !== size || state.url !== session.url || state.mirnas !== options.mirnas)
  ) {
    fail(`${stateFile} belongs to another submission (${state.file} to ${state.url}); remove it to start anew`);
  }
  if (!state) {
    state = {
      idempotencyKey: randomUUID(),
      url: session.url,
      file,
      size,
      ...(options.mirnas ? { mirnas: options.mirnas } : {}),
    };
    writeFileSync(stateFile, JSON.stringify(state, null, 2));
  }
  const saved = state;
  const save = () => writeFileSync(stateFile, JSON.stringify(saved, null, 2));
  if (!state.job) {
    const { segments, contentType } = jobBody(file, options, state.idempotencyKey);
    const bodySize = segments.reduce((sum, s) => sum + segmentSize(s), 0);
    const { limits } = (await (await call(session, "/v1/usage")).json()) as { limits: Limits };
    const params = new URLSearchParams();
    if (options.model) params.set("model", options.model);
    if (options.species) params.set("species", options.species);
    if (options.source) params.set("source", options.source);
    let init: RequestInit = {
      method: "POST",
      headers: { "Content-Type": contentType, "Idempotency-Key": state.idempotencyKey },
    };
    if (state.upload || bodySize > limits.maxBodyBytes) {
      params.set("upload", await uploadParts(session, state, save, segments, bodySize, limits, options.partSize));
      console.log(`making the job of upload ${state.upload!.id} with Idempotency-Key ${state.idempotencyKey}`);
    } else {
      console.log(`submitting ${file} (${bodySize} bytes) with Idempotency-Key ${state.idempotencyKey}`);
      init = {
        ...init,
        body: Readable.toWeb(Readable.from(segmentBytes(segments))) as never,
        duplex: "half",
      } as RequestInit;
    }
    const query = params.size > 0 ? `?${params}` : "";
    const response = await call(session, `/v1/jobs${query}`, init);
    state.job = ((await response.json()) as JobView).id;
    save();
    console.log(`job ${state.job}`);
  } else console.log(`resuming job ${state.job} (from ${stateFile})`);
  const view = await waitFor(session, state.job);
  if (view.state !== "succeeded") fail(`job ${view.id} ended ${view.state}`);
  await download(session, state.job, out, "tsv");
  rmSync(stateFile, { force: true });
  console.log(`${view.pairs.total} pairs scored → ${out}`);
}

runCli(async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: "string" },
      model: { type: "string" },
      format: { type: "string" },
      url: { type: "string" },
      key: { type: "string" },
      species: { type: "string" },
      reference: { type: "string" },
      source: { type: "string" },
      mirnas: { type: "string" },
      pairing: { type: "string" },
      "part-size": { type: "string" },
      help: { type: "boolean" },
    },
  });
  const [command, sub, target] = positionals;
  if (values.help || !command) return console.log(usage);
  const session = (): Session => {
    const key = values.key ?? process.env.LMI_KEY;
    if (!key) fail("no API key: pass --key or set LMI_KEY (npm start prints a development key)");
    return { url: (values.url ?? process.env.LMI_URL ?? "http://127.0.0.1:8787").replace(/\/$/, ""), key };
  };
  if (command === "score") {
    const file = sub ?? fail(`score needs a FILE\n\n${usage}`);
    const out = values.out ?? `${file}.scores.tsv`;
    // no species sets here: a prefix of the release the curated sets come from names the domain alone
    if (values.species !== undefined && !isCuratedPrefix(values.species))
      fail(
        `score --species takes a miRBase 18 prefix (hsa, mmu, ath, osa, …), not ${values.species}: scoring here reads no species sets (batch submit --species looks names up on the server)`,
      );
    const domain =
      values.species === undefined ? undefined : speciesDomain({ name: values.species, source: "curated" });
    const outcome = await scoreLocally(file, formatOf(file, values.format), out, {
      ...(values.model ? { model: values.model } : {}),
      ...(domain ? { domain } : {}),
      ...(values.reference ? { reference: values.reference } : {}),
    });
    if (outcome.errorCount > 0)
      fail(
        [
          `${outcome.errorCount} bad rows (results up to the first are in ${out}):`,
          ...outcome.errors.map((e) => `  ${e.detail}`),
        ].join("\n"),
      );
    console.log(
      `${outcome.pairs} pairs in ${outcome.seconds.toFixed(1)} s (${Math.round(outcome.pairs / outcome.seconds)} pairs/s)${domain ? `, the ${domain} domain's head` : ""} → ${out}`,
    );
  } else if (command === "batch" && sub === "submit") {
    const file = target ?? fail(`batch submit needs a FILE\n\n${usage}`);
    if (values.pairing && !values.mirnas) fail("--pairing goes with --mirnas");
    if (values.pairing && values.pairing !== "all" && values.pairing !== "zip")
      fail(`--pairing is all or zip, not ${values.pairing}`);
    const partSize = values["part-size"] === undefined ? undefined : Number(values["part-size"]);
    if (partSize !== undefined && !(Number.isInteger(partSize) && partSize > 0))
      fail(`--part-size is a number of bytes, not ${values["part-size"]}`);
    await submit(session(), file, values.out ?? `${file}.scores.tsv`, {
      format:
        values.mirnas || (values.species && !namesPairRows(file, values.format))
          ? "fasta"
          : formatOf(file, values.format),
      ...(values.model ? { model: values.model } : {}),
      ...(values.species ? { species: values.species } : {}),
      ...(values.source ? { source: values.source } : {}),
      ...(values.mirnas ? { mirnas: values.mirnas } : {}),
      ...(values.pairing ? { pairing: values.pairing } : {}),
      ...(partSize ? { partSize } : {}),
    });
  } else if (command === "batch" && sub === "get") {
    const job = target ?? fail(`batch get needs a JOB id\n\n${usage}`);
    const out = values.out ?? fail("batch get needs --out");
    await download(session(), job, out, values.format ?? "tsv");
    console.log(`results of ${job} → ${out}`);
  } else fail(`unknown command ${positionals.join(" ")}\n\n${usage}`);
});

// lmi-edge: batch jobs against a deployment, and scoring on this machine.
//   lmi-edge batch submit FILE [--species SET] [--out OUT] [--model M] [--url URL] [--key KEY]
//   lmi-edge batch get JOB --out OUT [--format tsv|ndjson] [--url URL] [--key KEY]
//   lmi-edge score FILE [--out OUT] [--model M]
// `batch submit` keeps its Idempotency-Key and job id in OUT.lmi-job.json, so running it again after
// an interruption resumes the same job instead of starting (and paying for) another.
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
import { fail, runCli } from "../lib/cli.ts";
import { scoreLocally } from "./local-score.ts";

const usage = `usage:
  lmi-edge batch submit FILE [--out OUT] [--model M] [--format tsv|csv|ndjson]   submit, wait, download (resumable)
  lmi-edge batch submit LNCRNAS.fa --species ath [--source curated|pmrd|…]        every lncRNA × the species' miRNAs
  lmi-edge batch get JOB --out OUT [--format tsv|ndjson]                          download a finished job's results
  lmi-edge score FILE [--out OUT] [--model M] [--format tsv|csv|ndjson]           score here, nothing uploaded
options: --url URL (default $LMI_URL or http://127.0.0.1:8787), --key KEY (default $LMI_KEY)
FILE: TSV or CSV with a header naming mirna and lncrna (optional id, mirna_id, lncrna_id), or NDJSON;
with --species, a FASTA of lncRNAs.`;

const MEDIA: Record<JobFormat | "fasta", string> = {
  fasta: "text/x-fasta",
  tsv: "text/tab-separated-values",
  csv: "text/csv",
  ndjson: "application/x-ndjson",
};

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
    if (response.status !== 429 || init.body) break;
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
  job?: string;
}

async function download(session: Session, job: string, out: string, format: string): Promise<void> {
  const response = await call(session, `/v1/jobs/${job}/results?format=${format}`);
  const partial = `${out}.part`;
  await pipeline(Readable.fromWeb(response.body! as never), createWriteStream(partial));
  renameSync(partial, out);
}

async function waitFor(session: Session, job: string): Promise<JobView> {
  const bar = new SingleBar({ format: "{bar} {value}/{total} pairs · {state} · ETA {eta_s}", etaBuffer: 20 });
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
}

async function submit(session: Session, file: string, out: string, options: SubmitOptions) {
  const stateFile = `${out}.lmi-job.json`;
  const size = statSync(file).size;
  let state: SavedState | undefined = existsSync(stateFile)
    ? (JSON.parse(readFileSync(stateFile, "utf8")) as SavedState)
    : undefined;
  if (state && (state.file !== file || state.size !== size || state.url !== session.url)) {
    fail(`${stateFile} belongs to another submission (${state.file} to ${state.url}); remove it to start anew`);
  }
  if (!state) {
    state = { idempotencyKey: randomUUID(), url: session.url, file, size };
    writeFileSync(stateFile, JSON.stringify(state, null, 2));
  }
  if (!state.job) {
    console.log(`submitting ${file} (${size} bytes) with Idempotency-Key ${state.idempotencyKey}`);
    const params = new URLSearchParams();
    if (options.model) params.set("model", options.model);
    if (options.species) params.set("species", options.species);
    if (options.source) params.set("source", options.source);
    const query = params.size > 0 ? `?${params}` : "";
    const response = await call(session, `/v1/jobs${query}`, {
      method: "POST",
      headers: { "Content-Type": MEDIA[options.format], "Idempotency-Key": state.idempotencyKey },
      body: Readable.toWeb(createReadStream(file)) as never,
      duplex: "half",
    } as RequestInit);
    state.job = ((await response.json()) as JobView).id;
    writeFileSync(stateFile, JSON.stringify(state, null, 2));
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
      source: { type: "string" },
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
    const outcome = await scoreLocally(file, formatOf(file, values.format), out, {
      ...(values.model ? { model: values.model } : {}),
    });
    if (outcome.errorCount > 0)
      fail(
        [
          `${outcome.errorCount} bad rows (results up to the first are in ${out}):`,
          ...outcome.errors.map((e) => `  ${e.detail}`),
        ].join("\n"),
      );
    console.log(
      `${outcome.pairs} pairs in ${outcome.seconds.toFixed(1)} s (${Math.round(outcome.pairs / outcome.seconds)} pairs/s) → ${out}`,
    );
  } else if (command === "batch" && sub === "submit") {
    const file = target ?? fail(`batch submit needs a FILE\n\n${usage}`);
    await submit(session(), file, values.out ?? `${file}.scores.tsv`, {
      format: values.species ? "fasta" : formatOf(file, values.format),
      ...(values.model ? { model: values.model } : {}),
      ...(values.species ? { species: values.species } : {}),
      ...(values.source ? { source: values.source } : {}),
    });
  } else if (command === "batch" && sub === "get") {
    const job = target ?? fail(`batch get needs a JOB id\n\n${usage}`);
    const out = values.out ?? fail("batch get needs --out");
    await download(session(), job, out, values.format ?? "tsv");
    console.log(`results of ${job} → ${out}`);
  } else fail(`unknown command ${positionals.join(" ")}\n\n${usage}`);
});

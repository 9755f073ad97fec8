// Batch jobs for key holders: POST /v1/jobs streams pairs (TSV, CSV or NDJSON) into shards in R2 and
// queues one message per shard; GET /v1/jobs/{id} shows progress, /results streams the scores in
// input order once every shard is done, DELETE cancels. GET /v1/usage is the key's ledger.
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import {
  ingest,
  ingestAgainstSet,
  ingestFastaPairs,
  JOB_FORMATS,
  JOB_LIMITS,
  jobLimits,
  PAIRINGS,
  type JobFormat,
  type Pairing,
} from "../jobs/ingest.ts";
import {
  cancelJob,
  getJob,
  insertJob,
  jobByIdempotencyKey,
  jobProgress,
  monthOf,
  newJobId,
  pairsPending,
  pairsUsed,
  usageEventsAfter,
  type JobRecord,
} from "../jobs/ledger.ts";
import { jobObjects } from "../jobs/objects.ts";
import { hashKey } from "../keys/format.ts";
import { sameHash } from "../keys/store.ts";
import { resultStream } from "../jobs/results.ts";
import { completedBody, ownUpload, uploadBecameJob, type UploadRecord } from "../jobs/uploads.ts";
import { AUTH_PROBLEMS, bearerAuth, jobBindings, registerUploads } from "./uploads.ts";
import { requireDatabase, requireSecretKey } from "./auth.ts";
import type { AppEnv } from "./env.ts";
import { bodyMediaType } from "./inputs.ts";
import { problemResponses } from "./openapi.ts";
import { ProblemError, problemResponse } from "./problems.ts";
import { chooseModels, geneWork } from "./scoring.ts";
import { foundSpecies } from "./species.ts";
import { speciesDomain } from "../species/domains.ts";
import { SPECIES_SOURCES } from "../species/set.ts";

type BodyFormat = JobFormat | "fasta" | { form: string };

const MEDIA_TYPES: Record<string, BodyFormat> = {
  "text/tab-separated-values": "tsv",
  "text/x-fasta": "fasta",
  "text/csv": "csv",
  "application/x-ndjson": "ndjson",
  "application/jsonl": "ndjson",
};

const ROWS = `TSV and CSV: a header line naming the columns \`mirna\` and \`lncrna\` (optional \`id\`, \`mirna_id\`, \`lncrna_id\`), then one pair per line. NDJSON: one object per line, \`{"mirna": …, "lncrna": …}\` with optional \`id\`, \`mirnaId\`, \`lncrnaId\`. Sequences follow /v1/predict's rules. FASTA pairs: multipart/form-data with the parts \`mirna\` then \`lncrna\` (two FASTA files, as /v1/predict takes them) and optionally \`pairing\` before \`lncrna\` (or \`?pairing=\`): \`all\` (default) pairs each lncRNA with every miRNA, lncRNA-major; \`zip\` the k-th lncRNA with the k-th miRNA; faults name the part and its line. At most ${JOB_LIMITS.maxBodyBytes / 1024 / 1024} MiB and ${JOB_LIMITS.maxPairs.toLocaleString("en-US")} pairs per job.`;

export const JobSchema = z
  .object({
    id: z.string().openapi({ description: "The job's id, for GET and DELETE /v1/jobs/{id}" }),
    state: z
      .enum(["queued", "running", "succeeded", "cancelled", "failed"])
      .openapi({ description: "Where the job is: queued, running, then succeeded, cancelled or failed" }),
    error: z.string().optional().openapi({ description: "Why a failed job failed." }),
    model: z.string().openapi({ description: "The model scoring the pairs" }),
    format: z.string().openapi({ description: "The input format the body was read as" }),
    pairs: z
      .object({
        total: z.number().int().openapi({ description: "Pairs accepted" }),
        done: z.number().int().openapi({ description: "Pairs scored and stored" }),
      })
      .openapi({ description: "Progress in pairs" }),
    shards: z
      .object({
        total: z.number().int().openapi({ description: "Shards the job was split into" }),
        done: z.number().int().openapi({ description: "Shards scored and stored" }),
      })
      .openapi({ description: "Progress in shards (one queue message each)" }),
    etaSeconds: z.number().nullable().openapi({
      description: "Seconds until done at the rate so far; null before the first shard is done and after the job ends.",
    }),
    createdAt: z.string().openapi({ description: "Submission time (ISO 8601)" }),
    finishedAt: z.string().nullable().openapi({ description: "When the job ended; null while it runs" }),
    expiresAt: z.string().openapi({
      description: `Results are deleted after this time (${JOB_LIMITS.retentionDays} days after submission).`,
    }),
    results: z.string().openapi({ description: "Where the results are fetched once the job has succeeded." }),
    species: z
      .object({
        name: z.string().openapi({ description: "The species set's name (miRBase prefix)" }),
        domain: z.enum(["plant", "animal"]).nullable().openapi({
          description:
            "Its domain, whose head a gated ensemble scores every pair with; null: the gate decides per pair",
        }),
      })
      .nullable()
      .openapi({ description: "The species the request named (`species=`); null when it named none" }),
  })
  .openapi("Job");

const UsageSchema = z
  .object({
    key: z.string().openapi({ description: "The key's id (never the secret)" }),
    plan: z.string().openapi({ description: "The key's plan" }),
    month: z.string().openapi({ description: "The billing month, YYYY-MM (UTC)" }),
    pairs: z
      .number()
      .int()
      .openapi({ description: "Pairs billed this month: each pair once, when its result is stored." }),
    pending: z.number().int().openapi({ description: "Pairs of this key's unfinished jobs, not yet billed." }),
    quota: z.number().int().openapi({ description: "Pairs the plan allows per month" }),
    remaining: z.number().int().openapi({ description: "Pairs left this month: quota − billed − pending" }),
    limits: z
      .object({
        maxBodyBytes: z.number().int().openapi({ description: "Largest job body sent in one request" }),
        maxUploadBytes: z.number().int().openapi({ description: "Largest body uploaded in parts" }),
        partBytes: z
          .object({
            min: z.number().int().openapi({ description: "Smallest part but the last" }),
            max: z.number().int().openapi({ description: "Largest part" }),
          })
          .openapi({ description: "Part sizes an upload accepts" }),
        maxPairs: z.number().int().openapi({ description: "Pairs per job" }),
      })
      .openapi({
        description:
          "This deployment's job limits: a body over maxBodyBytes goes up as an upload in parts (POST /v1/uploads).",
      }),
  })
  .openapi("Usage");

const UsageEventSchema = z
  .object({
    identifier: z
      .string()
      .openapi({ description: "Deterministic: `{job}:{shard}`; a billing sync can resend it safely." }),
    event_name: z.literal("lmi_pairs_scored").openapi({ description: "The meter the event counts towards" }),
    timestamp: z.number().int().openapi({ description: "When the shard's results were stored (Unix seconds)" }),
    payload: z
      .object({
        key_id: z.string().openapi({ description: "The billed key's id" }),
        value: z.string().openapi({ description: "Pairs billed, as a decimal string" }),
      })
      .openapi({ description: "Whom to bill and how much" }),
  })
  .openapi("UsageEvent");

const JobParams = z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) });

const submitRoute = createRoute({
  method: "post",
  path: "/v1/jobs",
  summary: "Submit a batch job of pairs",
  description: `The body streams in and is checked row by row (a body over one request's limit goes up first as an upload in parts: POST /v1/uploads, then \`?upload=\`); a body with any bad row is refused as a whole with every fault listed by line (nothing is stored). Accepted pairs are cut into shards of at most ${JOB_LIMITS.shardPairs} pairs and one predict request's work budget, scored by queue consumers with the serving models, and billed once each when its result is stored. ${ROWS} Send an \`Idempotency-Key\` header to make a retry safe: the same key with the same body gives the same job, with another body a problem.`,
  security: bearerAuth,
  request: {
    query: z.object({
      model: z
        .string()
        .optional()
        .openapi({ description: "A served model's name (GET /v1/models); default: the default model." }),
      format: z
        .enum([...JOB_FORMATS, "fasta"])
        .optional()
        .openapi({ description: "The body's format when the Content-Type does not say it." }),
      species: z.string().optional().openapi({
        description:
          "The species the pairs come from, named as a species set is (GET /v1/species: prefix or Latin name). With a FASTA body of lncRNAs (text/x-fasta, the body's format when its Content-Type names no other), each lncRNA is paired with every miRNA of the set, lncRNA-major; with pair rows or FASTA pairs it names the pairs' species. Either way a gated ensemble scores every pair with that species' domain head — plant, or human for animals — instead of guessing the domain from k-mer composition, as /v1/predict does with `species`.",
      }),
      source: z
        .enum(SPECIES_SOURCES)
        .optional()
        .openapi({ description: "Which of the species' sets (as /v1/screen)." }),
      upload: z.string().optional().openapi({
        description:
          "An upload's id (POST /v1/uploads): its parts are the body, sent with an empty request body and the Content-Type the body would have had.",
      }),
      pairing: z
        .enum(PAIRINGS)
        .optional()
        .openapi({ description: "FASTA pairs (multipart/form-data): all (default, lncRNA-major) or zip." }),
    }),
    headers: z.object({ "idempotency-key": z.string().min(1).max(255).optional() }),
    body: {
      required: true,
      content: {
        "text/tab-separated-values": { schema: z.string() },
        "text/csv": { schema: z.string() },
        "application/x-ndjson": { schema: z.string() },
        // a plain schema, not zod: the form streams into the job, no validator may read it first
        "multipart/form-data": {
          schema: {
            type: "object",
            required: ["mirna", "lncrna"],
            properties: {
              mirna: { type: "string", format: "binary", description: "FASTA of miRNAs; the first part" },
              pairing: { type: "string", enum: [...PAIRINGS], description: "before lncrna; default all" },
              lncrna: { type: "string", format: "binary", description: "FASTA of lncRNAs; after mirna" },
            },
          },
        },
      },
    },
  },
  responses: {
    200: {
      description: "The job this Idempotency-Key already made with this body",
      content: { "application/json": { schema: JobSchema } },
    },
    202: { description: "Job accepted and queued", content: { "application/json": { schema: JobSchema } } },
    ...problemResponses([
      ...AUTH_PROBLEMS,
      "quota-exceeded",
      "invalid-rows",
      "idempotency-key-reused",
      "job-too-large",
      "invalid-upload",
      "not-found",
      "unsupported-media-type",
      "malformed-multipart",
      "unknown-model",
      "unknown-species",
      "species-unavailable",
      "invalid-request",
    ]),
  },
});

const statusRoute = createRoute({
  method: "get",
  path: "/v1/jobs/{id}",
  summary: "A job's state and progress",
  security: bearerAuth,
  request: { params: JobParams },
  responses: {
    200: { description: "The job", content: { "application/json": { schema: JobSchema } } },
    ...problemResponses([...AUTH_PROBLEMS, "not-found"]),
  },
});

const resultsRoute = createRoute({
  method: "get",
  path: "/v1/jobs/{id}/results",
  summary: "A succeeded job's scores, in input order",
  description:
    "TSV (default; columns index, id, mirna_id, lncrna_id, score, label, threshold, model, mfe, seed_sites) or NDJSON (`format=ndjson`), streamed; `compress=gzip` sends it gzip-compressed as a file.",
  security: bearerAuth,
  request: {
    params: JobParams,
    query: z.object({ format: z.enum(["tsv", "ndjson"]).optional(), compress: z.enum(["gzip"]).optional() }),
  },
  responses: {
    200: {
      description: "Every pair's result",
      content: { "text/tab-separated-values": { schema: z.string() }, "application/x-ndjson": { schema: z.string() } },
    },
    ...problemResponses([...AUTH_PROBLEMS, "not-found", "job-not-ready", "invalid-request"]),
  },
});

const cancelRoute = createRoute({
  method: "delete",
  path: "/v1/jobs/{id}",
  summary: "Cancel a job",
  description: "Shards not yet done are neither scored nor billed; a finished job is answered as it is.",
  security: bearerAuth,
  request: { params: JobParams },
  responses: {
    200: { description: "The job after cancelling", content: { "application/json": { schema: JobSchema } } },
    ...problemResponses([...AUTH_PROBLEMS, "not-found"]),
  },
});

const usageRoute = createRoute({
  method: "get",
  path: "/v1/usage",
  summary: "This key's pairs billed this month and its quota",
  security: bearerAuth,
  responses: {
    200: { description: "Usage", content: { "application/json": { schema: UsageSchema } } },
    ...problemResponses([...AUTH_PROBLEMS]),
  },
});

const usageEventsRoute = createRoute({
  method: "get",
  path: "/v1/admin/usage-events",
  summary: "Usage events for a billing sync (admin token)",
  description:
    "Every usage event, oldest first, in the shape of a usage-billing provider's meter events (deterministic identifiers); page with `after` = the previous page's `next`.",
  security: bearerAuth,
  request: {
    query: z.object({
      after: z.string().optional(),
      limit: z.coerce.number().int().min(1).max(1000).optional(),
    }),
  },
  responses: {
    200: {
      description: "A page of events",
      content: {
        "application/json": {
          schema: z.object({
            events: z.array(UsageEventSchema).openapi({ description: "Events, oldest first" }),
            next: z.string().nullable().openapi({ description: "`after` for the next page; null on the last" }),
          }),
        },
      },
    },
    ...problemResponses(["unauthorized", "jobs-unavailable", "invalid-request"]),
  },
});

async function jobView(c: Context<AppEnv>, job: JobRecord) {
  const progress = await jobProgress(jobBindings(c).DB, job.id);
  let etaSeconds: number | null = null;
  const live = job.state === "queued" || job.state === "running";
  if (live && progress.pairsDone > 0 && progress.lastCompletion) {
    const elapsed = (Date.parse(progress.lastCompletion) - Date.parse(job.created_at)) / 1000;
    const rate = progress.pairsDone / Math.max(elapsed, 0.001);
    etaSeconds = Math.round((job.total_pairs - progress.pairsDone) / rate);
  }
  return {
    id: job.id,
    state: job.state,
    ...(job.error ? { error: job.error } : {}),
    model: job.model,
    format: job.input_format,
    pairs: { total: job.total_pairs, done: progress.pairsDone },
    shards: { total: job.shard_count, done: progress.shardsDone },
    etaSeconds,
    createdAt: job.created_at,
    finishedAt: job.finished_at,
    expiresAt: job.expires_at,
    results: `/v1/jobs/${job.id}/results`,
    species: job.species ? { name: job.species, domain: job.species_domain ?? null } : null,
  };
}

async function ownJob(c: Context<AppEnv>, id: string): Promise<JobRecord> {
  const job = await getJob(jobBindings(c).DB, id);
  if (!job || job.key_id !== c.var.apiKey.id) throw new ProblemError("not-found", `no job ${id} for this key`);
  if (Date.parse(job.expires_at) < Date.now())
    throw new ProblemError(
      "not-found",
      `job ${id} expired at ${job.expires_at}; results are kept ${JOB_LIMITS.retentionDays} days`,
    );
  return job;
}

async function checkQuota(c: Context<AppEnv>, adding: number): Promise<void> {
  const { DB } = jobBindings(c);
  const key = c.var.apiKey;
  const [used, pending] = await Promise.all([pairsUsed(DB, key.id, monthOf(new Date())), pairsPending(DB, key.id)]);
  if (used + pending + adding > key.monthlyPairs || (adding === 0 && used + pending >= key.monthlyPairs))
    throw new ProblemError(
      "quota-exceeded",
      `the ${key.plan} plan allows ${key.monthlyPairs} pairs a month; ${used} are billed and ${pending} pending${adding ? `, and this job has ${adding}` : ""}`,
      { quota: key.monthlyPairs, used, pending, ...(adding ? { requested: adding } : {}) },
    );
}

/** SHA-256 of a stream, read alongside the other branch of a tee. */
async function sha256Hex(stream: ReadableStream<Uint8Array>): Promise<string> {
  const digest = new (
    crypto as unknown as { DigestStream: new (a: string) => WritableStream & { digest: Promise<ArrayBuffer> } }
  ).DigestStream("SHA-256");
  await stream.pipeTo(digest);
  return [...new Uint8Array(await digest.digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The body's format: a multipart form's, else the query's, the Content-Type's, or `fallback`. */
function jobFormat(
  c: Context<AppEnv>,
  query: JobFormat | "fasta" | undefined,
  fallback: BodyFormat | undefined,
): BodyFormat {
  const media = bodyMediaType(c.req.header("Content-Type"));
  if (media.kind === "multipart") {
    if (!media.boundary)
      throw new ProblemError("malformed-multipart", "the multipart/form-data Content-Type names no boundary");
    return { form: media.boundary };
  }
  if (query) return query;
  const type = media.kind === "json" || media.kind === "other" ? media.type : "";
  const format = MEDIA_TYPES[type] ?? fallback;
  if (!format)
    throw new ProblemError(
      "unsupported-media-type",
      `a job body is ${[...Object.keys(MEDIA_TYPES), "multipart/form-data"].join(", ")} (or name its format with ?format=); got ${JSON.stringify(type || "no Content-Type")}`,
    );
  return format;
}

/** The body with its multipart boundary replaced: a client's retry may draw another boundary. */
function withoutBoundary(stream: ReadableStream<Uint8Array>, boundary: string): ReadableStream<Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let carry = "";
  return stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        const text = (carry + decoder.decode(chunk, { stream: true })).replaceAll(boundary, "\0");
        // a boundary may straddle two chunks: hold back what could be its start
        const keep = Math.min(text.length, boundary.length - 1);
        carry = text.slice(text.length - keep);
        controller.enqueue(encoder.encode(text.slice(0, text.length - keep)));
      },
      flush(controller) {
        controller.enqueue(encoder.encode((carry + decoder.decode()).replaceAll(boundary, "\0")));
      },
    }),
  );
}

function replayed(c: Context<AppEnv>, existing: JobRecord, hash: string) {
  if (existing.body_sha256 !== hash)
    throw new ProblemError(
      "idempotency-key-reused",
      `Idempotency-Key ${JSON.stringify(existing.idempotency_key)} already made job ${existing.id} with a different body; use a new key for new input`,
      { job: existing.id },
    );
  return jobView(c, existing).then((view) =>
    c.json(view, 200, { "Idempotent-Replayed": "true", Location: `/v1/jobs/${existing.id}` }),
  );
}

export function registerJobs(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description:
      "A secret API key, `lmi_sk_…` (`npm run keys -- create`); the admin routes take the ADMIN_TOKEN secret.",
  });
  app.use("/v1/jobs", requireSecretKey);
  app.use("/v1/jobs/*", requireSecretKey);
  app.use("/v1/usage", requireSecretKey);
  registerUploads(app);

  app.openapi(submitRoute, async (c) => {
    const { DB, JOBS_BUCKET, JOBS_QUEUE } = jobBindings(c);
    const { model, format: formatQuery, species, source, pairing, upload: uploadId } = c.req.valid("query");
    const idempotencyKey = c.req.valid("header")["idempotency-key"];
    const key = c.var.apiKey;
    const format = jobFormat(c, formatQuery, species !== undefined ? "fasta" : undefined);
    if (format === "fasta" && species === undefined)
      throw new ProblemError(
        "invalid-request",
        "a FASTA job pairs its lncRNAs with a species set: give species=, or send pair rows (TSV, CSV, NDJSON) or FASTA pairs (multipart/form-data)",
      );
    if (pairing !== undefined && typeof format !== "object")
      throw new ProblemError("invalid-request", "pairing= is for FASTA pairs (a multipart/form-data body)");
    const choice = chooseModels(c.var.runtime.models, model);
    const set =
      species !== undefined
        ? foundSpecies(species, await c.var.runtime.species.get(c.env?.SPECIES, species, source))
        : undefined;
    const limits = jobLimits(c.env);
    let upload: UploadRecord | undefined;
    let body: ReadableStream<Uint8Array> | null = c.req.raw.body;
    if (uploadId !== undefined) {
      if (Number(c.req.header("Content-Length") ?? 0) > 0)
        throw new ProblemError("invalid-request", "a job from an upload has an empty body: its parts are the body");
      upload = await ownUpload(DB, key.id, uploadId);
      if (upload.job_id) {
        // an upload makes one job: asking again (a retry) gives that job
        const made = await jobByIdempotencyKey(DB, key.id, idempotencyKey ?? "");
        if (idempotencyKey && made?.id !== upload.job_id)
          throw new ProblemError(
            "idempotency-key-reused",
            `upload ${upload.id} became job ${upload.job_id}, not the job of Idempotency-Key ${JSON.stringify(idempotencyKey)}`,
            { job: upload.job_id },
          );
        const job = await getJob(DB, upload.job_id);
        if (!job) throw new ProblemError("not-found", `job ${upload.job_id} of upload ${upload.id} has expired`);
        return c.json(await jobView(c, job), 200, { "Idempotent-Replayed": "true", Location: `/v1/jobs/${job.id}` });
      }
      body = await completedBody(DB, JOBS_BUCKET, upload, limits);
      limits.maxBodyBytes = limits.maxUploadBytes;
    }
    if (!body)
      throw new ProblemError("invalid-rows", "the body is empty: a job needs at least one pair", { errors: [] });
    const [forHash, forRows] = body.tee();
    const hashing = sha256Hex(typeof format === "object" ? withoutBoundary(forHash, format.form) : forHash);

    const existing = idempotencyKey ? await jobByIdempotencyKey(DB, key.id, idempotencyKey) : null;
    if (existing) {
      await forRows.cancel();
      return replayed(c, existing, await hashing.catch(() => ""));
    }
    await checkQuota(c, 0);

    const id = newJobId();
    const objects = jobObjects(JOBS_BUCKET, id);
    const { encoders } = c.var.runtime;
    // a shard's work counts the isoforms the gene head may score, so that each fits one request's budget
    const isoformNt = (await geneWork(c, choice)).bound;
    const result =
      typeof format === "object"
        ? await ingestFastaPairs(forRows, format.form, pairing, encoders, objects.putShard, limits, isoformNt)
        : format === "fasta"
          ? await ingestAgainstSet(
              forRows,
              set!.set.mirnas.map((m) => ({ id: m.id, sequence: m.sequence })),
              encoders,
              objects.putShard,
              limits,
              isoformNt,
            )
          : await ingest(forRows, format, encoders, objects.putShard, limits, isoformNt);
    const refuse = async (error: ProblemError): Promise<never> => {
      await objects.deleteAll();
      throw error;
    };
    if (result.tooLarge)
      await refuse(
        new ProblemError("job-too-large", result.tooLarge, { limit: limits.maxBodyBytes, maxPairs: limits.maxPairs }),
      );
    if (result.errorCount > 0) {
      const first = result.errors[0]!;
      await refuse(
        new ProblemError(
          "invalid-rows",
          result.errorCount === 1 ? first.detail : `${result.errorCount} bad rows; first: ${first.detail}`,
          {
            errors: result.errors,
            errorCount: result.errorCount,
          },
        ),
      );
    }
    if (result.pairs === 0)
      await refuse(new ProblemError("invalid-rows", "the body holds no pairs", { errors: [], errorCount: 0 }));
    const hash = await hashing;
    await checkQuota(c, result.pairs).catch(refuse);

    const now = new Date();
    const job: JobRecord = {
      id,
      key_id: key.id,
      idempotency_key: idempotencyKey ?? null,
      body_sha256: hash,
      state: "queued",
      input_format: set
        ? `fasta × ${set.summary.name} (${set.summary.source})`
        : typeof format === "object"
          ? `fasta pairs (${(result as { pairing?: Pairing }).pairing})`
          : format,
      model: choice.name,
      total_pairs: result.pairs,
      shard_count: result.shards.length,
      created_at: now.toISOString(),
      finished_at: null,
      expires_at: new Date(now.getTime() + JOB_LIMITS.retentionDays * 86_400_000).toISOString(),
      species: set ? set.summary.name : null,
      species_domain: set ? (speciesDomain(set.summary) ?? null) : null,
    };
    if (!(await insertJob(DB, job))) {
      // a concurrent submission with the same Idempotency-Key won the insert
      await objects.deleteAll();
      const winner = await jobByIdempotencyKey(DB, key.id, idempotencyKey!);
      return replayed(c, winner!, hash);
    }
    if (upload) await uploadBecameJob(DB, JOBS_BUCKET, upload, id);
    const messages = result.shards.map((_, shard) => ({ body: { job: id, shard } }));
    for (let start = 0; start < messages.length; start += 100)
      await JOBS_QUEUE.sendBatch(messages.slice(start, start + 100));
    return c.json(await jobView(c, job), 202, { Location: `/v1/jobs/${id}` });
  });

  app.openapi(statusRoute, async (c) => c.json(await jobView(c, await ownJob(c, c.req.valid("param").id)), 200));

  app.openapi(cancelRoute, async (c) => {
    const job = await ownJob(c, c.req.valid("param").id);
    await cancelJob(jobBindings(c).DB, job.id, job.key_id);
    return c.json(await jobView(c, (await getJob(jobBindings(c).DB, job.id))!), 200);
  });

  app.openapi(resultsRoute, async (c) => {
    const job = await ownJob(c, c.req.valid("param").id);
    const { format = "tsv", compress } = c.req.valid("query");
    if (job.state !== "succeeded")
      throw new ProblemError("job-not-ready", `job ${job.id} is ${job.state}; results come once it has succeeded`, {
        state: job.state,
      });
    const objects = jobObjects(jobBindings(c).JOBS_BUCKET, job.id);
    let stream = resultStream(job.shard_count, objects.results, format);
    const type = format === "tsv" ? "text/tab-separated-values; charset=utf-8" : "application/x-ndjson";
    const headers: Record<string, string> = { "Content-Type": type };
    if (compress === "gzip") {
      stream = stream.pipeThrough(new CompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>);
      headers["Content-Type"] = "application/gzip";
      headers["Content-Disposition"] = `attachment; filename="${job.id}.${format}.gz"`;
    }
    return c.body(stream, 200, headers) as never;
  });

  app.openapi(usageRoute, async (c) => {
    const { DB } = jobBindings(c);
    const key = c.var.apiKey;
    const month = monthOf(new Date());
    const limits = jobLimits(c.env);
    const [pairs, pending] = await Promise.all([pairsUsed(DB, key.id, month), pairsPending(DB, key.id)]);
    return c.json(
      {
        key: key.id,
        plan: key.plan,
        month,
        pairs,
        pending,
        quota: key.monthlyPairs,
        remaining: Math.max(0, key.monthlyPairs - pairs - pending),
        limits: {
          maxBodyBytes: limits.maxBodyBytes,
          maxUploadBytes: limits.maxUploadBytes,
          partBytes: { min: limits.minPartBytes, max: limits.maxPartBytes },
          maxPairs: limits.maxPairs,
        },
      },
      200,
    );
  });

  app.use("/v1/admin/*", async (c, next) => {
    requireDatabase(c);
    const token = c.env?.ADMIN_TOKEN;
    const given = /^Bearer[ \t]+(\S+)$/i.exec(c.req.header("Authorization") ?? "")?.[1];
    if (!token || !given || !sameHash(await hashKey(given), await hashKey(token)))
      return problemResponse(c, "unauthorized", "admin routes need `Authorization: Bearer <ADMIN_TOKEN>`");
    await next();
  });

  app.openapi(usageEventsRoute, async (c) => {
    const { after, limit = 1000 } = c.req.valid("query");
    const cursor = after ? decodeCursor(after) : undefined;
    const events = await usageEventsAfter(jobBindings(c).DB, cursor, limit);
    const last = events.at(-1);
    return c.json(
      {
        events: events.map((e) => ({
          identifier: e.id,
          event_name: "lmi_pairs_scored" as const,
          timestamp: Math.floor(Date.parse(e.created_at) / 1000),
          payload: { key_id: e.key_id, value: String(e.pairs) },
        })),
        next: last && events.length === limit ? encodeCursor(last.created_at, last.id) : null,
      },
      200,
    );
  });
}

const encodeCursor = (createdAt: string, id: string) => btoa(JSON.stringify([createdAt, id]));

function decodeCursor(text: string): { createdAt: string; id: string } {
  try {
    const [createdAt, id] = JSON.parse(atob(text)) as [string, string];
    if (typeof createdAt === "string" && typeof id === "string") return { createdAt, id };
  } catch {
    // answered below
  }
  throw new ProblemError(
    "invalid-request",
    "`after` is not a cursor this API gave out (use the previous page's `next`)",
  );
}

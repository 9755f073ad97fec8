// RFC 9457 problem details. Each fault has a stable `type` (a URI reference under /v1/problems/),
// a fixed title and status; the detail names what exactly was wrong. `when` documents the fault on
// the docs page and in the OpenAPI description; every kind has a test that triggers it.
import type { Context } from "hono";

export const PROBLEMS = {
  "invalid-symbol": {
    status: 422,
    title: "Sequence contains a symbol that is not a nucleotide",
    when: "a sequence holds a symbol other than A C G U T, N, IUPAC ambiguity codes or whitespace; its 1-based position is given",
  },
  "empty-sequence": {
    status: 422,
    title: "Sequence is empty",
    when: "a sequence (or FASTA record) has no nucleotides",
  },
  "lncrna-too-long": {
    status: 422,
    title: "lncRNA is longer than the limit",
    when: "a lncRNA is over the length limit",
  },
  "lncrna-too-short": {
    status: 422,
    title: "lncRNA is shorter than the limit",
    when: "a lncRNA is shorter than the minimum length (the longest a miRNA may be): too short to score",
  },
  "too-ambiguous": {
    status: 422,
    title: "Sequence has too many unknown bases",
    when: "over the limit share of a sequence's nucleotides are N or IUPAC ambiguity codes: too little known sequence to score",
  },
  "mirna-length": {
    status: 422,
    title: "miRNA length is outside the accepted range",
    when: "a miRNA is shorter or longer than a mature miRNA may be",
  },
  "too-many-pairs": {
    status: 422,
    title: "Too many pairs in one request",
    when: "a predict request holds more pairs (or miRNA × lncRNA FASTA combinations) than the limit",
  },
  "too-many-mirnas": {
    status: 422,
    title: "Too many candidate miRNAs",
    when: "a screen's miRNA FASTA holds more records than the limit",
  },
  "work-too-large": {
    status: 422,
    title: "Request is more work than one request may do",
    when: "model-scored pairs × lncRNA nucleotides (a screen's first pass counted at its share) exceed the work budget; the detail says how to split the work into requests that fit",
  },
  "invalid-fasta": {
    status: 422,
    title: "FASTA text is malformed",
    when: "a FASTA field or file has no record, a file starts as gzip but does not decompress, a sequence line before the first header, a header without an id, an id over the length limit, or too many records",
  },
  "invalid-request": {
    status: 422,
    title: "Request does not match the schema",
    when: "a field is missing, unknown (the detail names the known field it most likely meant), mistyped, out of range, or fields that exclude each other are combined",
  },
  "unknown-model": {
    status: 422,
    title: "No such model",
    when: "the model named is not served (the answer lists those that are)",
  },
  "unknown-species": {
    status: 422,
    title: "No such species set",
    when: "no species set loaded in this deployment fits the name (prefix or Latin name, any case) and source; the answer gives the closest names (`suggestions`) and lists the loaded ones",
  },
  "species-unavailable": {
    status: 503,
    title: "Species set cannot be read",
    when: "a species set is listed but its data is missing or damaged in storage; retry later or reload the sets",
  },
  "malformed-json": {
    status: 400,
    title: "Request body is not valid JSON",
    when: "an application/json body does not parse, or a gzip-coded one does not decompress",
  },
  "malformed-multipart": {
    status: 400,
    title: "Request body is not valid multipart/form-data",
    when: "a multipart/form-data body does not parse (e.g. a wrong or missing boundary), or a gzip-coded one does not decompress",
  },
  "unsupported-media-type": {
    status: 415,
    title: "Unsupported content type",
    when: "a POST body is neither application/json nor multipart/form-data, or is sent with a content coding other than gzip (e.g. br)",
  },
  "not-acceptable": {
    status: 406,
    title: "No acceptable answer format",
    when: "the Accept header allows none of the formats the route answers in (application/json, text/tab-separated-values, text/csv); problems are application/problem+json whatever it says",
  },
  "body-too-large": {
    status: 413,
    title: "Request body is larger than the limit",
    when: "the body is over the size limit, or a gzip-compressed body or FASTA file part decompresses to more than it (decompression stops there)",
  },
  unauthorized: {
    status: 401,
    title: "API key missing or not valid",
    when: "a paid route (jobs, usage) was called without `Authorization: Bearer lmi_sk_…`, or with a key that is malformed (its checksum fails), unknown or revoked",
  },
  "quota-exceeded": {
    status: 402,
    title: "Monthly pair quota exceeded",
    when: "the key's plan has no pairs left this month for the job (pairs billed this month, pairs of its unfinished jobs and the new job's pairs together exceed the quota)",
  },
  "key-not-allowed": {
    status: 403,
    title: "This key may not call this route",
    when: "a publishable (`lmi_pk_`) key was sent to a route that needs a secret key",
  },
  "origin-not-allowed": {
    status: 403,
    title: "This publishable key is not for this origin",
    when: "a publishable (`lmi_pk_`) key was sent from a page whose Origin is not among the key's origins (or with no Origin: such keys work only from a listed page)",
  },
  "daily-quota-exceeded": {
    status: 429,
    title: "Daily request quota exceeded",
    when: "a publishable key's plan allows fewer requests a day; the quota resets at 00:00 UTC (Retry-After)",
  },
  "rate-limited": {
    status: 429,
    title: "Too many requests for this key",
    when: "the key's plan allows fewer requests per minute; retry after the Retry-After header's seconds",
  },
  "invalid-rows": {
    status: 422,
    title: "Job input has malformed rows",
    when: "rows of a job's input do not parse or hold sequences that cannot be scored; `errors` lists each with its 1-based line",
  },
  "idempotency-key-reused": {
    status: 422,
    title: "Idempotency-Key was used with another body",
    when: "a job was submitted with an Idempotency-Key that this API key already used for a different body",
  },
  "job-too-large": {
    status: 413,
    title: "Job input is larger than the limit",
    when: "a job's body is over the job size limit (one request's, or an upload's), an upload part is over the part limit, or the body holds more pairs or makes more shards than a job may",
  },
  "invalid-upload": {
    status: 422,
    title: "Upload cannot be made a job",
    when: "an upload's parts cannot make one body (parts missing, of unequal sizes, under 5 MiB but the last) or can no longer change (the upload is complete or already a job)",
  },
  "length-required": {
    status: 411,
    title: "Content-Length required",
    when: "an upload part was sent without a Content-Length (chunked): R2 takes a part of known length",
  },
  "job-not-ready": {
    status: 409,
    title: "Job has no results to give",
    when: "the results of a job were asked for while it has none to give (queued, running, cancelled or failed); its state is in the answer",
  },
  "jobs-unavailable": {
    status: 503,
    title: "Batch jobs are not configured here",
    when: "the deployment has no D1 database, R2 bucket or queue bound for jobs (e.g. the Node serving path)",
  },
  "not-found": { status: 404, title: "No such resource", when: "no route has this path" },
  "method-not-allowed": {
    status: 405,
    title: "Method not allowed",
    when: "the path exists but not with this method (the Allow header lists those it has)",
  },
  internal: {
    status: 500,
    title: "Internal error",
    when: "a fault of the service, never of the request; it is logged",
  },
} as const;

export type ProblemKind = keyof typeof PROBLEMS;

export const problemType = (kind: ProblemKind) => `/v1/problems/${kind}`;

/** One fault inside a request, located by a JSON pointer into the body (or the form field name). */
export interface FieldError {
  type: string;
  pointer: string;
  detail: string;
  [extension: string]: unknown;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export function problemBody(kind: ProblemKind, detail: string, extensions: Record<string, unknown> = {}): ProblemBody {
  const { status, title } = PROBLEMS[kind];
  return { type: problemType(kind), title, status, detail, ...extensions };
}

export function problemResponse(
  c: Context,
  kind: ProblemKind,
  detail: string,
  extensions: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  const body = problemBody(kind, detail, { instance: new URL(c.req.url).pathname, ...extensions });
  return c.body(JSON.stringify(body), body.status as 400, { ...headers, "Content-Type": "application/problem+json" });
}

/**
 * The problem that an HTTPException thrown by a framework layer (validators, body limit, router)
 * stands for, by its status; undefined for a status no request fault causes.
 */
export function httpExceptionKind(status: number, multipartBody: boolean): ProblemKind | undefined {
  if (status === 400) return multipartBody ? "malformed-multipart" : "malformed-json";
  const byStatus: Record<number, ProblemKind> = {
    404: "not-found",
    405: "method-not-allowed",
    413: "body-too-large",
    415: "unsupported-media-type",
  };
  return byStatus[status];
}

/** Thrown by handlers; the app's error handler turns it into a problem response. */
export class ProblemError extends Error {
  constructor(
    readonly kind: ProblemKind,
    detail: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

const MAX_ERRORS_LISTED = 100;

/** An RFC 6901 JSON pointer to a path in the body (a field name may hold "/" or "~"). */
export const jsonPointer = (path: ReadonlyArray<PropertyKey>) =>
  path.map((p) => "/" + String(p).replaceAll("~", "~0").replaceAll("/", "~1")).join("");

/** Throws one problem for a list of field faults: the first one's kind, every fault listed (up to 100). */
export function throwFieldErrors(errors: FieldError[]): void {
  if (errors.length === 0) return;
  const first = errors[0]!;
  const summary =
    errors.length === 1 ? first.detail : `${errors.length} faults; first at ${first.pointer}: ${first.detail}`;
  throw new ProblemError(first.type.split("/").pop() as ProblemKind, summary, {
    errors: errors.slice(0, MAX_ERRORS_LISTED),
    errorCount: errors.length,
  });
}

// RFC 9457 problem details. Each fault has a stable `type` (a URI reference under /v1/problems/),
// a fixed title and status; the detail names what exactly was wrong.
import type { Context } from "hono";

export const PROBLEMS = {
  "invalid-symbol": { status: 422, title: "Sequence contains a symbol that is not a nucleotide" },
  "empty-sequence": { status: 422, title: "Sequence is empty" },
  "lncrna-too-long": { status: 422, title: "lncRNA is longer than the limit" },
  "mirna-length": { status: 422, title: "miRNA length is outside the accepted range" },
  "too-many-pairs": { status: 422, title: "Too many pairs in one request" },
  "invalid-request": { status: 422, title: "Request does not match the schema" },
  "unknown-model": { status: 422, title: "No such model" },
  "malformed-json": { status: 400, title: "Request body is not valid JSON" },
  "unsupported-media-type": { status: 415, title: "Unsupported content type" },
  "body-too-large": { status: 413, title: "Request body is larger than the limit" },
  "not-found": { status: 404, title: "No such resource" },
  "internal": { status: 500, title: "Internal error" },
} as const;

export type ProblemKind = keyof typeof PROBLEMS;

export const problemType = (kind: ProblemKind) => `/v1/problems/${kind}`;

/** One fault inside a request, located by a JSON pointer into the body. */
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

export function problemResponse(c: Context, kind: ProblemKind, detail: string, extensions: Record<string, unknown> = {}): Response {
  const body = problemBody(kind, detail, { instance: new URL(c.req.url).pathname, ...extensions });
  return c.body(JSON.stringify(body), body.status as 400, { "Content-Type": "application/problem+json" });
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

// The OpenAPI 3.1 document, generated from the route definitions and the validating schemas, with
// every limit and problem type listed; and the problem responses each route declares.
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./env.ts";
import { LIMIT_DOCS } from "./limits.ts";
import { PROBLEMS, problemType, type ProblemKind } from "./problems.ts";
import { ProblemSchema } from "./schemas.ts";

const problemContent = { "application/problem+json": { schema: ProblemSchema } };

/** Responses for the problem kinds a route can answer, grouped by status, each type described. */
export function problemResponses(kinds: ProblemKind[]) {
  const byStatus = new Map<number, ProblemKind[]>();
  for (const kind of kinds) byStatus.set(PROBLEMS[kind].status, [...(byStatus.get(PROBLEMS[kind].status) ?? []), kind]);
  return Object.fromEntries(
    [...byStatus].map(([status, group]) => [
      status,
      {
        description: group.map((kind) => `\`${problemType(kind)}\`: ${PROBLEMS[kind].when}`).join("; "),
        content: problemContent,
      },
    ]),
  );
}

export const API_TITLE = "lmi-edge";

export function apiDescription(): string {
  const limits = LIMIT_DOCS.map((l) => `| ${l.what} | ${l.limit} | ${l.problem} |`).join("\n");
  const problems = (Object.keys(PROBLEMS) as ProblemKind[])
    .map((k) => `| \`${problemType(k)}\` | ${PROBLEMS[k].status} | ${PROBLEMS[k].when} |`)
    .join("\n");
  return [
    "lncRNA–miRNA interaction prediction at the edge: score pairs (`/v1/predict`), or screen one lncRNA against a species' miRNAs (`/v1/screen`); with a secret API key (`Authorization: Bearer lmi_sk_…`), score millions of pairs as a batch job (`/v1/jobs`), billed per pair once its result is stored (`/v1/usage`). Human-readable docs: `/v1/docs`.",
    "",
    "Errors are RFC 9457 `application/problem+json` with a stable `type` per fault; faults in sequences list each one with a JSON pointer (and FASTA record, line and column). CORS is open to every origin.",
    "",
    "## Limits",
    "| what | limit | problem type when exceeded |",
    "|---|---|---|",
    limits,
    "",
    "## Problem types",
    "| type | status | when |",
    "|---|---|---|",
    problems,
  ].join("\n");
}

type Document = ReturnType<OpenAPIHono<AppEnv>["getOpenAPI31Document"]>;

/** Routes whose body is required although each content type is validated optionally (see predict.ts). */
const REQUIRED_BODIES = ["/v1/predict", "/v1/screen"];

export function openApiDocument(app: OpenAPIHono<AppEnv>, version: string): Document {
  const document = app.getOpenAPI31Document({
    openapi: "3.1.0",
    info: { title: API_TITLE, version, description: apiDescription() },
  });
  for (const path of REQUIRED_BODIES) {
    const body = document.paths?.[path]?.post?.requestBody;
    if (body && "content" in body) body.required = true;
  }
  return document;
}

// Uploads for job bodies over the single-request limit: POST /v1/uploads starts an R2 multipart
// upload, PUT /v1/uploads/{id}/parts/{n} streams one part to it, and POST /v1/jobs?upload={id}
// completes it and reads it as the job's body (functions/api/jobs.ts). The CLI does this by itself
// above the limit.
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { JobBindings } from "../jobs/bindings.ts";
import { JOB_LIMITS, jobLimits } from "../jobs/ingest.ts";
import { createUpload, ownUpload, putPart } from "../jobs/uploads.ts";
import { requireSecretKey } from "./auth.ts";
import type { AppEnv } from "./env.ts";
import { problemResponses } from "./openapi.ts";
import { ProblemError } from "./problems.ts";

export const AUTH_PROBLEMS = ["unauthorized", "key-not-allowed", "rate-limited", "jobs-unavailable"] as const;
export const bearerAuth = [{ bearerAuth: [] }];

export function jobBindings(c: Context<AppEnv>): Required<Pick<JobBindings, "DB" | "JOBS_BUCKET" | "JOBS_QUEUE">> {
  const { DB, JOBS_BUCKET, JOBS_QUEUE } = c.env ?? {};
  if (!DB || !JOBS_BUCKET || !JOBS_QUEUE)
    throw new ProblemError("jobs-unavailable", "this deployment has no DB, JOBS_BUCKET and JOBS_QUEUE bound for jobs");
  return { DB, JOBS_BUCKET, JOBS_QUEUE };
}

const mib = (bytes: number) => `${bytes / 1024 / 1024} MiB`;

export const UploadSchema = z
  .object({
    id: z.string().openapi({ description: "The upload's id, for its parts and for POST /v1/jobs?upload={id}" }),
    parts: z.string().openapi({ description: "PUT part n (from 1) to `{parts}/{n}`." }),
    partBytes: z
      .object({
        min: z.number().int().openapi({ description: "Smallest size of a part but the last" }),
        max: z.number().int().openapi({ description: "Largest part" }),
      })
      .openapi({
        description: "Every part but the last has one size in [min, max]; the last is no larger.",
      }),
    maxBytes: z.number().int().openapi({ description: "The most an uploaded body may hold." }),
    createdAt: z.string().openapi({ description: "When the upload was started (ISO 8601)" }),
  })
  .openapi("Upload");

const createRouteDef = createRoute({
  method: "post",
  path: "/v1/uploads",
  summary: "Start an upload of a job body larger than one request takes",
  description: `A job body over ${mib(JOB_LIMITS.maxBodyBytes)} (one request's limit), up to ${mib(JOB_LIMITS.maxUploadBytes)}, goes up in parts: PUT each to \`/v1/uploads/{id}/parts/{n}\` (n from 1; every part but the last of one size, ${mib(JOB_LIMITS.minPartBytes)}–${mib(JOB_LIMITS.maxPartBytes)}; a part sent again replaces it), then POST /v1/jobs?upload={id} with an empty body and the Content-Type the body would have had. Its rows are checked then, as for a body sent whole. Unused uploads are deleted after ${JOB_LIMITS.retentionDays} days.`,
  security: bearerAuth,
  responses: {
    201: { description: "The upload", content: { "application/json": { schema: UploadSchema } } },
    ...problemResponses([...AUTH_PROBLEMS]),
  },
});

const partRoute = createRoute({
  method: "put",
  path: "/v1/uploads/{id}/parts/{part}",
  summary: "Upload one part of a job body",
  description: "The body is the part's bytes, sent with a Content-Length; it is stored as it streams in.",
  security: bearerAuth,
  request: {
    params: z.object({
      id: z.string().openapi({ param: { name: "id", in: "path" } }),
      part: z.coerce
        .number()
        .int()
        .min(1)
        .max(JOB_LIMITS.maxParts)
        .openapi({ param: { name: "part", in: "path" } }),
    }),
    body: { required: true, content: { "application/octet-stream": { schema: z.string() } } },
  },
  responses: {
    200: {
      description: "The part as stored",
      content: {
        "application/json": {
          schema: z.object({
            upload: z.string().openapi({ description: "The upload's id" }),
            part: z.number().int().openapi({ description: "The part's number (from 1)" }),
            bytes: z.number().int().openapi({ description: "Bytes stored for this part" }),
            etag: z.string().openapi({ description: "R2's etag of the stored part" }),
          }),
        },
      },
    },
    ...problemResponses([
      ...AUTH_PROBLEMS,
      "not-found",
      "length-required",
      "job-too-large",
      "invalid-upload",
      "invalid-request",
    ]),
  },
});

export function registerUploads(app: OpenAPIHono<AppEnv>): void {
  app.use("/v1/uploads", requireSecretKey);
  app.use("/v1/uploads/*", requireSecretKey);

  app.openapi(createRouteDef, async (c) => {
    const { DB, JOBS_BUCKET } = jobBindings(c);
    const limits = jobLimits(c.env);
    const upload = await createUpload(DB, JOBS_BUCKET, c.var.apiKey.id);
    return c.json(
      {
        id: upload.id,
        parts: `/v1/uploads/${upload.id}/parts`,
        partBytes: { min: limits.minPartBytes, max: limits.maxPartBytes },
        maxBytes: limits.maxUploadBytes,
        createdAt: upload.created_at,
      },
      201,
      { Location: `/v1/uploads/${upload.id}` },
    );
  });

  app.openapi(partRoute, async (c) => {
    const { DB, JOBS_BUCKET } = jobBindings(c);
    const { id, part } = c.req.valid("param");
    const limits = jobLimits(c.env);
    const upload = await ownUpload(DB, c.var.apiKey.id, id);
    const length = c.req.header("Content-Length");
    const bytes = Number(length);
    const refuse = async (problem: ProblemError): Promise<never> => {
      await c.req.raw.body?.cancel(); // the part is not read: tell the sender now
      throw problem;
    };
    if (length === undefined || !/^\d+$/.test(length.trim()))
      await refuse(
        new ProblemError(
          "length-required",
          "send the part with a Content-Length (R2 stores a part of known length); split the body into parts of one size",
        ),
      );
    if (bytes > limits.maxPartBytes)
      await refuse(
        new ProblemError(
          "job-too-large",
          `part ${part} has ${bytes} bytes; a part holds at most ${limits.maxPartBytes}`,
          { limit: limits.maxPartBytes },
        ),
      );
    if (bytes === 0 || !c.req.raw.body)
      throw new ProblemError("invalid-request", `part ${part} is empty; every part holds bytes of the body`);
    const stored = await putPart(DB, JOBS_BUCKET, upload, part, c.req.raw.body, bytes);
    return c.json({ upload: upload.id, ...stored }, 200);
  });
}

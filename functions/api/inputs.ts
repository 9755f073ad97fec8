// Request bodies: size, content type, and parseability, each fault with its own problem type; and
// reading form parts. Routes with a body accept application/json and multipart/form-data.
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "./env.ts";
import { LIMITS } from "./limits.ts";
import { problemResponse } from "./problems.ts";

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;
const MULTIPART_MEDIA_TYPE = "multipart/form-data";

export const mediaTypeOf = (c: Context) => (c.req.header("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();

export const isMultipart = (c: Context) => mediaTypeOf(c) === MULTIPART_MEDIA_TYPE;

const sizeLimit = bodyLimit({
  maxSize: LIMITS.maxBodyBytes,
  onError: (c) =>
    problemResponse(c, "body-too-large", `the body exceeds ${LIMITS.maxBodyBytes} bytes`, {
      limit: LIMITS.maxBodyBytes,
    }),
});

/** Parses the body once (cached for the validators) so that a malformed one gets its own problem. */
const parseable: MiddlewareHandler<AppEnv> = async (c, next) => {
  const mediaType = mediaTypeOf(c);
  if (JSON_MEDIA_TYPE.test(mediaType)) {
    try {
      await c.req.json();
    } catch (error) {
      return problemResponse(c, "malformed-json", `the body is not valid JSON: ${(error as Error).message}`);
    }
  } else if (mediaType === MULTIPART_MEDIA_TYPE) {
    try {
      await c.req.formData();
    } catch (error) {
      return problemResponse(
        c,
        "malformed-multipart",
        `the body is not valid multipart/form-data: ${(error as Error).message}`,
      );
    }
  } else {
    return problemResponse(
      c,
      "unsupported-media-type",
      `send the request as application/json or multipart/form-data${mediaType ? `, not ${mediaType}` : " (no Content-Type was given)"}`,
      { accepted: ["application/json", MULTIPART_MEDIA_TYPE] },
    );
  }
  await next();
};

/** Body checks for POST routes, in order: size, content type, parseability. */
export const requestBody: MiddlewareHandler<AppEnv>[] = [sizeLimit, parseable];

/** The text of a form part, whether it came as a file or as a plain field. */
export const partText = async (part: File | string): Promise<string> =>
  typeof part === "string" ? part : await part.text();

// Request bodies: size, content type, and parseability, each fault with its own problem type; and
// reading form parts. Routes with a body accept application/json and multipart/form-data.
import { format, parse } from "content-type";
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "./env.ts";
import { LIMITS } from "./limits.ts";
import { gunzip, gunzipFile, hasGzipMagic, InflatedTooLarge, NotGzip } from "./gzip.ts";
import { problemResponse, problemType, ProblemError, throwFieldErrors } from "./problems.ts";

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/;
const MULTIPART_TYPE = "multipart/form-data";
/**
 * RFC 2046 boundary characters without the space it also allows: the OpenAPI layer's validators
 * accept no other, and no common client sends one.
 */
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=?]{1,70}$/;

export type BodyMediaType =
  | { kind: "json"; type: string }
  | { kind: "multipart"; type: string; boundary?: string }
  | { kind: "other"; type: string }
  | { kind: "none" }
  | { kind: "unparseable"; header: string };

/**
 * The one reading of a request's Content-Type (RFC 9110: type/subtype in any case, parameters after
 * optional whitespace, quoted values); every layer after `requestBody` sees its canonical form.
 */
export function bodyMediaType(header: string | undefined): BodyMediaType {
  if (header === undefined || header.trim() === "") return { kind: "none" };
  let parsed;
  try {
    parsed = parse(header);
  } catch {
    return { kind: "unparseable", header };
  }
  const type = parsed.type.toLowerCase();
  if (JSON_TYPE.test(type)) return { kind: "json", type };
  if (type === MULTIPART_TYPE) {
    const boundary = parsed.parameters["boundary"];
    return boundary === undefined ? { kind: "multipart", type } : { kind: "multipart", type, boundary };
  }
  return { kind: "other", type };
}

/** The header as the validators downstream expect it: the media type, and a form's boundary only. */
function canonicalContentType(mediaType: BodyMediaType & { kind: "json" | "multipart" }): string {
  if (mediaType.kind === "json" || mediaType.boundary === undefined) return mediaType.type;
  return format({ type: mediaType.type, parameters: { boundary: mediaType.boundary } });
}

export const isMultipart = (c: Context) => bodyMediaType(c.req.header("Content-Type")).kind === "multipart";

const sizeLimit = bodyLimit({
  maxSize: LIMITS.maxBodyBytes,
  onError: (c) =>
    problemResponse(c, "body-too-large", `the body exceeds ${LIMITS.maxBodyBytes} bytes`, {
      limit: LIMITS.maxBodyBytes,
    }),
});

const unsupported = (c: Context, what: string) =>
  problemResponse(c, "unsupported-media-type", `send the request as application/json or multipart/form-data${what}`, {
    accepted: ["application/json", MULTIPART_TYPE],
  });

const ACCEPTED_ENCODINGS = ["gzip", "identity"];

/** A gzip-coded body, inflated to at most the body limit; or the problem answer. */
async function inflateBody(c: Context, kind: "json" | "multipart"): Promise<Uint8Array<ArrayBuffer> | Response> {
  try {
    return await gunzip(c.req.raw.body ?? new Response("").body!, LIMITS.maxBodyBytes);
  } catch (error) {
    if (error instanceof InflatedTooLarge)
      return problemResponse(c, "body-too-large", `the gzip-coded body ${error.message}, the body limit`, {
        limit: error.limit,
      });
    if (error instanceof NotGzip)
      return problemResponse(
        c,
        kind === "json" ? "malformed-json" : "malformed-multipart",
        `the body is sent with Content-Encoding gzip but ${error.message}`,
      );
    throw error;
  }
}

/**
 * Reads the content type once, rewrites the header to its canonical form (so that the OpenAPI
 * layer's own media-type gate accepts exactly what this accepts), and parses the body once (cached
 * for the validators) so that a malformed one gets its own problem.
 */
const parseable: MiddlewareHandler<AppEnv> = async (c, next) => {
  const coding = c.req.header("Content-Encoding")?.trim().toLowerCase();
  const gzipped = coding === "gzip" || coding === "x-gzip";
  if (coding && coding !== "identity" && !gzipped)
    return problemResponse(
      c,
      "unsupported-media-type",
      `the body is sent with Content-Encoding ${JSON.stringify(coding)}; send it gzip-compressed or uncompressed`,
      { accepted: ["application/json", MULTIPART_TYPE], acceptedEncodings: ACCEPTED_ENCODINGS },
      { "Accept-Encoding": ACCEPTED_ENCODINGS.join(", ") },
    );
  const header = c.req.header("Content-Type");
  const mediaType = bodyMediaType(header);
  if (mediaType.kind === "none") return unsupported(c, " (no Content-Type was given)");
  if (mediaType.kind === "unparseable")
    return unsupported(c, `; the Content-Type ${JSON.stringify(mediaType.header)} is not a media type`);
  if (mediaType.kind === "other") return unsupported(c, `, not ${mediaType.type}`);
  if (mediaType.kind === "multipart" && mediaType.boundary !== undefined && !BOUNDARY.test(mediaType.boundary))
    return problemResponse(
      c,
      "malformed-multipart",
      `the multipart boundary ${JSON.stringify(mediaType.boundary)} is not accepted: use 1–70 letters, digits or ' ( ) + _ , - . / : = ?`,
    );
  const canonical = canonicalContentType(mediaType);
  if (gzipped) {
    const inflated = await inflateBody(c, mediaType.kind);
    if (inflated instanceof Response) return inflated;
    const headers = new Headers(c.req.raw.headers);
    headers.set("Content-Type", canonical);
    headers.delete("Content-Encoding");
    headers.delete("Content-Length");
    c.req.raw = new Request(c.req.raw.url, { method: c.req.raw.method, headers, body: inflated });
  } else if (canonical !== header) {
    const headers = new Headers(c.req.raw.headers);
    headers.set("Content-Type", canonical);
    c.req.raw = new Request(c.req.raw, { headers });
  }
  try {
    if (mediaType.kind === "json") keepParsedJson(c, await c.req.json());
    else await c.req.formData();
  } catch (error) {
    return mediaType.kind === "json"
      ? problemResponse(c, "malformed-json", `the body is not valid JSON: ${(error as Error).message}`)
      : problemResponse(
          c,
          "malformed-multipart",
          `the body is not valid multipart/form-data: ${(error as Error).message}`,
        );
  }
  await next();
};

/**
 * Later reads of the JSON body get this parse: Hono keeps the body's text and parses it again on
 * every read, so the text would stay on the heap beside the parsed body for the whole request.
 */
function keepParsedJson(c: Context, parsed: unknown): void {
  delete c.req.bodyCache.text;
  c.req.json = <T>() => Promise.resolve(parsed as T);
}

/** Body checks for POST routes, in order: size, content coding and type, parseability. */
export const requestBody: MiddlewareHandler<AppEnv>[] = [sizeLimit, parseable];

/**
 * The text of a form part, whether it came as a file or as a plain field; a gzip-compressed file is
 * inflated, to at most the body limit.
 */
export async function partText(part: File | string, name: string): Promise<string> {
  const fault = (detail: string) =>
    throwFieldErrors([{ type: problemType("invalid-fasta"), pointer: `/${name}`, detail: `${name}: ${detail}` }]);
  if (typeof part === "string") {
    // a text field holds characters, so compressed bytes arrive mangled and cannot be inflated
    if (hasGzipMagic([part.charCodeAt(0), part.charCodeAt(1) === 0xfffd ? 0x8b : part.charCodeAt(1)]))
      fault("the text looks gzip-compressed; upload a compressed FASTA as a file part (with a filename)");
    return part;
  }
  if (!hasGzipMagic(new Uint8Array(await part.slice(0, 2).arrayBuffer()))) return await part.text();
  try {
    return new TextDecoder().decode(await gunzipFile(new Uint8Array(await part.arrayBuffer()), LIMITS.maxBodyBytes));
  } catch (error) {
    if (error instanceof InflatedTooLarge)
      throw new ProblemError(
        "body-too-large",
        `the gzip-compressed ${name} file ${error.message}: the body limit holds for the decompressed file too`,
        { limit: error.limit, part: name },
      );
    if (error instanceof NotGzip) fault(`the file starts as gzip but ${error.message}`);
    throw error;
  }
}

/**
 * The validated body of a route that takes JSON and multipart alike: the route's typing knows one
 * body schema, the form schema is validated by a second middleware, so the caller names which it read.
 */
export const validatedBody = <T>(c: Context, target: "json" | "form"): T =>
  (c.req.valid as (target: "json" | "form") => T)(target);

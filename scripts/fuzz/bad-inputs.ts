// Generated bad requests for the router: random bytes, wrong alphabets, huge and empty fields,
// wrong types, malformed JSON, FASTA and multipart, odd paths, methods and content types, and
// header and request-line variants (content-type spellings, charsets, boundaries, content codings)
// around valid bodies as well as broken ones. Fully
// determined by the seed, so a failing case can be replayed by its index.
import { randomRna, seededRandom } from "../lib/generators.ts";

export interface FuzzCase {
  index: number;
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

type Random = () => number;

const MIRNA = "UGAGGUAGUAGGUUGUAUAGUU";
const JSON_TYPE = { "Content-Type": "application/json" };

const int = (r: Random, max: number) => Math.floor(r() * max);
const pick = <T>(r: Random, items: readonly T[]): T => items[int(r, items.length)]!;

function bytes(r: Random, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = int(r, 256);
  return out;
}

/** Text that is not a sequence: other letters, digits, punctuation, control and non-ASCII. */
function wrongAlphabet(r: Random, n: number): string {
  const alphabet = "XZJOBEFIPQL0123456789-*.>_@#!?,;:\t\u0000\u0007\u00e9\u00df\u4e2d\ud83e\uddec\u202e\uff21ACGU";
  let s = "";
  for (let i = 0; i < n; i++) s += alphabet[int(r, alphabet.length)];
  return s;
}

/** A sequence-ish value of any kind: fine, empty, huge, wrong alphabet, wrong type. */
function sequenceValue(r: Random): unknown {
  switch (int(r, 12)) {
    case 0:
      return "";
    case 1:
      return " \r\n\t ";
    case 2:
      return wrongAlphabet(r, 1 + int(r, 60));
    case 3:
      return randomRna(r, 100_001 + int(r, 2000));
    case 4:
      return randomRna(r, int(r, 15));
    case 5:
      return randomRna(r, 31 + int(r, 200));
    case 6:
      return pick(r, [null, 42, -1.5, true, [], {}, ["ACGU"], { seq: "ACGU" }]);
    case 7:
      return randomRna(r, 5 + int(r, 40)) + wrongAlphabet(r, 1) + randomRna(r, 5);
    case 8:
      return `>${wrongAlphabet(r, 5)}\n${randomRna(r, 30)}`;
    case 9:
      return "N".repeat(1 + int(r, 40));
    default:
      return randomRna(r, 15 + int(r, 16));
  }
}

function fastaValue(r: Random): unknown {
  switch (int(r, 12)) {
    case 0:
      return "";
    case 1:
      return randomRna(r, 40); // no header
    case 2:
      return ">\n" + randomRna(r, 22);
    case 3:
      return `>${"x".repeat(257)}\n${MIRNA}`;
    case 4:
      return ">a\n>b\n>c\n";
    case 5:
      return `>a\r\n${wrongAlphabet(r, 30)}\r\n`;
    case 6:
      return Array.from({ length: 1 + int(r, 60) }, (_, i) => `>r${i}\n${randomRna(r, 15 + int(r, 16))}`).join("\n");
    case 7:
      return `>a b c\n${randomRna(r, 10)}\n\n\n>d\n${randomRna(r, 22)}\n>>e\n${wrongAlphabet(r, 3)}`;
    case 8:
      return pick(r, [null, 7, [">a", "ACGU"], { a: "ACGU" }]);
    case 9:
      return `>only\n${randomRna(r, 100_001)}`;
    case 10:
      return `\u0000>a\n${MIRNA}`;
    default:
      return `>m${int(r, 99)}\n${randomRna(r, 15 + int(r, 16))}\n`;
  }
}

function predictBody(r: Random): unknown {
  const pair = () => ({
    ...(r() < 0.3 ? { id: pick(r, ["", "x".repeat(300), 5, null, "ok"]) } : {}),
    mirna: sequenceValue(r),
    lncrna: sequenceValue(r),
  });
  switch (int(r, 9)) {
    case 0:
      return { pairs: Array.from({ length: int(r, 4) }, pair) };
    case 1:
      return { pairs: pair() };
    case 2:
      return {
        pairs: [pair()],
        model: pick(r, ["", "ENSEMBLE", "kmer", "../kmer-mlp", 3, null, "ensemble", "kmer-mlp"]),
      };
    case 3:
      return {
        mirnaFasta: fastaValue(r),
        lncrnaFasta: fastaValue(r),
        ...(r() < 0.5 ? { pairing: pick(r, ["all", "zip", "cross", 1, ""]) } : {}),
      };
    case 4:
      return { mirnaFasta: fastaValue(r) };
    case 5:
      return { pairs: [pair()], mirnaFasta: fastaValue(r), lncrnaFasta: fastaValue(r) };
    case 6:
      return pick(r, [
        null,
        [],
        "pairs",
        0,
        true,
        {},
        { pairs: null },
        { pairs: [] },
        { pairs: [null] },
        { PAIRS: [] },
      ]);
    case 7:
      return { pairs: Array.from({ length: 1001 }, () => ({ mirna: MIRNA, lncrna: "ACGU" })) };
    default:
      return { pairs: [pair()], extra: { deep: [[[[{}]]]] } };
  }
}

function screenBody(r: Random): unknown {
  const fields: Record<string, unknown> = {};
  if (r() < 0.9) fields.lncrna = r() < 0.5 ? sequenceValue(r) : fastaValue(r);
  if (r() < 0.5) fields.species = pick(r, ["hsa", "ath", "", "HSA", "h", "a/b", "../x", "🧬", "x".repeat(40), 1, null]);
  if (r() < 0.5) fields.mirnaFasta = fastaValue(r);
  if (r() < 0.4) fields.topK = pick(r, [0, -1, 1, 1.5, 1001, 1e9, "5", null, 25]);
  if (r() < 0.3) fields.model = pick(r, ["ensemble", "nope", 1]);
  if (r() < 0.2) fields.lncrnaId = pick(r, ["x".repeat(300), 4, "ok"]);
  return fields;
}

/** JSON text broken in a random way. */
function breakJson(r: Random, text: string): string {
  switch (int(r, 5)) {
    case 0:
      return text.slice(0, int(r, text.length));
    case 1: {
      const at = int(r, text.length + 1);
      return text.slice(0, at) + pick(r, ["{", "}", '"', ",", "\\", "\u0000", "NaN"]) + text.slice(at);
    }
    case 2:
      return text.replace(/"/g, "'");
    case 3:
      return "\ufeff" + text + "garbage";
    default:
      return pick(r, ["", " ", "{", "[", "nul", '{"pairs":}', '{"a":1,}', '{"pairs": [' + "[".repeat(5000)]);
  }
}

/** A multipart body, sometimes well-formed, sometimes broken. */
function multipart(r: Random, parts: Record<string, unknown>): { headers: Record<string, string>; body: string } {
  const boundary = pick(r, ["b0undary", "x", "----lmi" + int(r, 1e6), ""]);
  const lines: string[] = [];
  for (const [name, value] of Object.entries(parts)) {
    lines.push(`--${boundary}`);
    lines.push(
      r() < 0.5
        ? `Content-Disposition: form-data; name="${name}"; filename="${name}.fa"`
        : `Content-Disposition: form-data; name="${name}"`,
    );
    lines.push("", typeof value === "string" ? value : JSON.stringify(value));
  }
  lines.push(`--${boundary}--`, "");
  let body = lines.join("\r\n");
  if (r() < 0.3) body = body.slice(0, int(r, body.length));
  const header = pick(r, [
    `multipart/form-data; boundary=${boundary}`,
    "multipart/form-data",
    `multipart/form-data; boundary=other`,
    `multipart/form-data; boundary="${boundary}"`,
  ]);
  return { headers: { "Content-Type": header }, body };
}

/** A body every route accepts, so header variants reach the handlers too. */
const validBody = (r: Random, route: string) =>
  route === "/v1/predict"
    ? { pairs: [{ mirna: MIRNA, lncrna: randomRna(r, 40 + int(r, 400)) }] }
    : { lncrna: randomRna(r, 40 + int(r, 400)), mirnaFasta: `>m\n${MIRNA}\n` };

/** A Content-Type spelled as RFC 9110 allows, or nearly: case, whitespace, parameters, quoting. */
function contentTypeVariant(r: Random, mediaType: string, boundary?: string): string {
  const spelled = pick(r, [mediaType, mediaType.toUpperCase(), mediaType.replace(/^./, (c) => c.toUpperCase())]);
  const parameters = Array.from({ length: int(r, 3) }, () =>
    pick(r, [
      "charset=utf-8",
      "charset=UTF-8",
      'charset="utf-8"',
      "charset=latin1",
      "charset=utf-16",
      "q=0.5",
      "x=",
      "=y",
      "charset",
      'a="b;c"',
      'a="unterminated',
    ]),
  );
  if (boundary !== undefined)
    parameters.splice(
      int(r, parameters.length + 1),
      0,
      pick(r, [`boundary=${boundary}`, `BOUNDARY=${boundary}`, `boundary="${boundary}"`]),
    );
  const separator = () => pick(r, [";", " ;", "; ", ";  ", "\t;\t", ";;"]);
  return spelled + parameters.map((p) => separator() + p).join("") + pick(r, ["", "", ";", " ", "; "]);
}

/** Content types, charsets, boundaries and content codings around a valid or a broken body. */
function headerVariant(r: Random, index: number, route: string): FuzzCase {
  const json = r() < 0.5;
  const valid = r() < 0.5;
  const headers: Record<string, string> = {};
  let body: string;
  if (json) {
    headers["Content-Type"] = contentTypeVariant(r, pick(r, ["application/json", "application/vnd.api+json"]));
    const fields = valid ? validBody(r, route) : route === "/v1/predict" ? predictBody(r) : screenBody(r);
    body = JSON.stringify(fields);
  } else {
    const boundary = pick(r, ["X", "----lmi" + int(r, 1e6), "a'()+_,-./:=?z", "a b"]);
    const parts = valid
      ? route === "/v1/predict"
        ? { mirna: `>m\n${MIRNA}\n`, lncrna: `>l\n${randomRna(r, 40 + int(r, 400))}\n` }
        : { lncrna: randomRna(r, 40 + int(r, 400)), mirna: `>m\n${MIRNA}\n` }
      : route === "/v1/predict"
        ? { mirna: fastaValue(r), lncrna: fastaValue(r) }
        : screenBody(r);
    body =
      Object.entries(parts as Record<string, unknown>)
        .map(
          ([name, value]) =>
            `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${typeof value === "string" ? value : JSON.stringify(value)}\r\n`,
        )
        .join("") + `--${boundary}--\r\n`;
    headers["Content-Type"] = contentTypeVariant(r, "multipart/form-data", r() < 0.9 ? boundary : undefined);
  }
  if (r() < 0.3)
    headers["Content-Encoding"] = pick(r, ["gzip", "br", "deflate", "identity", "gzip, identity", "x-unknown", ""]);
  if (r() < 0.1) headers["Content-Language"] = pick(r, ["en", "??"]);
  return { index, kind: "header variant", method: "POST", path: route, headers, body };
}

/** Methods, paths and queries as a request line may carry them (fetch refuses TRACE and CONNECT). */
function requestLineVariant(r: Random, index: number, route: string): FuzzCase {
  const path = pick(r, [
    route + "/",
    route.toUpperCase(),
    route.replace("/v1/", "/v1/%70"),
    route + "?model=ensemble",
    route + "?" + "q=".repeat(2000),
    route + "#fragment",
    route + ";a=b",
    route + "%00",
    route.replace("/v1/", "/v1/./"),
    route.replace("/v1/", "/v1/x/../"),
    "/" + "a/".repeat(2000),
    route + "/" + "x".repeat(int(r, 8000)),
  ]);
  const method = pick(r, ["post", "POST", "Post", "PROPFIND", "QUERY", "PURGE", "HEAD", "OPTIONS", "GET"]);
  const withBody = method.toUpperCase() !== "GET" && method.toUpperCase() !== "HEAD";
  return {
    index,
    kind: "request line variant",
    method,
    path,
    headers: JSON_TYPE,
    ...(withBody ? { body: JSON.stringify(validBody(r, route)) } : {}),
  };
}

export function fuzzCase(seed: number, index: number): FuzzCase {
  const r = seededRandom((seed * 1_000_003 + index) >>> 0);
  const route = pick(r, ["/v1/predict", "/v1/screen"]);
  const make = (
    kind: string,
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string | Uint8Array,
  ): FuzzCase => ({ index, kind, method, path, headers, ...(body !== undefined ? { body } : {}) });
  switch (int(r, 12)) {
    case 10:
      return headerVariant(r, index, route);
    case 11:
      return requestLineVariant(r, index, route);
    case 0:
      return make(
        "random bytes",
        "POST",
        route,
        pick(r, [
          JSON_TYPE,
          { "Content-Type": "multipart/form-data; boundary=x" },
          { "Content-Type": "application/octet-stream" },
          {},
        ]),
        bytes(r, int(r, 4096)),
      );
    case 1:
    case 2:
      return make("predict fields", "POST", "/v1/predict", JSON_TYPE, JSON.stringify(predictBody(r)));
    case 3:
    case 4:
      return make("screen fields", "POST", "/v1/screen", JSON_TYPE, JSON.stringify(screenBody(r)));
    case 5:
      return make(
        "malformed JSON",
        "POST",
        route,
        JSON_TYPE,
        breakJson(r, JSON.stringify(route === "/v1/predict" ? predictBody(r) : screenBody(r))),
      );
    case 6: {
      const parts =
        route === "/v1/predict"
          ? { mirna: fastaValue(r), lncrna: fastaValue(r), ...(r() < 0.3 ? { pairing: pick(r, ["zip", "x"]) } : {}) }
          : screenBody(r);
      const { headers, body } = multipart(r, parts as Record<string, unknown>);
      return make("multipart", "POST", route, headers, body);
    }
    case 7: {
      const path = pick(r, [
        "/v1/species/" + pick(r, ["", "hsa", "%2e%2e", "a%2Fb", "%F0%9F%A7%AC", "x".repeat(300), "ath?x=1"]),
        // eslint-disable-next-line no-control-regex -- a NUL in a path is what this strips
        "/v1/" + wrongAlphabet(r, 4).replace(/[#?\s\u0000]/g, ""),
        "/v2/predict",
        "/v1/predict/extra",
        "/",
        "/v1",
        "/v1/openapi.json?x",
        "/v1//predict",
      ]);
      return make(
        "odd path",
        pick(r, ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]),
        path,
        r() < 0.5 ? JSON_TYPE : {},
        r() < 0.5 ? "{}" : undefined,
      );
    }
    case 8:
      return make(
        "odd content type",
        pick(r, ["POST", "PUT"]),
        route,
        {
          "Content-Type": pick(r, [
            "text/plain",
            "application/json; charset=utf-16",
            "application/problem+json",
            "application/x-www-form-urlencoded",
            "application/jsonx",
            "",
            "*/*",
            "application/json, text/plain",
          ]),
        },
        JSON.stringify(predictBody(r)),
      );
    default: {
      // rare: over the body limit; otherwise a large but legal body
      const huge = r() < 0.02;
      const lncrna = "ACGU".repeat(huge ? 1_400_000 : 20_000 + int(r, 10_000));
      return make(
        huge ? "body over the limit" : "large body",
        "POST",
        route,
        JSON_TYPE,
        JSON.stringify(
          route === "/v1/predict" ? { pairs: [{ mirna: MIRNA, lncrna }] } : { lncrna, mirnaFasta: `>m\n${MIRNA}` },
        ),
      );
    }
  }
}

export interface FuzzOutcome {
  index: number;
  kind: string;
  status: number;
  fault?: string;
}

const PROBLEM_TYPE = /^\/v1\/problems\/[a-z-]+$/;

/** What counts as a crash: no answer, a 5xx, or a 4xx that is not a well-formed problem. */
export async function judge(fuzz: FuzzCase, send: (c: FuzzCase) => Promise<Response>): Promise<FuzzOutcome> {
  let response: Response;
  try {
    response = await send(fuzz);
  } catch (error) {
    return { index: fuzz.index, kind: fuzz.kind, status: 0, fault: `no answer: ${(error as Error).message}` };
  }
  const text = await response.text();
  const outcome = { index: fuzz.index, kind: fuzz.kind, status: response.status };
  if (response.status >= 500) return { ...outcome, fault: `${response.status}: ${text.slice(0, 200)}` };
  if (response.status >= 400 && fuzz.method !== "HEAD") {
    if (response.headers.get("Content-Type") !== "application/problem+json")
      return { ...outcome, fault: `${response.status} without problem+json` };
    try {
      const problem = JSON.parse(text) as { type?: string; status?: number; detail?: string };
      if (
        !PROBLEM_TYPE.test(problem.type ?? "") ||
        problem.status !== response.status ||
        typeof problem.detail !== "string"
      )
        return { ...outcome, fault: `malformed problem: ${text.slice(0, 200)}` };
    } catch {
      return { ...outcome, fault: `problem body is not JSON: ${text.slice(0, 200)}` };
    }
  }
  return outcome;
}

export const requestInit = (fuzz: FuzzCase): RequestInit => ({
  method: fuzz.method,
  headers: fuzz.headers,
  ...(fuzz.body !== undefined && fuzz.method !== "GET" && fuzz.method !== "HEAD"
    ? { body: fuzz.body as BodyInit }
    : {}),
});

/** Sends cases [0, count) of a seed to a worker over HTTP, `concurrency` at a time; outcomes in case order. */
export async function runFuzz(
  base: URL,
  seed: number,
  count: number,
  concurrency: number,
  progress?: (done: number) => void,
): Promise<FuzzOutcome[]> {
  const outcomes: FuzzOutcome[] = new Array(count);
  let next = 0;
  let done = 0;
  const lane = async () => {
    for (let i = next++; i < count; i = next++) {
      outcomes[i] = await judge(fuzzCase(seed, i), (c) => fetch(new URL(c.path, base), requestInit(c)));
      progress?.(++done);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return outcomes;
}

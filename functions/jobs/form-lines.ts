// A multipart/form-data body of text parts read line by line as it streams in, without holding a
// part in memory: the form parsers at hand hand each part over whole, and a job's lncRNA FASTA part
// may be as large as the body. Binary (e.g. gzip) parts are not text and are not read here.

/** A line of the body, as functions/jobs/ingest.ts splits it (1-based, CR of CRLF removed). */
export type BodyLine = { text: string; line: number } | { overLimit: true };

export type FormEvent =
  | { kind: "part"; name: string; filename?: string; line: number }
  /** A line of the current part; `line` counts within the part, from 1. */
  | { kind: "line"; part: string; text: string; line: number }
  /** The form's structure is broken at this line of the body; nothing follows. */
  | { kind: "malformed"; line: number; detail: string }
  | { overLimit: true };

const DISPOSITION_NAME = /;\s*name="([^"]*)"/i;
const DISPOSITION_FILENAME = /;\s*filename="([^"]*)"/i;

/**
 * The parts of a form as events: each part's start (its name from Content-Disposition), then its
 * lines. The CRLF before a boundary belongs to the boundary (RFC 2046), so a part's last line is
 * the one before its closing delimiter, as a file's last line is.
 */
export async function* formLines(lines: AsyncIterable<BodyLine>, boundary: string): AsyncGenerator<FormEvent> {
  const delimiter = `--${boundary}`;
  const close = `--${boundary}--`;
  let state: "preamble" | "headers" | "content" | "epilogue" = "preamble";
  let headers: string[] = [];
  let headerLine = 0;
  let part = "";
  let partLine = 0;
  let last = 0;
  for await (const item of lines) {
    if ("overLimit" in item) {
      yield item;
      return;
    }
    const { text, line } = item;
    last = line;
    const bare = text.trimEnd(); // transport padding after a delimiter is allowed
    if (state !== "epilogue" && (bare === delimiter || bare === close)) {
      if (state === "headers") {
        yield { kind: "malformed", line, detail: "a part ends inside its headers (no blank line after them)" };
        return;
      }
      state = bare === close ? "epilogue" : "headers";
      headers = [];
      headerLine = line + 1;
      continue;
    }
    if (state === "preamble" || state === "epilogue") continue;
    if (state === "headers") {
      if (text !== "") {
        headers.push(text);
        continue;
      }
      const disposition = headers.find((h) => /^content-disposition\s*:/i.test(h));
      const name = disposition && DISPOSITION_NAME.exec(disposition)?.[1];
      if (!name) {
        yield {
          kind: "malformed",
          line: headerLine,
          detail: 'a part has no Content-Disposition header with a name (form-data; name="…")',
        };
        return;
      }
      const filename = DISPOSITION_FILENAME.exec(disposition)?.[1];
      part = name;
      partLine = 0;
      state = "content";
      yield { kind: "part", name, line: headerLine, ...(filename !== undefined ? { filename } : {}) };
      continue;
    }
    yield { kind: "line", part, text, line: ++partLine };
  }
  if (state === "preamble")
    yield { kind: "malformed", line: 1, detail: `no part starts with the boundary ${JSON.stringify(delimiter)}` };
  else if (state !== "epilogue")
    yield {
      kind: "malformed",
      line: last,
      detail: `the body ends before the closing boundary ${JSON.stringify(close)}; was it cut off?`,
    };
}

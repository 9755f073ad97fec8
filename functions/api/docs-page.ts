// GET /v1/docs: the human docs page, rendered from the same OpenAPI document as /v1/openapi.json
// (so it cannot drift from the contract), self-contained: no scripts, no third-party assets.
import EXAMPLE_ANSWERS from "./examples.json";
import { LIMIT_DOCS } from "./limits.ts";
import { PROBLEMS, problemType, type ProblemKind } from "./problems.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the OpenAPI document is walked generically
type Json = Record<string, any>;

const escape = (text: unknown) => String(text ?? "").replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
/** Inline `code` spans of the descriptions, after escaping. */
const prose = (text: unknown) => escape(text).replace(/`([^`]+)`/g, "<code>$1</code>");

function resolve(document: Json, schema: Json | undefined): Json | undefined {
  const ref = schema?.$ref as string | undefined;
  return ref ? document.components?.schemas?.[ref.split("/").pop()!] : schema;
}

function typeName(document: Json, schema: Json | undefined): string {
  if (!schema) return "";
  if (schema.$ref) return schema.$ref.split("/").pop();
  const s = resolve(document, schema)!;
  if (s.enum) return s.enum.map((v: unknown) => JSON.stringify(v)).join(" | ");
  if (s.type === "array") return `${typeName(document, s.items)}[]`;
  if (s.anyOf) return s.anyOf.map((x: Json) => typeName(document, x)).join(" | ");
  if (s.format === "binary") return "file or text";
  return Array.isArray(s.type) ? s.type.join(" | ") : (s.type ?? "");
}

/** One row per field, nested inline objects as dotted names; `$ref`'d object schemas are collected to list once. */
function fieldRows(document: Json, schema: Json | undefined, prefix: string, referenced: Set<string>): string[] {
  const s = resolve(document, schema);
  const properties = s?.properties as Json | undefined;
  if (!properties) return [];
  const required = new Set<string>(s!.required ?? []);
  return Object.entries(properties).flatMap(([name, field]) => {
    const resolved = resolve(document, field as Json) ?? {};
    const bounds = [
      resolved.minimum !== undefined ? `≥ ${resolved.minimum}` : "",
      resolved.maximum !== undefined ? `≤ ${resolved.maximum}` : "",
      resolved.maxItems !== undefined ? `≤ ${resolved.maxItems} items` : "",
      resolved.maxLength !== undefined ? `≤ ${resolved.maxLength} chars` : "",
    ]
      .filter(Boolean)
      .join(", ");
    collectRefs(field as Json, referenced);
    const row = `<tr><td><code>${escape(prefix + name)}</code>${required.has(name) ? "" : " <small>optional</small>"}</td><td>${escape(typeName(document, field as Json))}</td><td>${prose((field as Json).description ?? resolved.description ?? "")}${bounds ? ` <small>(${escape(bounds)})</small>` : ""}</td></tr>`;
    const inline = !(field as Json).$ref && resolved.properties;
    return [row, ...(inline ? fieldRows(document, resolved, `${prefix}${name}.`, referenced) : [])];
  });
}

/** Names of the component schemas a field refers to (directly, as array items or in a union). */
function collectRefs(schema: Json | undefined, into: Set<string>): void {
  if (!schema) return;
  if (schema.$ref) into.add(String(schema.$ref).split("/").pop()!);
  collectRefs(schema.items, into);
  for (const option of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])] as Json[]) collectRefs(option, into);
}

function fieldsTable(document: Json, schema: Json | undefined, referenced = new Set<string>()): string {
  const rows = fieldRows(document, schema, "", referenced);
  return rows.length ? `<table><tr><th>field</th><th>type</th><th>meaning</th></tr>${rows.join("")}</table>` : "";
}

/** The object schemas an answer refers to, each once, with its own fields (and theirs, transitively); never `skip`. */
function referencedTables(document: Json, referenced: Set<string>, skip?: string): string {
  const done = new Set<string>(skip ? [skip] : []);
  const parts: string[] = [];
  const left = () => [...referenced].filter((n) => !done.has(n));
  for (let pending = left(); pending.length > 0; pending = left()) {
    for (const name of pending) {
      done.add(name);
      const schema = document.components?.schemas?.[name] as Json | undefined;
      if (!schema?.properties) continue;
      parts.push(
        `<h5><code>${escape(name)}</code></h5>${schema.description ? `<p>${prose(schema.description)}</p>` : ""}${fieldsTable(document, schema, referenced)}`,
      );
    }
  }
  return parts.join("");
}

/** The example request and the answer the service gave it (npm run docs:examples). */
function exampleHtml(method: string, path: string): string {
  const example = (EXAMPLE_ANSWERS as Json[]).find((e) => e.method === method.toUpperCase() && e.path === path);
  if (!example) return "";
  const request = `${example.method} ${example.path}${example.body !== undefined ? `\nContent-Type: application/json\n\n${JSON.stringify(example.body, null, 2)}` : ""}`;
  return `<h4>example</h4><pre>${escape(request)}</pre><p>answers</p><pre>${escape(JSON.stringify(example.response, null, 2))}</pre>`;
}

function operation(document: Json, path: string, method: string, op: Json): string {
  const body = op.requestBody?.content as Json | undefined;
  const bodies = body
    ? Object.entries(body)
        .map(([type, content]) => {
          const schema = resolve(document, (content as Json).schema);
          return `<h4>${escape(type)}</h4>${schema?.description ? `<p>${prose(schema.description)}</p>` : ""}${fieldsTable(document, (content as Json).schema)}`;
        })
        .join("")
    : "";
  const params = (op.parameters ?? []) as Json[];
  const answer = op.responses?.["200"]?.content?.["application/json"]?.schema as Json | undefined;
  const referenced = new Set<string>();
  const answerFields = answer ? fieldsTable(document, answer, referenced) : "";
  // the answer's own schema is the table above; the others it refers to follow it
  const answerName = answer?.$ref ? String(answer.$ref).split("/").pop()! : undefined;
  const nestedAnswers = answer ? referencedTables(document, referenced, answerName) : "";
  // other answer formats (TSV, CSV) are described in prose, once for the types that share it
  const otherAnswers = new Map<string, string[]>();
  for (const [type, content] of Object.entries((op.responses?.["200"]?.content ?? {}) as Json))
    if (type !== "application/json") {
      const description = String((content as Json).schema?.description ?? "");
      otherAnswers.set(description, [...(otherAnswers.get(description) ?? []), type]);
    }
  const otherAnswersHtml = [...otherAnswers]
    .map(([description, types]) => `<h4>200 answer as ${escape(types.join(" or "))}</h4><p>${prose(description)}</p>`)
    .join("");
  const responses = Object.entries(op.responses ?? {})
    .map(([status, response]) => `<tr><td>${escape(status)}</td><td>${prose((response as Json).description)}</td></tr>`)
    .join("");
  return `<section id="${escape(`${method}-${path}`)}"><h3><span class="method">${escape(method.toUpperCase())}</span> <code>${escape(path)}</code></h3>
<p><strong>${prose(op.summary)}</strong></p>${op.description ? `<p>${prose(op.description)}</p>` : ""}
${params.length ? `<h4>parameters</h4><ul>${params.map((p) => `<li><code>${escape(p.name)}</code> (${escape(p.in)})</li>`).join("")}</ul>` : ""}
${bodies}${answerFields ? `<h4>200 answer</h4>${answerFields}${nestedAnswers}` : ""}${exampleHtml(method, path)}${otherAnswersHtml}<h4>responses</h4><table><tr><th>status</th><th>meaning</th></tr>${responses}</table></section>`;
}

const EXAMPLES = `# score one pair
curl -s -X POST $BASE/v1/predict -H 'content-type: application/json' \\
  -d '{"pairs":[{"mirna":"UGAGGUAGUAGGUUGUAUAGUU","lncrna":"GGCAUCGAUCGGAUCAUGCAACUAUACAACCUACUACCUCAUGCAUCG"}]}'

# every miRNA of one FASTA file against every lncRNA of another, the stacked ensemble with each member's score
curl -s $BASE/v1/predict -F mirna=@mirnas.fa -F lncrna=@lncrnas.fa -F model=ensemble

# one lncRNA against all human miRNAs, the 10 best
curl -s $BASE/v1/screen -F lncrna=@my-lncrna.fa -F species=hsa -F topK=10`;

export function docsPage(document: Json): string {
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Json).map(([method, op]) => operation(document, path, method, op as Json)),
  );
  const limits = LIMIT_DOCS.map(
    (l) => `<tr><td>${escape(l.what)}</td><td>${escape(l.limit)}</td><td><code>${escape(l.problem)}</code></td></tr>`,
  ).join("");
  const problems = (Object.keys(PROBLEMS) as ProblemKind[])
    .map(
      (k) =>
        `<tr id="problem-${k}"><td><code>${escape(problemType(k))}</code></td><td>${PROBLEMS[k].status}</td><td>${escape(PROBLEMS[k].title)}</td><td>${escape(PROBLEMS[k].when)}</td></tr>`,
    )
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(document.info?.title)} API ${escape(document.info?.version)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}td,th{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f4f6}code,pre{font-family:ui-monospace,monospace;font-size:.9em}pre{background:#f4f4f6;padding:.8rem;overflow:auto}
section{border-top:1px solid #ccc;margin-top:1.5rem}.method{background:#234;color:#fff;padding:.1rem .4rem;border-radius:3px;font-size:.85em}
small{color:#666}
</style></head><body>
<h1>${escape(document.info?.title)} API <small>v${escape(document.info?.version)}</small></h1>
<p>lncRNA–miRNA interaction prediction at the edge. The machine-readable contract is <a href="/v1/openapi.json"><code>/v1/openapi.json</code></a> (OpenAPI 3.1); this page is rendered from it.</p>
<h2>Quick start</h2><pre>${escape(EXAMPLES)}</pre>
<h2>Sequences</h2><p>A C G U or T in any case; N and IUPAC ambiguity codes (R Y S W K M B D H V) are unknown bases; whitespace and line breaks are ignored. FASTA: <code>&gt;id description</code> headers (the id is the first word), LF or CRLF, wrapped or not.</p>
<h2>Endpoints</h2>${operations.join("\n")}
<h2 id="limits">Limits</h2><table><tr><th>what</th><th>limit</th><th>problem type when exceeded</th></tr>${limits}</table>
<h2 id="problems">Errors</h2><p>Every error is an RFC 9457 <code>application/problem+json</code> body with a stable <code>type</code>, a <code>title</code>, the <code>status</code> and a <code>detail</code> naming what was wrong; sequence faults are each listed in <code>errors</code> with a JSON pointer (and, for FASTA, record, id, line and column).</p>
<table><tr><th>type</th><th>status</th><th>title</th><th>when</th></tr>${problems}</table>
</body></html>`;
}

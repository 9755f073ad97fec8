// A job's results as users get them: one row per pair, as NDJSON (what result parts hold) or TSV.
import type { ResultRow } from "./consumer.ts";

export const RESULT_COLUMNS = [
  "index",
  "id",
  "mirna_id",
  "lncrna_id",
  "score",
  "label",
  "threshold",
  "model",
  "mfe",
  "seed_sites",
  // last, so that readers of the earlier columns by position keep working
  "model_score",
];

export const resultLine = (r: ResultRow) =>
  [
    r.index,
    r.id ?? "",
    r.mirnaId ?? "",
    r.lncrnaId ?? "",
    r.score,
    r.label,
    r.threshold,
    r.model,
    r.mfe,
    r.seedSites,
    r.modelScore ?? "",
  ].join("\t");

/** The result parts in shard order (so in input order), as NDJSON or converted to TSV line by line. */
export function resultStream(
  shards: number,
  part: (n: number) => Promise<ReadableStream<Uint8Array> | undefined>,
  format: "tsv" | "ndjson",
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let next = 0;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      if (format === "tsv") controller.enqueue(encoder.encode(RESULT_COLUMNS.join("\t") + "\n"));
    },
    async pull(controller) {
      if (next >= shards) return controller.close();
      const body = await part(next);
      if (!body) return controller.error(new Error(`result part ${next} is missing`));
      next++;
      if (format === "ndjson") {
        const reader = body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          controller.enqueue(value);
        }
        return;
      }
      const text = await new Response(body).text();
      const lines = text.split("\n").filter((l) => l !== "");
      controller.enqueue(encoder.encode(lines.map((l) => resultLine(JSON.parse(l) as ResultRow)).join("\n") + "\n"));
    },
  });
}

// An encoding spec kept as a JSON file beside a training script, validated as a model card validates it.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import type { FeatureEncoding } from "../../functions/features/pair-features.ts";
import { FeatureEncodingSchema } from "../../functions/models/card.ts";

/** The spec in `file`, named after the file (`premli.encoding.json` → `premli`). */
export function readEncodingSpec(file: string): { id: string; spec: FeatureEncoding } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`encoding spec ${file}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = FeatureEncodingSchema.safeParse(raw);
  if (!parsed.success)
    throw new Error(
      `encoding spec ${file}: not an encoding: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  return { id: basename(file).replace(/(\.encoding)?\.json$/, ""), spec: parsed.data };
}

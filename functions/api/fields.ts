// Request objects are closed: a field the schema does not name is refused, not silently dropped, so
// a misspelled field ("lncRNA") is reported as itself, with the known field it most likely meant.
import { z } from "@hono/zod-openapi";
import { editDistance } from "../species/lookup.ts";

/**
 * The known field an unknown one most likely meant: the same name in another case first, then the
 * nearest by edit distance (case folded), if it is near enough to be a slip rather than another word.
 */
export function nearestField(field: string, known: readonly string[]): string | undefined {
  const folded = field.toLowerCase();
  const sameLetters = known.find((k) => k.toLowerCase() === folded);
  if (sameLetters !== undefined) return sameLetters;
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(folded, name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(best.name.length / 3)) ? best.name : undefined;
}

/** Unknown fields described per request object; the rest are counted only. */
export const MAX_UNKNOWN_LISTED = 100;

/** The unknown fields of an object's unrecognized_keys issue, each with its own detail (closedObject). */
export function unknownFields(issue: {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
}): Array<{ path: PropertyKey[]; detail: string }> | undefined {
  if (issue.code !== "unrecognized_keys" || !issue.keys) return undefined;
  const details = issue.message.split("\n");
  return issue.keys
    .slice(0, MAX_UNKNOWN_LISTED)
    .map((key, i) => ({ path: [...issue.path, key], detail: details[i] ?? `unknown field ${JSON.stringify(key)}` }));
}

export function unknownFieldDetail(field: string, known: readonly string[]): string {
  const nearest = nearestField(field, known);
  const hint = nearest !== undefined ? `did you mean ${JSON.stringify(nearest)}?` : `known fields: ${known.join(", ")}`;
  return `unknown field ${JSON.stringify(field)}; ${hint}`;
}

/**
 * A strict z.object whose one issue for its unknown keys carries a detail per key, one a line (the
 * detail quotes the key as JSON, so holds no raw line break); the app's hook lists them per pointer.
 * One issue for all keys, not one per key: a body of a million unknown keys stays cheap to refuse.
 */
export function closedObject<Shape extends z.ZodRawShape>(shape: Shape) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? issue.keys
            .slice(0, MAX_UNKNOWN_LISTED)
            .map((key) => unknownFieldDetail(key, known))
            .join("\n")
        : undefined,
  });
}

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

/** Whether a validation issue is an unknown field raised by a closedObject. */
export const isUnknownField = (issue: { code: string; params?: unknown }) =>
  issue.code === "custom" && (issue.params as { unknownField?: boolean } | undefined)?.unknownField === true;

export function unknownFieldDetail(field: string, known: readonly string[]): string {
  const nearest = nearestField(field, known);
  const hint = nearest !== undefined ? `did you mean ${JSON.stringify(nearest)}?` : `known fields: ${known.join(", ")}`;
  return `unknown field ${JSON.stringify(field)}; ${hint}`;
}

/**
 * z.object whose unknown keys each raise their own issue at their own path (z.strictObject raises one
 * for all, at the object). Typed as the plain object: the catchall only ever fails.
 */
export function closedObject<Shape extends z.ZodRawShape>(shape: Shape): z.ZodObject<Shape> {
  const known = Object.keys(shape);
  const unknownField = z
    .custom<unknown>(() => false, {
      params: { unknownField: true },
      error: (issue) => unknownFieldDetail(String(issue.path?.at(-1) ?? ""), known),
    })
    // the generator needs a type for a custom schema; the object's own metadata below wins anyway
    .openapi({ type: "null", not: {} });
  // the contract states what the catchall enforces: the generator cannot tell from a custom schema
  return z.object(shape).catchall(unknownField).openapi({ additionalProperties: false }) as never;
}

// Ids the user gives (pair ids, lncRNA ids, FASTA record ids) are echoed in answers, logs and
// terminals: they must be printable, so no control, format (bidi overrides, zero-width) or
// private-use character can reorder or hide what a reader sees.
const UNPRINTABLE = /[\p{C}\p{Zl}\p{Zp}]/u;

export const ID_RULE =
  "printable characters only: no control, format (e.g. bidi override, zero-width), private-use or line-separator characters";

/** The first unprintable character of an id as U+XXXX with its 1-based position, or undefined. */
export function unprintableIn(id: string): { codePoint: string; position: number } | undefined {
  const match = UNPRINTABLE.exec(id);
  if (!match) return undefined;
  const codePoint = "U+" + match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
  return { codePoint, position: [...id.slice(0, match.index)].length + 1 };
}

export const isPrintableId = (id: string) => !UNPRINTABLE.test(id);

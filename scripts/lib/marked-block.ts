// Generated blocks in hand-written documents (README, reports): the text between
// `<!-- name:begin -->` and `<!-- name:end -->` belongs to the script that writes it.
export const blockMarkers = (name: string) => ({ begin: `<!-- ${name}:begin -->`, end: `<!-- ${name}:end -->` });

/** The document with the text between the named block's markers replaced by `block`. */
export function replaceMarkedBlock(document: string, name: string, block: string): string {
  const { begin, end } = blockMarkers(name);
  const from = document.indexOf(begin);
  const to = document.indexOf(end);
  if (from < 0 || to < from) throw new Error(`no ${begin} … ${end} block to replace`);
  return `${document.slice(0, from + begin.length)}\n${block}\n${document.slice(to)}`;
}

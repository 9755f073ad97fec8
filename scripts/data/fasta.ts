// FASTA reading for the benchmark files: CRLF or LF, wrapped or one-line sequences, blank lines.
// The record id is the first whitespace token of the header: some files hide the class label in the
// rest of it (data README, "header label leak"), so nothing else of the header is kept.

export interface FastaRecord {
  id: string;
  sequence: string;
}

export function parseFasta(text: string): FastaRecord[] {
  const records: FastaRecord[] = [];
  let current: { id: string; parts: string[] } | undefined;
  for (const rawLine of text.split("\n")) {
    const line = rawLine.trim();
    if (line === "") continue;
    if (line.startsWith(">")) {
      if (current) records.push({ id: current.id, sequence: current.parts.join("") });
      current = { id: line.slice(1).trim().split(/\s+/)[0] ?? "", parts: [] };
    } else if (current) {
      current.parts.push(line);
    } else {
      throw new Error(`FASTA sequence line before any header: ${JSON.stringify(line.slice(0, 40))}`);
    }
  }
  if (current) records.push({ id: current.id, sequence: current.parts.join("") });
  return records;
}

/** id → sequence; a repeated id must carry the same sequence. */
export function fastaMap(text: string, source: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const { id, sequence } of parseFasta(text)) {
    const seen = map.get(id);
    if (seen !== undefined && seen !== sequence) throw new Error(`${source}: ${id} has two different sequences`);
    map.set(id, sequence);
  }
  return map;
}

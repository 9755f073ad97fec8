// The widget's reading of what a user pastes: a bare sequence or FASTA. The server checks everything
// again (functions/api/fasta.ts); on the device this is the whole reading, with the kernels' own
// symbol check after it.

export interface Record {
  id: string;
  sequence: string;
}

/** A pasted bare sequence becomes one FASTA record named `fallbackId`; FASTA passes unchanged. */
export function asFasta(text: string, fallbackId: string): string {
  const trimmed = text.trim();
  return trimmed.startsWith(">") || trimmed === "" ? trimmed : `>${fallbackId}\n${trimmed}`;
}

export function parseFasta(text: string, fallbackId: string): Record[] {
  const records: Record[] = [];
  for (const line of asFasta(text, fallbackId).split(/\r?\n/)) {
    if (line.startsWith(">")) {
      const id = line.slice(1).trim().split(/\s+/)[0] ?? "";
      if (!id) throw new Error(`a FASTA header without an id: ${JSON.stringify(line)}`);
      records.push({ id, sequence: "" });
    } else if (line.trim()) {
      const last = records[records.length - 1];
      if (!last) throw new Error("a sequence line before the first FASTA header");
      last.sequence += line;
    }
  }
  return records;
}

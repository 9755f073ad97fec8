// gzip-compressed uploads: a FASTA file part, or a whole body sent with Content-Encoding: gzip. The
// platform's DecompressionStream inflates them; the output is counted as it streams and the inflation
// stops at the limit, so a small bomb never grows past the body limit in memory.

/** The first two bytes of every gzip member (RFC 1952). */
const MAGIC = [0x1f, 0x8b] as const;

export const hasGzipMagic = (head: ArrayLike<number>) => head[0] === MAGIC[0] && head[1] === MAGIC[1];

/** The inflated data would exceed `limit` bytes. */
export class InflatedTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`decompresses to more than ${limit} bytes`);
  }
}

/** The data does not inflate (a damaged or truncated stream). */
export class NotGzip extends Error {}

/** Inflates a gzip stream to at most `limit` bytes; throws InflatedTooLarge or NotGzip. */
export async function gunzip(source: ReadableStream<BufferSource>, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const reader = source.pipeThrough(new DecompressionStream("gzip")).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (error) {
      throw new NotGzip(`does not decompress as gzip (${(error as Error).message})`);
    }
    if (chunk.done) break;
    size += chunk.value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new InflatedTooLarge(limit);
    }
    chunks.push(chunk.value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

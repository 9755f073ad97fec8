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
  const inflater = new DecompressionStream("gzip");
  const feeding = feed(source, inflater.writable);
  const reader = inflater.readable.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
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
  } finally {
    await feeding;
  }
  return concat(chunks, size);
}

/**
 * Writes the source into the inflater until either ends. A pipe would cancel the source when the
 * inflater fails; this leaves its rest unread and unlocked instead, so that a request body is read
 * to its end before the answer (functions/api/unread-body.ts) and its connection is kept.
 */
async function feed(source: ReadableStream<BufferSource>, sink: WritableStream<BufferSource>): Promise<void> {
  const from = source.getReader();
  const to = sink.getWriter();
  try {
    for (;;) {
      const { done, value } = await from.read();
      if (done) break;
      await to.write(value);
    }
    await to.close();
  } catch {
    await to.abort().catch(() => {}); // the inflater failed or its output was cancelled
  } finally {
    from.releaseLock();
  }
}

/**
 * The gzip members of a BGZF file (bgzip's output: the gzip members of a FASTA that samtools can
 * index), each stating its own size in a "BC" extra subfield (SAM specification, BGZF); undefined for
 * any other data. A plain gzip inflater stops after the first member and refuses the rest.
 */
export function bgzfBlocks(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer>[] | undefined {
  const blocks: Uint8Array<ArrayBuffer>[] = [];
  const u16 = (at: number) => bytes[at]! | (bytes[at + 1]! << 8);
  for (let offset = 0; offset < bytes.length;) {
    const flagsExtra = 0x04;
    if (bytes.length - offset < 18 || !hasGzipMagic(bytes.subarray(offset)) || !(bytes[offset + 3]! & flagsExtra))
      return undefined;
    const extraEnd = offset + 12 + u16(offset + 10);
    let size: number | undefined;
    for (let at = offset + 12; at + 4 <= extraEnd; at += 4 + u16(at + 2))
      if (bytes[at] === 0x42 && bytes[at + 1] === 0x43 && u16(at + 2) === 2) size = u16(at + 4) + 1;
    if (size === undefined || offset + size > bytes.length) return undefined;
    blocks.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return blocks;
}

/** Inflates a gzip file, one member or BGZF's many, to at most `limit` bytes in all. */
export async function gunzipFile(bytes: Uint8Array<ArrayBuffer>, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const blocks = bgzfBlocks(bytes);
  if (!blocks) return gunzip(new Blob([bytes]).stream(), limit);
  const parts: Uint8Array[] = [];
  let size = 0;
  for (const block of blocks) {
    try {
      const part = await gunzip(new Blob([block]).stream(), limit - size);
      size += part.byteLength;
      parts.push(part);
    } catch (error) {
      throw error instanceof InflatedTooLarge ? new InflatedTooLarge(limit) : error;
    }
  }
  return concat(parts, size);
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

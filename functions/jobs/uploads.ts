// Job bodies over the single-request limit, sent as an R2 multipart upload: parts of one size (the
// last smaller) PUT in any order and again if lost, each streamed straight to R2; completing checks
// the parts against R2's rules and the upload limit and hands the whole body back as one stream, for
// the same row checks and sharding as a body sent in one request. The upload's object is removed
// once its job is stored (the shards hold what was accepted), or after the job retention.
import { randomBase62 } from "../keys/format.ts";
import { ProblemError } from "../api/problems.ts";
import type { D1, ObjectStore } from "./bindings.ts";
import type { JobLimits } from "./ingest.ts";

export interface UploadRecord {
  id: string;
  key_id: string;
  r2_upload_id: string;
  created_at: string;
  completed_at: string | null;
  job_id: string | null;
}

interface PartRecord {
  part: number;
  etag: string;
  bytes: number;
}

export const uploadObjectKey = (id: string) => `uploads/${id}/body`;

export async function createUpload(db: D1, bucket: ObjectStore, keyId: string): Promise<UploadRecord> {
  const id = "upl_" + randomBase62(20);
  const { uploadId } = await bucket.createMultipartUpload(uploadObjectKey(id));
  const upload: UploadRecord = {
    id,
    key_id: keyId,
    r2_upload_id: uploadId,
    created_at: new Date().toISOString(),
    completed_at: null,
    job_id: null,
  };
  await db
    .prepare("INSERT INTO uploads (id, key_id, r2_upload_id, created_at) VALUES (?, ?, ?, ?)")
    .bind(upload.id, upload.key_id, upload.r2_upload_id, upload.created_at)
    .run();
  return upload;
}

/** The key's upload, or not-found (another key's upload is not told apart from none). */
export async function ownUpload(db: D1, keyId: string, id: string): Promise<UploadRecord> {
  const upload = await db.prepare("SELECT * FROM uploads WHERE id = ?").bind(id).first<UploadRecord>();
  if (!upload || upload.key_id !== keyId) throw new ProblemError("not-found", `no upload ${id} for this key`);
  return upload;
}

const uploadsUsed = (upload: UploadRecord) =>
  new ProblemError(
    "invalid-upload",
    `upload ${upload.id} ${upload.job_id ? `became job ${upload.job_id}` : "is complete"}; its parts cannot change`,
    { upload: upload.id },
  );

/** Streams one part (its length known from Content-Length) to R2 and records its etag. */
export async function putPart(
  db: D1,
  bucket: ObjectStore,
  upload: UploadRecord,
  part: number,
  body: ReadableStream<Uint8Array>,
  bytes: number,
): Promise<PartRecord> {
  if (upload.completed_at) throw uploadsUsed(upload);
  const { etag } = await bucket
    .resumeMultipartUpload(uploadObjectKey(upload.id), upload.r2_upload_id)
    .uploadPart(part, body);
  await db
    .prepare(
      `INSERT INTO upload_parts (upload_id, part, etag, bytes) VALUES (?, ?, ?, ?)
       ON CONFLICT (upload_id, part) DO UPDATE SET etag = excluded.etag, bytes = excluded.bytes`,
    )
    .bind(upload.id, part, etag, bytes)
    .run();
  return { part, etag, bytes };
}

/** Why these parts cannot make one object under R2's rules and the limits; undefined if they can. */
export function partsFault(parts: readonly PartRecord[], limits: JobLimits): string | undefined {
  if (parts.length === 0) return "the upload has no parts; PUT them to /v1/uploads/{id}/parts/{n} first";
  const missing = parts.findIndex((p, k) => p.part !== k + 1);
  if (missing >= 0) return `the parts are numbered from 1 without gaps; part ${missing + 1} is missing`;
  const size = parts[0]!.bytes;
  const odd = parts.slice(0, -1).find((p) => p.bytes !== size || p.bytes < limits.minPartBytes);
  if (odd)
    return `every part but the last has one size of at least ${limits.minPartBytes} bytes; part 1 has ${size}, part ${odd.part} ${odd.bytes}`;
  if (parts.length > 1 && parts.at(-1)!.bytes > size)
    return `the last part (${parts.at(-1)!.bytes} bytes) is larger than the others (${size})`;
  return undefined;
}

/** Completes the upload (once) and gives its body as one stream. */
export async function completedBody(
  db: D1,
  bucket: ObjectStore,
  upload: UploadRecord,
  limits: JobLimits,
): Promise<ReadableStream<Uint8Array>> {
  if (!upload.completed_at) {
    const parts = (
      await db
        .prepare("SELECT part, etag, bytes FROM upload_parts WHERE upload_id = ? ORDER BY part")
        .bind(upload.id)
        .all<PartRecord>()
    ).results;
    const fault = partsFault(parts, limits);
    if (fault) throw new ProblemError("invalid-upload", `upload ${upload.id}: ${fault}`, { upload: upload.id });
    const bytes = parts.reduce((sum, p) => sum + p.bytes, 0);
    if (bytes > limits.maxUploadBytes)
      throw new ProblemError(
        "job-too-large",
        `upload ${upload.id} holds ${bytes} bytes; a job takes at most ${limits.maxUploadBytes}: split the pairs into several jobs`,
        { limit: limits.maxUploadBytes },
      );
    try {
      await bucket
        .resumeMultipartUpload(uploadObjectKey(upload.id), upload.r2_upload_id)
        .complete(parts.map((p) => ({ partNumber: p.part, etag: p.etag })));
    } catch (error) {
      // a concurrent request may have completed it meanwhile; otherwise R2 refused the parts
      const now = await db
        .prepare("SELECT completed_at FROM uploads WHERE id = ?")
        .bind(upload.id)
        .first<UploadRecord>();
      if (!now?.completed_at)
        throw new ProblemError(
          "invalid-upload",
          `upload ${upload.id}: R2 refused its parts (${(error as Error).message})`,
          {
            upload: upload.id,
          },
        );
    }
    upload.completed_at = new Date().toISOString();
    await db.prepare("UPDATE uploads SET completed_at = ? WHERE id = ?").bind(upload.completed_at, upload.id).run();
  }
  const object = await bucket.get(uploadObjectKey(upload.id));
  if (!object) throw uploadsUsed(upload);
  return object.body;
}

/** Marks the upload as the body of a job and drops its object: the job's shards hold the pairs. */
export async function uploadBecameJob(db: D1, bucket: ObjectStore, upload: UploadRecord, job: string): Promise<void> {
  await db.prepare("UPDATE uploads SET job_id = ? WHERE id = ?").bind(job, upload.id).run();
  await bucket.delete(uploadObjectKey(upload.id));
}

/** Removes uploads older than the cutoff: aborts unfinished ones, deletes objects, then rows. */
export async function expireUploads(db: D1, bucket: ObjectStore, before: Date, limit: number): Promise<number> {
  const old = (
    await db
      .prepare("SELECT * FROM uploads WHERE created_at < ? ORDER BY created_at LIMIT ?")
      .bind(before.toISOString(), limit)
      .all<UploadRecord>()
  ).results;
  for (const upload of old) {
    if (!upload.completed_at)
      await bucket
        .resumeMultipartUpload(uploadObjectKey(upload.id), upload.r2_upload_id)
        .abort()
        .catch(() => undefined); // already gone: nothing to abort
    await bucket.delete(uploadObjectKey(upload.id));
    await db.batch([
      db.prepare("DELETE FROM upload_parts WHERE upload_id = ?").bind(upload.id),
      db.prepare("DELETE FROM uploads WHERE id = ?").bind(upload.id),
    ]);
  }
  return old.length;
}

// The parts of the platform's D1, R2, Queues and rate-limiting bindings that the key store and the
// jobs use, typed structurally so that the worker's bindings and Node callers both fit.
export interface D1Result<T> {
  results: T[];
  meta: { changes?: number };
}

export interface D1Statement {
  bind(...values: unknown[]): D1Statement;
  first<T = Record<string, unknown>>(): Promise<T | null>;
  all<T = Record<string, unknown>>(): Promise<D1Result<T>>;
  run(): Promise<D1Result<unknown>>;
}

export interface D1 {
  prepare(sql: string): D1Statement;
  /** Runs the statements as one transaction: all or none. */
  batch(statements: D1Statement[]): Promise<D1Result<unknown>[]>;
}

export interface StoredObject {
  body: ReadableStream<Uint8Array>;
  text(): Promise<string>;
}

/** An R2 multipart upload, resumed by its id in any request. */
export interface MultipartUpload {
  uploadPart(
    partNumber: number,
    value: ReadableStream | ArrayBuffer | string,
  ): Promise<{ partNumber: number; etag: string }>;
  complete(parts: Array<{ partNumber: number; etag: string }>): Promise<unknown>;
  abort(): Promise<void>;
}

export interface ObjectStore {
  put(key: string, value: string | ArrayBuffer | ArrayBufferView | ReadableStream): Promise<unknown>;
  get(key: string): Promise<StoredObject | null>;
  delete(keys: string | string[]): Promise<void>;
  createMultipartUpload(key: string): Promise<{ uploadId: string }>;
  resumeMultipartUpload(key: string, uploadId: string): MultipartUpload;
  list(options?: { prefix?: string; cursor?: string }): Promise<{
    objects: Array<{ key: string }>;
    truncated: boolean;
    cursor?: string;
  }>;
}

/** One queue message: a shard of a job, by reference (never sequences). */
export interface ShardMessage {
  job: string;
  shard: number;
}

/** A delivery of a shard message, as the queue handler gets it. */
export interface ShardDelivery {
  readonly body: ShardMessage;
  readonly attempts: number;
  ack(): void;
  retry(options?: { delaySeconds?: number }): void;
}

export interface ShardBatch {
  /** The queue the batch came from: the shard queue or its dead-letter queue. */
  readonly queue: string;
  readonly messages: readonly ShardDelivery[];
}

export interface ShardQueue {
  sendBatch(messages: Array<{ body: ShardMessage }>): Promise<unknown>;
}

export interface RateLimiter {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

/** The bindings of the paid routes; absent in a deployment (or Node app) without them. */
export interface JobBindings {
  DB?: D1;
  JOBS_BUCKET?: ObjectStore;
  JOBS_QUEUE?: ShardQueue;
  RATE_FREE?: RateLimiter;
  RATE_STANDARD?: RateLimiter;
  /** Pairs per shard, when a deployment wants fewer than one request's limit. */
  JOB_SHARD_PAIRS?: string;
  /** A job body's byte limit, when a deployment wants less than the default. */
  JOB_MAX_BODY_BYTES?: string;
  /** An uploaded job body's byte limit, when a deployment wants less than the default. */
  JOB_MAX_UPLOAD_BYTES?: string;
  /** Bearer token of the admin routes (a secret; unset: no admin routes). */
  ADMIN_TOKEN?: string;
}

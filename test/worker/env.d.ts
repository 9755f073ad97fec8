// The worker's exports and bindings as tests reach them through `cloudflare:workers`.
/// <reference types="@cloudflare/vitest-pool-workers/types" />
declare namespace Cloudflare {
  interface Exports {
    default: Fetcher;
  }
  interface Env {
    SPECIES: KVNamespace;
    DB: D1Database;
    JOBS_BUCKET: R2Bucket;
    JOBS_QUEUE: Queue;
    RATE_FREE: RateLimit;
    RATE_STANDARD: RateLimit;
    ADMIN_TOKEN: string;
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
  }
}

-- Batch jobs, their shards and the usage ledger. A shard's completion and its usage event are written
-- in one batch keyed by the deterministic shard id, each insert ON CONFLICT DO NOTHING: a redelivered
-- or duplicated queue message can neither complete a shard twice nor bill its pairs twice.
CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  key_id TEXT NOT NULL REFERENCES api_keys (id),
  idempotency_key TEXT,
  body_sha256 TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'cancelled', 'failed')),
  input_format TEXT NOT NULL,
  model TEXT NOT NULL,
  total_pairs INTEGER NOT NULL,
  shard_count INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  finished_at TEXT,
  error TEXT,
  expires_at TEXT NOT NULL
);
CREATE UNIQUE INDEX jobs_idempotency ON jobs (key_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX jobs_by_key ON jobs (key_id, created_at);

CREATE TABLE shard_completions (
  id TEXT PRIMARY KEY,
  job_id TEXT NOT NULL,
  shard INTEGER NOT NULL,
  pairs INTEGER NOT NULL,
  completed_at TEXT NOT NULL
);
CREATE INDEX shard_completions_by_job ON shard_completions (job_id);

CREATE TABLE usage_events (
  id TEXT PRIMARY KEY,
  key_id TEXT NOT NULL,
  job_id TEXT NOT NULL,
  shard INTEGER NOT NULL,
  pairs INTEGER NOT NULL,
  month TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX usage_by_key_month ON usage_events (key_id, month);
CREATE INDEX usage_by_time ON usage_events (created_at, id);

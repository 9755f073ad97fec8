-- Job bodies over the single-request limit: uploaded in parts to an R2 multipart upload, then made a
-- job by POST /v1/jobs?upload=ID. One row per upload (its R2 upload id, the job it became) and one
-- per part (R2's etag, needed to complete the upload; a part sent again replaces its row).
CREATE TABLE uploads (
  id TEXT PRIMARY KEY,
  key_id TEXT NOT NULL REFERENCES api_keys (id),
  r2_upload_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  completed_at TEXT,
  job_id TEXT
);
CREATE INDEX uploads_by_time ON uploads (created_at);

CREATE TABLE upload_parts (
  upload_id TEXT NOT NULL REFERENCES uploads (id),
  part INTEGER NOT NULL,
  etag TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  PRIMARY KEY (upload_id, part)
);

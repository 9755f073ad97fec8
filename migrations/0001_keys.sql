-- API keys and plans. A key is stored only as the SHA-256 of its text; `kind` says where it may be
-- used: 'secret' (server side, every paid route) or 'publishable' (origin-bound, predict/screen only,
-- listed in `origins`). A plan's rate limit is a Workers rate-limiting binding named in `rate_binding`.
CREATE TABLE plans (
  id TEXT PRIMARY KEY,
  monthly_pairs INTEGER NOT NULL,
  daily_requests INTEGER,
  rate_binding TEXT NOT NULL,
  description TEXT NOT NULL
);

INSERT INTO plans (id, monthly_pairs, daily_requests, rate_binding, description) VALUES
  ('free', 100000, NULL, 'RATE_FREE', '100,000 pairs a month, 20 requests a minute'),
  ('standard', 100000000, NULL, 'RATE_STANDARD', '10^8 pairs a month, 600 requests a minute'),
  ('dev', 1000000000, NULL, 'RATE_STANDARD', 'local development: 10^9 pairs a month, 600 requests a minute');

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('secret', 'publishable')),
  hash TEXT NOT NULL UNIQUE,
  hint TEXT NOT NULL,
  name TEXT NOT NULL,
  plan TEXT NOT NULL REFERENCES plans (id),
  origins TEXT,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);

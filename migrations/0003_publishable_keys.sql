-- Publishable keys (the widget's): a plan with a daily request quota, and the per-key, per-UTC-day
-- request counter that enforces it on /v1/predict and /v1/screen.
INSERT INTO plans (id, monthly_pairs, daily_requests, rate_binding, description) VALUES
  ('widget', 0, 5000, 'RATE_FREE', 'publishable widget keys: predict and screen only, 5,000 requests a day, 20 a minute');

CREATE TABLE key_daily_requests (
  key_id TEXT NOT NULL REFERENCES api_keys (id),
  day TEXT NOT NULL,
  requests INTEGER NOT NULL,
  PRIMARY KEY (key_id, day)
);

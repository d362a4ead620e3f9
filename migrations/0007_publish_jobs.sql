-- Publish jobs (purges, card renders, WebSub pings) that failed: retried from the queue with
-- backoff, and kept here once dead-lettered so that /healthz counts them and the admin API can
-- list them and send them again. A job that succeeds on a retry leaves this table.
CREATE TABLE publish_failures (
  job_id          TEXT PRIMARY KEY,
  kind            TEXT NOT NULL,
  job             TEXT NOT NULL,
  attempts        INTEGER NOT NULL,
  last_error      TEXT NOT NULL,
  first_failed_at TEXT NOT NULL,
  last_failed_at  TEXT NOT NULL,
  dead_lettered_at TEXT
);
CREATE INDEX publish_failures_by_time ON publish_failures (last_failed_at DESC);

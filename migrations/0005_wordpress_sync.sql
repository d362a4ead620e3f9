-- Where the WordPress REST sync stands, one row per WordPress site (WP_ORIGIN).
--
-- WordPress lists posts by modification time, to the second, and `modified_after` is
-- exclusive; posts saved in the same second have no stable order between requests. So the
-- cursor is a second plus the ids already stored at that second: a run re-reads from that
-- second and skips those ids, and every post modified before it is stored.
CREATE TABLE wordpress_sync (
  origin            TEXT PRIMARY KEY,
  -- "2024-05-01T10:00:00Z" (post modified_gmt), or NULL before the first post is stored.
  cursor_modified   TEXT,
  -- JSON array of the WordPress post ids stored at cursor_modified.
  cursor_done_ids   TEXT NOT NULL DEFAULT '[]',
  -- Host of the posts' permalinks: Herald's ids for them are "wp:<host>:<post id>".
  permalink_host    TEXT,
  -- The reconciliation pass checks Herald's articles in id order and resumes after this id.
  reconcile_after   TEXT NOT NULL DEFAULT '',
  -- One run at a time (cron and publish hook): the run holding an unexpired lease.
  lease_token       TEXT,
  lease_until       TEXT,
  last_run_at       TEXT,
  last_error        TEXT
);

-- When each feed last changed: an article entered, changed in or left it. Written in the same
-- batch as the article, so Last-Modified never moves backwards (an article moving from one
-- author to another changes both authors' feeds even though neither holds a newer article).
CREATE TABLE feed_changes (
  -- "site", "author:<slug>" or "category:<slug>"
  scope      TEXT PRIMARY KEY,
  changed_at TEXT NOT NULL
);

-- Herald's article store. Timestamps are ISO 8601 UTC strings ("2021-11-07T00:00:00.000Z"),
-- which sort correctly as text.

CREATE TABLE articles (
  -- Stable id, used for feed GUIDs: never changes when title, slug or body change.
  id                TEXT PRIMARY KEY,
  slug              TEXT NOT NULL UNIQUE,
  title             TEXT NOT NULL,
  dek               TEXT,
  body_html         TEXT NOT NULL,
  section_name      TEXT,
  section_slug      TEXT,
  lead_image_url    TEXT,
  lead_image_alt    TEXT,
  lead_image_width  INTEGER,
  lead_image_height INTEGER,
  -- NULL means "SITE_URL + /articles/<slug>", so a changed SITE_URL or slug moves it too;
  -- imported WordPress posts keep their original permalink here.
  canonical_url     TEXT,
  published_at      TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  -- 'deleted' is a tombstone: the row (and so its id) is never reused.
  status            TEXT NOT NULL CHECK (status IN ('draft', 'published', 'deleted')),
  content_hash      TEXT NOT NULL,
  source_kind       TEXT NOT NULL,
  source_ref        TEXT,
  created_at        TEXT NOT NULL
);

CREATE INDEX articles_by_date ON articles (status, published_at DESC, id DESC);
CREATE INDEX articles_by_section ON articles (section_slug, status, published_at DESC, id DESC);

CREATE TABLE article_authors (
  article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  author_slug TEXT NOT NULL,
  author_name TEXT NOT NULL,
  PRIMARY KEY (article_id, position)
);
CREATE INDEX article_authors_by_author ON article_authors (author_slug, article_id);

CREATE TABLE article_tags (
  article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  tag_slug   TEXT NOT NULL,
  tag_name   TEXT NOT NULL,
  PRIMARY KEY (article_id, position)
);
CREATE INDEX article_tags_by_tag ON article_tags (tag_slug, article_id);

-- Old slugs of renamed articles: /articles/<old_slug> answers 301 to the current slug.
CREATE TABLE slug_redirects (
  old_slug   TEXT PRIMARY KEY,
  article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE
);

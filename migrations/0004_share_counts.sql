-- First-party share counts: taps on the share bar per article, network and UTC day. No
-- cookie, IP address or user agent is stored.
CREATE TABLE share_counts (
  article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  network    TEXT NOT NULL,
  day        TEXT NOT NULL,
  count      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (article_id, network, day)
);

-- An author's fediverse handle ("@jane@news.social"), for the fediverse:creator tag that
-- Mastodon shows under a shared link.
ALTER TABLE article_authors ADD COLUMN author_fediverse TEXT;

-- The site's feed exists, empty, from the moment the store does: recording that moment gives
-- a site that has published nothing yet a true, stable date for RSS lastBuildDate, Atom
-- <updated> (which Atom requires) and Last-Modified, instead of an invented one. A site that
-- already has a recorded change keeps it; the first article moves the date forward (a date
-- never moves backwards).
INSERT OR IGNORE INTO feed_changes (scope, changed_at) VALUES ('site', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

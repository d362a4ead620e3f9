-- The editor's desk (/desk/).
--
-- What the ingest pipeline warned about when the article was last stored (leftover shortcodes,
-- comment-form residue removed, the byline read from the first line): the desk's lint shows
-- them to the editor, who otherwise saw them only in the API's answer. A JSON array of strings.
ALTER TABLE articles ADD COLUMN ingest_warnings TEXT NOT NULL DEFAULT '[]';

-- The last WebSub ping to each hub, success or not: the desk's publishing health shows it.
CREATE TABLE hub_pings (
  hub           TEXT PRIMARY KEY,
  last_ping_at  TEXT NOT NULL,
  -- 1 when the hub accepted the last ping.
  ok            INTEGER NOT NULL,
  -- How many feeds the last ping named, and the hub's error when it failed.
  topics        INTEGER NOT NULL,
  last_error    TEXT,
  last_ok_at    TEXT
);

-- Failed desk sign-ins per client and window, for the sign-in rate limit. The client is a
-- keyed hash of its IP address, never the address itself; rows older than the window are
-- overwritten by the next failure.
CREATE TABLE desk_sign_in_failures (
  client        TEXT PRIMARY KEY,
  window_start  TEXT NOT NULL,
  failures      INTEGER NOT NULL
);

-- Desk sessions started with the admin token. The cookie carries the session id, signed with a
-- key derived from ADMIN_TOKEN (rotating the token ends every session); this row is what
-- signing out deletes, so a copied cookie dies with the session. Ids are stored hashed.
CREATE TABLE desk_sessions (
  id_hash     TEXT PRIMARY KEY,
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL
);

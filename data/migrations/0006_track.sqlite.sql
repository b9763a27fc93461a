-- 0006_track: tracking links and their clicks (src/lib/store/track.c).
-- A click's class: 0 human, 1 HEAD, 2 prefetch, 3 link preview, 4 bot (clout_click_class).
-- address_hash is a keyed BLAKE2b-128 of the client address under the salt in track_secret;
-- the address itself is never stored.
CREATE TABLE IF NOT EXISTS track_link (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspace(id),
  code TEXT NOT NULL UNIQUE,
  url TEXT NOT NULL,
  influencer TEXT,
  campaign TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS track_link_workspace ON track_link (workspace_id, campaign);
CREATE TABLE IF NOT EXISTS track_click (
  id INTEGER PRIMARY KEY,
  link_id INTEGER NOT NULL REFERENCES track_link(id),
  at INTEGER NOT NULL,
  address_hash BLOB NOT NULL,
  class INTEGER NOT NULL,
  is_unique INTEGER NOT NULL,
  ua_class TEXT NOT NULL,
  referrer_host TEXT
);
CREATE INDEX IF NOT EXISTS track_click_address ON track_click (link_id, address_hash, at);
CREATE TABLE IF NOT EXISTS track_secret (
  name TEXT PRIMARY KEY,
  value BLOB NOT NULL
);

-- 0007 (SQLite; 0007_discover_index.postgresql.sql is the same in the other engine's types):
-- the discovery index in portable tables instead of blobs of C structs: one meta row per
-- workspace, one profile per indexed account (by its dense index), and per term its document
-- frequency and postings (bytes in the coding that discover_meta.version names). The old blobs
-- go: `clout index` (or the next import) builds the index again.
CREATE TABLE discover_meta (
  workspace_id INTEGER PRIMARY KEY REFERENCES workspace(id),
  version INTEGER NOT NULL,
  accounts INTEGER NOT NULL,
  posts INTEGER NOT NULL,
  generation INTEGER NOT NULL,
  docs INTEGER NOT NULL,
  ndocs INTEGER NOT NULL,
  avg_doc_len REAL NOT NULL,
  reference_time INTEGER NOT NULL
);
CREATE TABLE discover_profile (
  workspace_id INTEGER NOT NULL REFERENCES workspace(id),
  idx INTEGER NOT NULL,
  account_id INTEGER NOT NULL,
  followers INTEGER NOT NULL,
  price REAL NOT NULL,
  platform TEXT NOT NULL,
  lang TEXT NOT NULL,
  country TEXT NOT NULL,
  doc_len INTEGER NOT NULL,
  posts INTEGER NOT NULL,
  recent_posts INTEGER NOT NULL,
  answered INTEGER NOT NULL,
  first_post_at INTEGER NOT NULL,
  last_post_at INTEGER NOT NULL,
  comments_seen REAL NOT NULL,
  engagement_rate REAL NOT NULL,
  engagement_mean REAL NOT NULL,
  engagement_max REAL NOT NULL,
  likes_cv REAL NOT NULL,
  avg_views REAL NOT NULL,
  growth_jump REAL NOT NULL,
  sponsored_share REAL NOT NULL,
  engagement_norm REAL NOT NULL,
  reply_rate REAL NOT NULL,
  posts_per_week REAL NOT NULL,
  audience REAL NOT NULL,
  activity REAL NOT NULL,
  views_score REAL NOT NULL,
  reach REAL NOT NULL,
  resonance REAL NOT NULL,
  penalty REAL NOT NULL,
  flags INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, idx)
) WITHOUT ROWID;
CREATE TABLE discover_term (
  workspace_id INTEGER NOT NULL REFERENCES workspace(id),
  term TEXT NOT NULL,
  df INTEGER NOT NULL,
  postings BLOB NOT NULL,
  PRIMARY KEY (workspace_id, term)
) WITHOUT ROWID;
DELETE FROM blob WHERE space IN ('discover.meta', 'discover.profile', 'discover.postings', 'discover.df');

-- 0007 (PostgreSQL; 0007_discover_index.sqlite.sql is the same in the other engine's types):
-- the discovery index in portable tables instead of blobs of C structs: one meta row per
-- workspace, one profile per indexed account (by its dense index), and per term its document
-- frequency and postings (bytes in the coding that discover_meta.version names). The old blobs
-- go: `clout index` (or the next import) builds the index again.
CREATE TABLE discover_meta (
  workspace_id BIGINT PRIMARY KEY REFERENCES workspace(id),
  version BIGINT NOT NULL,
  accounts BIGINT NOT NULL,
  posts BIGINT NOT NULL,
  generation BIGINT NOT NULL,
  docs BIGINT NOT NULL,
  ndocs BIGINT NOT NULL,
  avg_doc_len DOUBLE PRECISION NOT NULL,
  reference_time BIGINT NOT NULL
);
CREATE TABLE discover_profile (
  workspace_id BIGINT NOT NULL REFERENCES workspace(id),
  idx BIGINT NOT NULL,
  account_id BIGINT NOT NULL,
  followers BIGINT NOT NULL,
  price DOUBLE PRECISION NOT NULL,
  platform TEXT NOT NULL,
  lang TEXT NOT NULL,
  country TEXT NOT NULL,
  doc_len BIGINT NOT NULL,
  posts BIGINT NOT NULL,
  recent_posts BIGINT NOT NULL,
  answered BIGINT NOT NULL,
  first_post_at BIGINT NOT NULL,
  last_post_at BIGINT NOT NULL,
  comments_seen DOUBLE PRECISION NOT NULL,
  engagement_rate DOUBLE PRECISION NOT NULL,
  engagement_mean DOUBLE PRECISION NOT NULL,
  engagement_max DOUBLE PRECISION NOT NULL,
  likes_cv DOUBLE PRECISION NOT NULL,
  avg_views DOUBLE PRECISION NOT NULL,
  growth_jump DOUBLE PRECISION NOT NULL,
  sponsored_share DOUBLE PRECISION NOT NULL,
  engagement_norm DOUBLE PRECISION NOT NULL,
  reply_rate DOUBLE PRECISION NOT NULL,
  posts_per_week DOUBLE PRECISION NOT NULL,
  audience DOUBLE PRECISION NOT NULL,
  activity DOUBLE PRECISION NOT NULL,
  views_score DOUBLE PRECISION NOT NULL,
  reach DOUBLE PRECISION NOT NULL,
  resonance DOUBLE PRECISION NOT NULL,
  penalty DOUBLE PRECISION NOT NULL,
  flags BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, idx)
);
CREATE TABLE discover_term (
  workspace_id BIGINT NOT NULL REFERENCES workspace(id),
  term TEXT NOT NULL,
  df BIGINT NOT NULL,
  postings BYTEA NOT NULL,
  PRIMARY KEY (workspace_id, term)
);
DELETE FROM blob WHERE space IN ('discover.meta', 'discover.profile', 'discover.postings', 'discover.df');

-- 0001: the core model: workspaces, people, accounts (with follower snapshots), posts, edges,
-- and derived blobs (discovery index). Platform ids are TEXT: never doubles.
CREATE TABLE workspace (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE TABLE person (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspace(id),
  key TEXT NOT NULL,
  name TEXT,
  UNIQUE (workspace_id, key)
);
CREATE TABLE account (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspace(id),
  platform TEXT NOT NULL,
  ext_id TEXT NOT NULL,
  handle TEXT,
  name TEXT,
  bio TEXT,
  lang TEXT,
  country TEXT,
  person_id INTEGER REFERENCES person(id),
  url TEXT,
  followers INTEGER,
  following INTEGER,
  post_count INTEGER,
  listed INTEGER,
  views INTEGER,
  verified INTEGER,
  created_at INTEGER,
  price REAL,
  currency TEXT,
  UNIQUE (workspace_id, platform, ext_id)
);
CREATE INDEX account_handle ON account (workspace_id, handle);
CREATE TABLE account_snapshot (
  account_id INTEGER NOT NULL REFERENCES account(id),
  observed_at INTEGER NOT NULL,
  followers INTEGER,
  following INTEGER,
  post_count INTEGER,
  PRIMARY KEY (account_id, observed_at)
) WITHOUT ROWID;
CREATE TABLE post (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspace(id),
  platform TEXT NOT NULL,
  ext_id TEXT NOT NULL,
  account_id INTEGER NOT NULL REFERENCES account(id),
  created_at INTEGER,
  kind INTEGER NOT NULL DEFAULT 0,
  lang TEXT,
  text TEXT,
  url TEXT,
  parent_ext_id TEXT,
  parent_account_id INTEGER,
  conversation_ext_id TEXT,
  likes INTEGER,
  comments INTEGER,
  shares INTEGER,
  quotes INTEGER,
  views INTEGER,
  saves INTEGER,
  sponsored INTEGER,
  UNIQUE (workspace_id, platform, ext_id)
);
CREATE INDEX post_account ON post (account_id, created_at);
CREATE TABLE edge (
  workspace_id INTEGER NOT NULL REFERENCES workspace(id),
  kind TEXT NOT NULL,
  src INTEGER NOT NULL REFERENCES account(id),
  dst INTEGER NOT NULL REFERENCES account(id),
  ts INTEGER NOT NULL DEFAULT -1,
  weight REAL NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, kind, src, dst, ts)
) WITHOUT ROWID;
CREATE INDEX edge_dst ON edge (dst, kind);
CREATE TABLE blob (
  workspace_id INTEGER NOT NULL,
  space TEXT NOT NULL,
  key TEXT NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (workspace_id, space, key)
) WITHOUT ROWID;

-- 0010_auth: users, workspace membership, API tokens, login sessions, login attempts and the
-- audit log (src/lib/store/auth.c). Secrets are never stored: passwords as Argon2id strings,
-- token and session secrets as their BLAKE2b-256 hash. role is a role name (clout_role_name).
CREATE TABLE IF NOT EXISTS auth_user (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS auth_member (
  user_id INTEGER NOT NULL REFERENCES auth_user(id),
  workspace_id INTEGER NOT NULL REFERENCES workspace(id),
  PRIMARY KEY (user_id, workspace_id)
);
CREATE TABLE IF NOT EXISTS auth_token (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES auth_user(id),
  workspace_id INTEGER NOT NULL REFERENCES workspace(id),
  secret_hash BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  revoked_at INTEGER,
  last_used_at INTEGER
);
CREATE TABLE IF NOT EXISTS auth_session (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES auth_user(id),
  workspace_id INTEGER NOT NULL REFERENCES workspace(id),
  secret_hash BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  origin TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS auth_login_attempt (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  origin TEXT NOT NULL,
  at INTEGER NOT NULL,
  ok INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS auth_login_attempt_name ON auth_login_attempt (name, at);
CREATE INDEX IF NOT EXISTS auth_login_attempt_origin ON auth_login_attempt (origin, at);
CREATE TABLE IF NOT EXISTS audit_log (
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  workspace_id INTEGER,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  object TEXT,
  origin TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log (at_ms);

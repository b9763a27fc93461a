-- 0008_listen_rule: saved listening rules (src/lib/store/listen.c). expr is the rule as written
-- (docs/listen.md); kind is brand, competitor, campaign or influencer; team is pr, social or
-- support; priority is low, normal or high. Names are unique in a workspace.
CREATE TABLE IF NOT EXISTS listen_rule (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspace(id),
  name TEXT NOT NULL,
  expr TEXT NOT NULL,
  kind TEXT NOT NULL,
  team TEXT NOT NULL,
  priority TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (workspace_id, name)
);

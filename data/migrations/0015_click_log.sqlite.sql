-- 0015_click_log: click ids handed out in blocks (src/lib/store/track.c, src/lib/track/recorder.c).
-- The click recorder logs a click under an id it already holds (the 302 carries it), and folds it
-- into track_click later under that same id, so the id must be reserved before: every `clout serve`
-- sharing this store takes a block of ids at a time from track_id_block ('click' row: the next
-- free id), so that no two processes ever hand out the same id. Seeded past the clicks already kept.
CREATE TABLE IF NOT EXISTS track_id_block (
  name TEXT PRIMARY KEY,
  next_id INTEGER NOT NULL
);
INSERT INTO track_id_block (name, next_id)
  SELECT 'click', COALESCE(MAX(id), 0) + 1 FROM track_click WHERE true
  ON CONFLICT (name) DO NOTHING;

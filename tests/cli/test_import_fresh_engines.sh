#!/usr/bin/env bash
# A fresh `clout import` (into an empty store) on both engines, with keys that come back across
# chunks of the reader (over 32,768 records a chunk): accounts, posts and edges repeated far apart
# in the file, later records merging over earlier ones. PostgreSQL loads new keys with COPY straight
# into the tables and merges the keys met again; SQLite writes row by row. The stores must end the
# same, internal ids included, and `-o json` must say the same (times aside).
. "$(dirname "$0")/lib.sh"
set -e
[ -n "${CLOUT_TEST_PG:-}" ] || { echo "CLOUT_TEST_PG is not set (scripts/test starts a scratch server): skipped" >&2; exit 77; }

# 3,000 accounts written twice (the second time 40,000 records later, with new counts and no
# name), 60,000 posts of which every 7th comes back near the end with new likes and no text, and
# 20,000 edges of which every 5th comes back with a new weight.
python3 - "$SCRATCH/in.jsonl" <<'EOF'
import json, sys
out = open(sys.argv[1], "w")
w = lambda o: out.write(json.dumps(o) + "\n")
def acc(i, second):
    a = {"type": "account", "platform": "twitter", "id": str(5000 + i), "handle": "h%d" % i,
         "followers": i * (3 if second else 2), "observed_at": 1700000000 + (86400 if second else 0)}
    if not second:
        a["name"] = "name %d" % i
        a["person"] = "person%d" % (i % 700)
    return a
def post(i, again):
    p = {"type": "post", "platform": "twitter", "id": "t%d" % (i * 7919 % 60000), "author": str(5000 + i % 3500),
         "created_at": 1700000000 + i, "likes": i % 13 + (100 if again else 0)}
    if not again:
        p["text"] = "post %d" % i
    return p
for i in range(3000):
    w(acc(i, False))
for i in range(40000):
    w(post(i, False))
for i in range(3000):
    w(acc(i, True))
for i in range(40000, 60000):
    w(post(i, False))
for i in range(0, 60000, 7):
    w(post(i, True))
for i in range(20000):
    w({"type": "edge", "platform": "twitter", "kind": "follow", "src": str(5000 + i % 4000),
       "dst": str(5000 + (i * 31) % 4100), "weight": 1})
for i in range(0, 20000, 5):
    w({"type": "edge", "platform": "twitter", "kind": "follow", "src": str(5000 + i % 4000),
       "dst": str(5000 + (i * 31) % 4100), "weight": 2.5})
EOF

# each store's rows with their internal ids, the same text on both engines
dump() { # LOCATION ENGINE
  local e=$2
  ENGINE=$e db_query "$1" "select id, platform, ext_id, handle, name, followers, person_id from account order by id"
  ENGINE=$e db_query "$1" "select id, key from person order by id"
  ENGINE=$e db_query "$1" "select account_id, observed_at, followers from account_snapshot order by 1, 2"
  ENGINE=$e db_query "$1" "select id, ext_id, account_id, created_at, text, likes from post order by id"
  ENGINE=$e db_query "$1" "select kind, src, dst, ts, cast(weight * 10 as integer) from edge order by 1, 2, 3, 4"
}
# the import's JSON result without its times
result() { python3 -c 'import json, sys; j = json.load(sys.stdin); j.pop("seconds"); j.pop("phases"); print(json.dumps(j, sort_keys=True))'; }

ENGINE=sqlite fresh_store lite
LITE=$STORE
ENGINE=postgresql fresh_store pg
PG=$STORE
: > "$SCRATCH/empty.jsonl"
for s in "$LITE" "$PG"; do expect_status 0 "$CLOUT" import -q --from clout --db "$s" "$SCRATCH/empty.jsonl"; done

expect_status 0 "$CLOUT" import --no-index -o json --db "$LITE" "$SCRATCH/in.jsonl"
lite_json=$OUT
expect_status 0 "$CLOUT" import --no-index -o json --db "$PG" "$SCRATCH/in.jsonl"
pg_json=$OUT
expect_eq "$(printf %s "$pg_json" | result)" "$(printf %s "$lite_json" | result)" "the same result on both engines"
expect_eq "$(json_get "$pg_json" 'j["posts"]')" "68572" "every post record counted"

dump "$LITE" sqlite > "$SCRATCH/lite.rows"
dump "$PG" postgresql > "$SCRATCH/pg.rows"
expect_eq "$(wc -l < "$SCRATCH/pg.rows")" "$(wc -l < "$SCRATCH/lite.rows")" "as many rows on both engines"
expect_eq "$(cmp "$SCRATCH/lite.rows" "$SCRATCH/pg.rows" && echo same)" "same" "the same rows and ids on both engines"
expect_eq "$(ENGINE=postgresql db_query "$PG" "select count(*), max(id) from post")" "60000|60000" \
  "60,000 posts, ids 1 to 60,000: a post met again spends no id"
expect_eq "$(ENGINE=postgresql db_query "$PG" "select likes, text from post where ext_id = 't0'")" "100|post 0" \
  "the later record merged over the earlier one"
expect_eq "$(ENGINE=postgresql db_query "$PG" "select cast(weight * 10 as integer) from edge where src = (select id from account where ext_id = '5000') order by dst limit 1")" \
  "25" "an edge met again takes its last weight"

# into the store with records (the normal path): again the same on both engines
expect_status 0 "$CLOUT" import --no-index -o json --db "$LITE" "$SCRATCH/in.jsonl"
expect_status 0 "$CLOUT" import --no-index -o json --db "$PG" "$SCRATCH/in.jsonl"
dump "$LITE" sqlite > "$SCRATCH/lite.rows"
dump "$PG" postgresql > "$SCRATCH/pg.rows"
expect_eq "$(cmp "$SCRATCH/lite.rows" "$SCRATCH/pg.rows" && echo same)" "same" "the same after the import again"
finish

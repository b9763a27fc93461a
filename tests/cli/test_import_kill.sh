#!/usr/bin/env bash
# A large `clout import` (many chunks, each a bulk write: on PostgreSQL a COPY into staging tables
# and set-based INSERTs) that cannot finish: killed with kill -9 after many chunks were written, or
# refused at a record the store cannot keep deep in the file. Either way the store is as it was,
# opens, and takes the next import. Then the same file into an empty store (SQLite's fresh-load
# path) and into one that had records give the same store.
. "$(dirname "$0")/lib.sh"
set -e
state() { db_query "$CLOUT_DB" "select (select count(*) from post) || ' ' || (select count(*) from account) || ' ' || (select count(*) from edge) || ' ' || (select count(*) from account_snapshot) || ' ' || (select max(generation) from workspace)"; }

"$CLOUT" gen -q -o "$SCRATCH/gen" -n 5000
cat gen/accounts.jsonl gen/posts.jsonl gen/edges.jsonl > all.jsonl
total=$(wc -l < all.jsonl)
[ "$total" -gt 150000 ] && pass || fail "the generated set is too small to span many chunks ($total records)"
head -n 2000 gen/accounts.jsonl > first.jsonl
expect_status 0 "$CLOUT" import --no-index first.jsonl
before=$(state)
expect_eq "${before%% *}" "0" "the first import has accounts only"

# kill -9 while the import waits for the end of its input: all but the last few of its chunks of
# 32k records have been through the writer (the queue between reader and writer holds two), so the
# import's transaction holds most of the file
mkfifo feed
"$CLOUT" import --no-index --from clout - < feed > /dev/null 2>&1 &
pid=$!
exec 3> feed
cat all.jsonl >&3
if [ "$ENGINE" = postgresql ]; then
  # and, visibly, the server has the transaction open with rows written
  for i in $(seq 1 600); do
    [ "$(db_query "$CLOUT_DB" "select count(*) from pg_stat_activity where application_name = 'clout' and state = 'idle in transaction'")" -gt 0 ] && break
    sleep 0.1
  done
fi
kill -9 "$pid"
set +e; wait "$pid"; got=$?; set -e
exec 3>&-
expect_eq "$got" "137" "the import was killed, not finished"
if [ "$ENGINE" = postgresql ]; then
  for i in $(seq 1 100); do
    [ "$(db_query "$CLOUT_DB" "select count(*) from pg_stat_activity where application_name = 'clout'")" = 0 ] && break
    sleep 0.1
  done
fi
expect_eq "$(state)" "$before" "the store is as it was after clout was killed mid-import"
expect_status 0 "$CLOUT" stats -o json
expect_eq "$(json_get "$OUT" "j['accounts']")" "2000" "the store opens and counts the first import"

# a post text with a NUL character (JSON \u0000) deep in the file: refused by its line, nothing kept
line=$(( $(wc -l < gen/accounts.jsonl) + $(wc -l < gen/posts.jsonl) - 10000 ))
sed "${line}s/\"text\":\"/\"text\":\"nul \\\\u0000 here /" all.jsonl > nul.jsonl
expect_contains "$(sed -n "${line}p" nul.jsonl)" '\u0000' "the bad record is in the file"
expect_status 65 "$CLOUT" import --no-index nul.jsonl
expect_contains "$ERR" "nul.jsonl:$line:" "the record is named by its line"
expect_contains "$ERR" "NUL" "and by what is wrong"
expect_eq "$(state)" "$before" "a refused import leaves the store as it was"

# and the whole file still goes in afterwards
expect_status 0 "$CLOUT" import --no-index -o json all.jsonl
expect_eq "$(json_get "$OUT" "j['posts']")" "$(wc -l < gen/posts.jsonl)" "every post imported"
expect_eq "$(db_query "$CLOUT_DB" "select count(*) from post")" "$(wc -l < gen/posts.jsonl)" "every post stored"

# into an empty store (on SQLite the fresh-load path: secondary indexes dropped, built again at the
# end) the same file gives the same store as into one that had records (the incremental path)
accounts() { db_query "$1" "select platform, ext_id, coalesce(handle, '~'), coalesce(name, '~'), coalesce(followers, -1), coalesce(lang, '~') from account order by platform, ext_id" | md5sum; }
posts() { db_query "$1" "select p.ext_id, a.ext_id, p.likes, p.kind, coalesce(pa.ext_id, ''), p.created_at, length(p.text) from post p join account a on a.id = p.account_id left join account pa on pa.id = p.parent_account_id order by p.platform, p.ext_id" | md5sum; }
edges() { db_query "$1" "select e.kind, s.ext_id, d.ext_id, e.ts, e.weight from edge e join account s on s.id = e.src join account d on d.id = e.dst order by 1, 2, 3, 4" | md5sum; }
snapshots() { db_query "$1" "select a.ext_id, s.observed_at, s.followers from account_snapshot s join account a on a.id = s.account_id order by 1, 2" | md5sum; }
incremental=$CLOUT_DB
fresh_store fresh
CLOUT_DB=$STORE expect_status 0 "$CLOUT" import --no-index all.jsonl
for what in accounts posts edges snapshots; do
  expect_eq "$($what "$STORE")" "$($what "$incremental")" "fresh and incremental imports give the same $what"
done
if [ "$ENGINE" = sqlite ]; then
  expect_eq "$(sqlite3 "$STORE" "select name, sql from sqlite_master where type = 'index' order by name")" \
    "$(sqlite3 "$incremental" "select name, sql from sqlite_master where type = 'index' order by name")" \
    "the fresh load built the same indexes again"
  expect_contains "$(sqlite3 "$STORE" "EXPLAIN QUERY PLAN SELECT * FROM post WHERE workspace_id = 1 AND account_id = 5")" "post_account" "and queries use them"
fi
finish

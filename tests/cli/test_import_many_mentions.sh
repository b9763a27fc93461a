#!/usr/bin/env bash
# X v2 tweets naming many accounts each (20 mentions): a chunk then holds more account references
# than twice its posts and edges, and the import must keep room for all of them (it wrote past
# its array before, and aborted in free() on a 1.6 MB file of bench/import/gen_tweets output).
. "$(dirname "$0")/lib.sh"
set -e
fresh_store many_mentions
CLOUT_DB=$STORE
for i in $(seq 1 300); do
  m=""
  for k in $(seq 1 20); do
    u=$(( (i * 20 + k) % 4999 + 5000 ))
    m="$m${m:+,}{\"start\":0,\"end\":5,\"username\":\"u$u\",\"id\":\"$u\"}"
  done
  printf '{"id":"%d","author_id":"%d","created_at":"2024-01-01T00:%02d:%02d.000Z","lang":"en","text":"coffee with friends","public_metrics":{"like_count":1,"reply_count":0,"retweet_count":0,"quote_count":0},"entities":{"mentions":[%s]}}\n' \
    $((100000 + i)) $((i % 50 + 1)) $((i / 60)) $((i % 60)) "$m"
done > "$SCRATCH/mentions.jsonl"
expect_status 0 "$CLOUT" import -q --no-index --from twitter-v2 "$SCRATCH/mentions.jsonl"
expect_eq "$(db_query "$CLOUT_DB" "select count(*) from post")" "300" "every tweet is stored"
expect_eq "$(db_query "$CLOUT_DB" "select count(*) from edge where kind = 'mention'")" "6000" "every mention is an edge"
finish

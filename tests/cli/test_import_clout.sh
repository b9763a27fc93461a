#!/usr/bin/env bash
# `clout import` with clout's own formats and edge lists: counts, field values, idempotence,
# and bad input: the message names FILE:LINE and the field, exit 65, store unchanged.
. "$(dirname "$0")/lib.sh"
set -e
FIX=$CLOUT_SOURCE/tests/fixtures/import
q() { db_query "$CLOUT_DB" "$1"; }
counts() { "$CLOUT" stats -o json; }

expect_status 0 "$CLOUT" import --no-index -o json "$FIX/clout_accounts.jsonl" "$FIX/clout_posts.csv"
expect_eq "$(json_get "$OUT" 'j["records"]')" "7" "records imported"
expect_eq "$(json_get "$OUT" '[f["format"] for f in j["files"]]')" "['clout', 'clout']" "formats detected"
expect_eq "$(q "select count(*) from account")" "4" "3 accounts plus a stub for the replied-to author"
expect_eq "$(q "select count(*) from post")" "4" "posts"
expect_eq "$(q "select followers from account where ext_id='6800000000000000123'")" "48000" "count given as a string"
expect_eq "$(q "select count(*) from person")" "1" "two accounts of one person share it"
expect_eq "$(q "select count(distinct person_id) from account where person_id is not null")" "1" "person link"
expect_eq "$(q "select count(*) from account_snapshot")" "3" "history plus the observed snapshot"
expect_eq "$(q "select text from post where ext_id='p1'")" 'Home cooking tonight: a slow roast with garlic, "the" best' "CSV quotes"
expect_eq "$(q "select text from post where ext_id='p2'")" $'Two lines\nin one quoted field' "CSV newline in a field"
expect_eq "$(q "select created_at from post where ext_id='p1'")" "1777831200" "ISO time to unix seconds"
expect_eq "$(q "select kind, parent_ext_id from post where ext_id='r1'")" "1|p1" "reply kind and parent"
expect_eq "$(q "select sponsored from post where ext_id='v9'")" "1" "sponsored flag"
before=$(counts)
expect_status 0 "$CLOUT" import --no-index "$FIX/clout_accounts.jsonl" "$FIX/clout_posts.csv"
expect_eq "$(counts)" "$before" "re-importing changes no counts"

# edge lists: plain gzip, and the Higgs activity format with its interaction types
expect_status 0 "$CLOUT" import --no-index --platform twitter -o json "$FIX/edges_plain.txt.gz"
expect_eq "$(json_get "$OUT" 'j["files"][0]["format"]')" "edges" "edge list detected"
expect_eq "$(json_get "$OUT" 'j["edges"]')" "4" "gzip edge list"
expect_status 0 "$CLOUT" import --no-index --platform twitter "$FIX/edges_activity.txt"
expect_eq "$(q "select kind from edge where ts > 0 order by ts" | paste -sd, -)" "retweet,mention,reply" "RT/MT/RE kinds"
expect_status 0 "$CLOUT" import --no-index --platform twitter --reverse --edge-kind retweet "$FIX/edges_plain.txt.gz"
expect_eq "$(q "select count(*) from edge e join account s on s.id=e.src join account d on d.id=e.dst where e.kind='retweet' and s.ext_id='2' and d.ext_id='1'")" "1" "--reverse flips edges"

# ---- bad input: each case leaves the store exactly as it was
before=$(counts)
bad() { # NAME STATUS NEEDLE: import $SCRATCH/NAME, expect STATUS and NEEDLE in stderr, store unchanged
  expect_status "$2" "$CLOUT" import --no-index "$SCRATCH/$1"
  expect_contains "$ERR" "$3" "$1: message"
  expect_eq "$(counts)" "$before" "$1: store unchanged"
}
good='{"type":"account","platform":"instagram","id":"900","followers":1}'
printf '%s\n{"type":"account","platform":"instagram","id":"901","foll\n' "$good" > "$SCRATCH/truncated.jsonl"
bad truncated.jsonl 65 "truncated.jsonl:2: invalid json"
printf '%s\n{"type":"post","platform":"x","id":"1","author":"2","text":"caf\xe9"}\n' "$good" > "$SCRATCH/utf8.jsonl"
bad utf8.jsonl 65 "utf8.jsonl:2: invalid json"
printf '%s\n{"type":"account","platform":"instagram","id":"902","followers":{"n":1}}\n' "$good" > "$SCRATCH/types.jsonl"
bad types.jsonl 65 "types.jsonl:2: followers: expected a count, got object"
printf '%s\n{"type":"post","platform":"x","id":"1","author":"2","likes":-3}\n' "$good" > "$SCRATCH/negative.jsonl"
bad negative.jsonl 65 "negative.jsonl:2: likes: negative count -3"
printf '%s\n{"type":"account","platform":"instagram","id":12.5}\n' "$good" > "$SCRATCH/doubleid.jsonl"
bad doubleid.jsonl 65 "doubleid.jsonl:2: id: id is a non-integer number"
python3 -c "
import sys
sys.stdout.write('$good'.replace('\"','\"') + '\n')
sys.stdout.write('{\"type\":\"post\",\"platform\":\"x\",\"id\":\"1\",\"author\":\"2\",\"text\":\"' + 'a' * (10 * 1024 * 1024) + '\"}\n')
" > "$SCRATCH/huge.jsonl"
expect_status 65 "$CLOUT" import --no-index --max-record-bytes 1048576 "$SCRATCH/huge.jsonl"
expect_contains "$ERR" "huge.jsonl:2: line is longer than 1048576 bytes" "10 MB line"
expect_eq "$(counts)" "$before" "10 MB line: store unchanged"
printf 'type,platform,id,followers\naccount,instagram,903,12\naccount,instagram,904,twelve\n' > "$SCRATCH/bad.csv"
bad bad.csv 65 "bad.csv:3: followers: 'twelve' is not a count"
printf 'type,platform,id\naccount,instagram,"905\n' > "$SCRATCH/openquote.csv"
bad openquote.csv 65 "openquote.csv"
printf '1 2\n3 4 -1\n' > "$SCRATCH/weights.txt"
bad weights.txt 65 "weights.txt:2: weight '-1' is not a positive number"
printf '1 2\n' | gzip | head -c 15 > "$SCRATCH/cut.txt.gz"
bad cut.txt.gz 65 "cut.txt.gz"
expect_status 64 "$CLOUT" import --from myspace "$FIX/clout_accounts.jsonl"
expect_contains "$ERR" "unknown format 'myspace'" "unknown --from"
expect_status 66 "$CLOUT" import "$SCRATCH/no-such-file.jsonl"
expect_contains "$ERR" "no-such-file.jsonl" "missing file named"
printf '{"hello":"world"}\n' > "$SCRATCH/unknown.jsonl"
bad unknown.jsonl 65 "unknown.jsonl:1: json of no known format"
expect_eq "$(counts)" "$before" "no bad file changed the store"

# --skip-bad: good records in, bad ones in the reject file with their reasons
printf '%s\n{"type":"account","platform":"instagram","id":"906","followers":-1}\n{"type":"account","platform":"instagram","id":"907","followers":3}\nnot json\n' "$good" > "$SCRATCH/mixed.jsonl"
expect_status 0 "$CLOUT" import --no-index --skip-bad -o json "$SCRATCH/mixed.jsonl"
expect_eq "$(json_get "$OUT" 'j["rejected"]')" "2" "two rejected"
expect_eq "$(json_get "$OUT" 'j["records"]')" "2" "two imported"
expect_eq "$(q "select count(*) from account where ext_id in ('900','907')")" "2" "good records imported"
[ -f "$SCRATCH/mixed.jsonl.rejects" ] && pass || fail "reject file written beside the input"
expect_contains "$(cat "$SCRATCH/mixed.jsonl.rejects")" "mixed.jsonl:2: followers: negative count -1" "reject reason"
expect_contains "$(cat "$SCRATCH/mixed.jsonl.rejects")" "mixed.jsonl:4: invalid json" "reject reason for bad json"
finish

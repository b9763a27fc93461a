#!/usr/bin/env bash
# `clout import -`: standard input, plain or gzip, is a source like a file: the same records, the
# same store; a bad record names <stdin>:LINE; --skip-bad on stdin needs --rejects.
. "$(dirname "$0")/lib.sh"
set -e
FIX=$CLOUT_SOURCE/tests/fixtures/import
q() { db_query "$CLOUT_DB" "$1"; }
dump() { db_query "$1" "select platform, ext_id, coalesce(handle,''), coalesce(cast(followers as text),'') from account order by 1, 2; select platform, ext_id, text from post order by 1, 2"; }

fresh_store file
file_db=$STORE
CLOUT_DB=$file_db expect_status 0 "$CLOUT" import -q --no-index "$FIX/clout_accounts.jsonl" "$FIX/clout_posts.csv"
expect_status 0 "$CLOUT" import --no-index -o json - "$FIX/clout_posts.csv" < "$FIX/clout_accounts.jsonl"
expect_eq "$(json_get "$OUT" '[f["path"] for f in j["files"]]')" "['<stdin>', '$FIX/clout_posts.csv']" "stdin is named <stdin>"
expect_eq "$(dump "$CLOUT_DB")" "$(dump "$file_db")" "stdin gives the store a file gives"

fresh_store gzip
CLOUT_DB=$STORE
gzip -c "$FIX/clout_posts.csv" > "$SCRATCH/posts.csv.gz"
expect_status 0 "$CLOUT" import --no-index -o json "$FIX/clout_accounts.jsonl" - < "$SCRATCH/posts.csv.gz"
expect_eq "$(json_get "$OUT" 'j["files"][1]["format"]')" "clout" "gzip CSV on stdin is detected"
expect_eq "$(dump "$CLOUT_DB")" "$(dump "$file_db")" "gzip stdin gives the same store"

# through a real pipe, a bad record deep in the stream names its line
before=$(q "select count(*) from post")
{ cat "$FIX/twitter_good.jsonl"; echo '{"data":{"id":"9","text":"x","author_id":"1","public_metrics":{"like_count":-3}}}'; } > "$SCRATCH/bad.jsonl"
expect_status 65 sh -c 'cat "$1" | "$0" import --no-index -' "$CLOUT" "$SCRATCH/bad.jsonl"
expect_contains "$ERR" "<stdin>:2:" "the bad line of stdin is named"
expect_eq "$(q "select count(*) from post")" "$before" "a refused stream changes nothing"
expect_status 64 "$CLOUT" import --no-index --skip-bad - < "$FIX/twitter_good.jsonl"
expect_contains "$ERR" "reject path" "--skip-bad on stdin asks for --rejects"
expect_status 0 "$CLOUT" import --no-index --skip-bad --rejects "$SCRATCH/rej" - < "$FIX/twitter_good.jsonl"
finish

#!/usr/bin/env bash
# clout import on platform payloads through the binary: formats detected, counts in the store
# (read with sqlite3), idempotence, and bad input: FILE:LINE and the field in the message, exit
# status 65 (64 for an unknown --from), the store unchanged, and --skip-bad's reject file.
# (--no-index: this tests the import alone; the discovery index has its own tests)
. "$(dirname "$0")/lib.sh"
set -e
LOCAL=${CLOUT_SOURCE:?}/tests/fixtures/import
q() { db_query "$CLOUT_DB" "$1"; }
counts() { q "select (select count(*) from account)||' '||(select count(*) from post)||' '||(select count(*) from edge)"; }

# every recorded payload imports, detected without --from; payloads that name no author (media
# pages, insights, a TikTok query without usernames) are refused without --author, filed under it
AUTHORLESS_IG=("$FIXTURES"/instagram/{hashtags_hashtag_recent_medias_p1,medias_insights_new,medias_medias_fields}.json)
expect_status 65 "$CLOUT" import --no-index "${AUTHORLESS_IG[0]}"
expect_contains "$ERR" "names no owner: pass --author ID" "authorless media refused with the way out"
expect_status 65 "$CLOUT" import --no-index "$FIXTURES"/tiktok/query_videos_no_username.json
expect_contains "$ERR" "names no username: pass --author USERNAME" "authorless videos refused with the way out"
if [ "$ENGINE" = sqlite ]; then
  [ ! -e "$CLOUT_DB" ] && pass || fail "refused payloads leave no new store file"
else
  expect_eq "$(counts)" "0 0 0" "refused payloads leave the store empty"
fi
import_all() { # OUTPUT-OPTIONS: the three imports, formats printed one a line
  "$CLOUT" import --no-index "$@" "$FIXTURES"/twitter/{cashtags,flat,mentions_tweet,two_tweets,users}.jsonl \
    "$FIXTURES"/instagram/users_user_fields.json "$FIXTURES"/youtube/*.json &&
  "$CLOUT" import --no-index "$@" --author 17841407673135339 "${AUTHORLESS_IG[@]}" &&
  "$CLOUT" import --no-index "$@" --author some.creator "$FIXTURES"/tiktok/*.json
}
expect_status 0 import_all -o json
expect_eq "$(printf '%s\n' "$OUT" | python3 -c 'import json,sys; print(",".join(f["format"] for l in sys.stdin for f in json.loads(l)["files"]))')" \
  "twitter-v2,twitter-v2,twitter-v2,twitter-v2,twitter-v2,instagram-graph,youtube-data,youtube-data,instagram-graph,instagram-graph,instagram-graph,tiktok-research" \
  "formats detected"
expect_eq "$(q "select count(*) from post p join account a on a.id = p.account_id where a.platform = 'instagram' and a.ext_id = '17841407673135339'")" "8" "authorless media filed under --author"
expect_eq "$(q "select count(*) from post p join account a on a.id = p.account_id where a.platform = 'tiktok' and a.ext_id = 'some.creator'")" "1" "authorless videos filed under --author (the payload holds one video twice)"
first=$(counts)
expect_eq "$(q "select followers||' '||post_count from account where platform='youtube'")" "1927873 5026" "youtube channel counts"
expect_eq "$(q "select likes||' '||views from post where platform='youtube' and ext_id='D-lhorsDlUQ'")" "190 7920" "youtube video counts"
expect_eq "$(q "select followers from account where platform='instagram' and handle='facebookfordevelopers'")" "64363" "instagram followers"
expect_eq "$(q "select p.shares||' '||p.kind||' '||a.handle from post p join account a on a.id=p.account_id where p.ext_id='1394735776701816833'")" \
  "1 2 LachiVeronica" "a retweet, its author and its retweet count"

# importing the same files again changes no count
expect_status 0 import_all -q
expect_eq "$(counts)" "$first" "idempotent import"

# bad input: each one stops the import, names FILE:LINE and the field, leaves the store as it was
bad() { # FILE STATUS NEEDLE...
  local file=$1 status=$2; shift 2
  expect_status "$status" "$CLOUT" import --no-index "$file"
  for needle in "$@"; do expect_contains "$ERR" "$needle" "message for $(basename "$file")"; done
  expect_eq "$(counts)" "$first" "store unchanged after $(basename "$file")"
}
bad "$LOCAL/twitter_bad_type.jsonl" 65 "twitter_bad_type.jsonl:2:" "data[0].public_metrics.like_count"
bad "$LOCAL/twitter_negative.jsonl" 65 "twitter_negative.jsonl:2:" "like_count: negative count -3"
bad "$LOCAL/twitter_truncated.jsonl" 65 "twitter_truncated.jsonl:2:" "invalid json"
bad "$LOCAL/twitter_bad_utf8.jsonl" 65 "twitter_bad_utf8.jsonl:2:" "UTF-8"
bad "$LOCAL/instagram_bad_like.json" 65 "instagram_bad_like.json:1:" "media.data[1].like_count"
bad "$LOCAL/youtube_bad_count.json" 65 "youtube_bad_count.json:1:" "items[0].statistics.viewCount"
bad "$FIXTURES/twitter/streaming_output_with_error.jsonl" 65 "streaming_output_with_error.jsonl:8:" "invalid json"

# a 10 MB line is refused as a bad record (the limit is --max-record-bytes, default 16 MiB: set 1 MiB)
python3 - "$SCRATCH/long.jsonl" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write('{"data":[{"id":"1","author_id":"2","text":"short","public_metrics":{"like_count":1}}]}\n')
    f.write('{"data":[{"id":"3","author_id":"2","text":"' + "x" * (10 << 20) + '"}]}\n')
PY
expect_status 65 "$CLOUT" import --no-index --from twitter-v2 --max-record-bytes 1048576 "$SCRATCH/long.jsonl"
expect_contains "$ERR" "long.jsonl:2:" "overlong line named"
expect_contains "$ERR" "longer than" "overlong line reason"
expect_eq "$(counts)" "$first" "store unchanged after an overlong line"

# an empty file imports nothing, whatever the format (it used to crash the import)
: > "$SCRATCH/empty.jsonl"
for from in "" "--from clout" "--from twitter-v2" "--from edges"; do
  expect_status 0 "$CLOUT" import --no-index -q $from "$SCRATCH/empty.jsonl"
done
expect_eq "$(counts)" "$first" "store unchanged after an empty file"

# unknown --from is a usage error
expect_status 64 "$CLOUT" import --no-index --from myspace "$LOCAL/twitter_good.jsonl"
expect_contains "$ERR" "unknown format 'myspace'" "unknown format named"

# --skip-bad imports the good records and writes the bad ones with their reasons
expect_status 0 "$CLOUT" import --no-index -o json --skip-bad --rejects "$SCRATCH/rejects.txt" "$LOCAL/twitter_bad_type.jsonl"
expect_eq "$(json_get "$OUT" 'j["rejected"]')" "1" "one record rejected"
expect_eq "$(json_get "$OUT" 'j["records"]')" "1" "one record imported"
expect_contains "$(cat "$SCRATCH/rejects.txt")" "twitter_bad_type.jsonl:2: data[0].public_metrics.like_count" "reject reason"
expect_status 0 "$CLOUT" import --no-index -o json --skip-bad --rejects "$SCRATCH/rejects2.txt" "$SCRATCH/long.jsonl" "$FIXTURES/twitter/streaming_output_with_error.jsonl" --from twitter-v2 --max-record-bytes 1048576
expect_eq "$(json_get "$OUT" 'j["rejected"]')" "2" "overlong and truncated lines rejected"
expect_eq "$(wc -l < "$SCRATCH/rejects2.txt" | tr -d ' ')" "2" "one reject per line"
finish

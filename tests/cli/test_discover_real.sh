#!/usr/bin/env bash
# Discovery on the recorded X/Twitter payloads, with the index built by import itself: posts in
# languages without rules (es, tl, und) are indexed, not refused, and a topic finds its accounts.
. "$(dirname "$0")/lib.sh"
set -e
expect_status 0 "$CLOUT" import -q "$FIXTURES"/twitter/{cashtags,flat,mentions_tweet,two_tweets,users}.jsonl
expect_status 0 "$CLOUT" import -q --skip-bad --rejects "$SCRATCH/rejects" "$FIXTURES"/twitter/streaming_output_with_error.jsonl
expect_contains "$(cat "$SCRATCH/rejects")" "streaming_output_with_error.jsonl:8: invalid json" "the cut-off last line is rejected"
expect_eq "$(db_query "$CLOUT_DB" "select case when count(distinct lang) > 2 then 1 else 0 end from post")" "1" "several languages in the data"
expect_status 0 "$CLOUT" discover --topic "love" -o json
expect_eq "$(json_get "$OUT" 'len(j["results"]) > 0 and j["index_stale"] == False')" "True" "a topic finds accounts in real payloads"
expect_status 0 "$CLOUT" discover --topic "bitcoin stocks" --min-followers 0 -o json
expect_eq "$(json_get "$OUT" 'len(j["results"]) > 0')" "True" "cashtag payload is searchable"
# the default audience floor keeps accounts of a few hundred followers out, and says so
expect_status 0 "$CLOUT" discover --topic "bitcoin stocks" -o json
expect_eq "$(json_get "$OUT" 'j["min_followers"] == 1000 and all(r["followers"] >= 1000 for r in j["results"])')" "True" "audience floor by default"
finish

#!/usr/bin/env bash
# The optimizer on a store built by `clout import`: plan --from-store names accounts by platform id
# and handle, and overlap's audiences are the follower edges the store holds.
. "$(dirname "$0")/lib.sh"
set -e
expect_status 0 "$CLOUT" gen -o s -n 2000 --seed 4 -q
expect_status 0 "$CLOUT" import -q s/accounts.jsonl s/posts.jsonl s/edges.jsonl
expect_status 0 "$CLOUT" plan --from-store --kind follow --budget 5 --seed 9 -o json
expect_eq "$(json_get "$OUT" 'len(j["seeds"])')" "5" "five seeds within a budget of five"
expect_eq "$(json_get "$OUT" 'all(":" in s["id"] and "(@" in s["id"] for s in j["seeds"])')" "True" "seeds named platform:id (@handle)"
expect_eq "$(json_get "$OUT" 'j["nodes"] == 2000 and 0 < j["spread"] <= j["audience"]')" "True" "spread within the audience"
first=$OUT
expect_status 0 "$CLOUT" plan --from-store --kind follow --budget 5 --seed 9 -o json
expect_eq "$(json_get "$OUT" '[s["id"] for s in j["seeds"]]')" "$(json_get "$first" '[s["id"] for s in j["seeds"]]')" "same seed, same roster"
a=$(db_query "$CLOUT_DB" "select handle from account order by followers desc limit 1 offset 3")
b=$(db_query "$CLOUT_DB" "select handle from account order by followers desc limit 1 offset 7")
expect_status 0 "$CLOUT" overlap --from-store "@$a" "@$b" -o json
want=$(db_query "$CLOUT_DB" "select count(*) from edge e join account d on d.id = e.dst where d.handle = '$a' and e.kind = 'follow'")
got=$(json_get "$OUT" 'j["shared"][0][0]')
expect_eq "$got" "$want" "overlap diagonal is the follower count in the store"
expect_status 66 "$CLOUT" overlap --from-store "@$a" "@no_such_handle_here"
expect_contains "$ERR" "no_such_handle_here" "unknown handle named"
finish

#!/usr/bin/env bash
# The optimizer on a store built by `clout import`: plan --from-store names accounts by platform id
# and handle, and overlap's audiences are the follower edges the store holds.
. "$(dirname "$0")/lib.sh"
set -e
expect_status 0 "$CLOUT" gen -o s -n 2000 --seed 4 -q
expect_status 0 "$CLOUT" import -q s/accounts.jsonl s/posts.jsonl s/edges.jsonl
expect_status 0 "$CLOUT" plan --from-store --kind follow --budget 5 --seed 9 -o json
expect_eq "$(json_get "$OUT" 'len(j["seeds"])')" "5" "five seeds within a budget of five"
expect_eq "$(json_get "$OUT" 'all(s["id"] == s["platform"] + ":" + s["ext_id"] and s["handle"] for s in j["seeds"])')" "True" "seeds named platform:id, with the handle apart"
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

# from discovery to a plan with money: --topic plans over discover's candidates at their stored
# prices, in one currency, and says which candidates were left out and why
expect_status 0 "$CLOUT" discover -t cooking --min-followers 0 -n 60 -o json
disc=$OUT
expect_status 0 "$CLOUT" plan --topic cooking --min-followers 0 --candidates 60 --budget 400 --currency EUR --seed 2 -o json
plan=$OUT
expect_eq "$(json_get "$plan" 'j["currency"]')" "EUR" "the plan's currency"
expect_eq "$(json_get "$plan" 'j["cost_model"]')" "topic_prices" "costed at stored prices"
prices=$(json_get "$disc" 'json.dumps({r["platform"] + ":" + r["id"]: r["price"] for r in j["results"] if r["currency"] == "EUR"})')
expect_eq "$(python3 -c 'import json, sys; p = json.loads(sys.argv[1]); j = json.loads(sys.argv[2]); print(len(j["seeds"]) > 0 and all(s["id"] in p and abs(s["cost"] - p[s["id"]]) < 1e-6 for s in j["seeds"]))' "$prices" "$plan")" "True" "every seed is a priced candidate at its stored price"
expect_eq "$(json_get "$plan" 'j["total_cost"] <= 400')" "True" "within the budget"
expect_eq "$(json_get "$plan" 'all(s["handle"] and not s["handle"].startswith("@") and s["id"] == s["platform"] + ":" + s["ext_id"] for s in j["seeds"])')" "True" "JSON gives the account's parts"
expect_eq "$(json_get "$plan" 'sum(j["candidates"][k] for k in ("stored_price", "rate_card", "other_currency", "unpriced", "not_in_graph")) == j["candidates"]["ranked"]')" "True" "every candidate is accounted for"
# a candidate priced in another currency is left out, never converted; mixed currencies need --currency
top=$(json_get "$plan" 'j["seeds"][0]["ext_id"]')
db_query "$CLOUT_DB" "update account set currency = 'USD' where ext_id = '$top'" >/dev/null
expect_status 0 "$CLOUT" plan --topic cooking --min-followers 0 --candidates 60 --budget 400 --currency EUR --seed 2 -o json
expect_eq "$(json_get "$OUT" 'j["candidates"]["other_currency"] >= 1 and "'"$top"'" not in [s["ext_id"] for s in j["seeds"]]')" "True" "a USD price is left out of a EUR plan"
expect_status 64 "$CLOUT" plan --topic cooking --min-followers 0 --candidates 60 --budget 400
expect_contains "$ERR" "EUR (" "mixed currencies are listed"
expect_contains "$ERR" "--currency" "and the way out named"
expect_status 64 "$CLOUT" plan --topic cooking --budget 400 --currency EURO
expect_contains "$ERR" "currency: 'EURO'" "an unknown currency is named"
# unpriced candidates take the rate card's price for their tier
db_query "$CLOUT_DB" "update account set price = NULL, currency = NULL where ext_id = '$top'" >/dev/null
expect_status 0 "$CLOUT" plan --topic cooking --min-followers 0 --candidates 60 --budget 400 --currency EUR \
  --rate-card "$CLOUT_SOURCE/tests/fixtures/graphs/rates.csv" --seed 2 -o json
expect_eq "$(json_get "$OUT" 'j["candidates"]["rate_card"] >= 1 and j["candidates"]["unpriced"] == 0')" "True" "the rate card prices the unpriced"
# the table: short account names in columns, money with its currency, what the reach counts
expect_status 0 "$CLOUT" plan --topic cooking --min-followers 0 --candidates 60 --budget 400 --currency EUR --seed 2 -o table
expect_contains "$OUT" "EUR " "costs in the currency"
expect_contains "$OUT" "accounts in the graph" "the spread says what it counts"
expect_contains "$OUT" "candidates: the best 60 of" "where the candidates came from"
expect_contains "$OUT" "roi" "ROI with prices"
expect_eq "$(printf '%s\n' "$OUT" | sed -n '2p' | awk '{ print length($2) <= 24 && substr($2, 1, 1) == "@" }')" "1" "the account column holds a short @handle"
expect_status 0 "$CLOUT" plan --from-store --kind follow --budget 1 --seed 9 -o table
expect_contains "$OUT" "; 1 seed" "one seed, singular"
expect_contains "$OUT" "no ROI" "uniform cost prints no ROI"
case "$OUT" in *"roi  "*) fail "uniform cost prints no roi row" ;; *) pass ;; esac
finish

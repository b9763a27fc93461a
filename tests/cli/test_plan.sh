#!/usr/bin/env bash
# clout plan / spread / overlap / gen graph through the real binary: output shapes, determinism,
# costs and budgets, and bad input (exit status and a message naming the place).
. "$(dirname "$0")/lib.sh"
set -e
FX=$CLOUT_SOURCE/tests/fixtures/graphs

expect_status 0 "$CLOUT" plan --help
expect_contains "$OUT" "--budget B" "plan help comes from the option table"

# uniform cost: budget 3 = three seeds, in order with gains, the guarantee and the RR sets
expect_status 0 "$CLOUT" plan --graph "$FX/tiny.txt" --budget 3 --seed 7 -o json --seeds-out seeds.txt
expect_eq "$(json_get "$OUT" 'len(j["seeds"])')" "3" "three seeds for budget 3"
expect_eq "$(json_get "$OUT" 'j["guarantee"]["met"]')" "True" "guarantee met"
expect_eq "$(json_get "$OUT" 'j["rr_sets"] > 0 and j["spread"] > 3')" "True" "RR sets and spread reported"
expect_eq "$(json_get "$OUT" 'sorted(j["forecast"].keys())[0]')" "clicks" "forecast present"
expect_eq "$(wc -l < seeds.txt | tr -d ' ')" "3" "--seeds-out writes the seeds"
first=$OUT

# determinism: same seed, any thread count
expect_status 0 "$CLOUT" plan --graph "$FX/tiny.txt" --budget 3 --seed 7 --threads 1 -o json
expect_eq "$(json_get "$OUT" '[s["id"] for s in j["seeds"]]')" "$(json_get "$first" '[s["id"] for s in j["seeds"]]')" \
  "same seeds with 1 and 2 threads"

# table output names the guarantee
expect_status 0 "$CLOUT" plan --graph "$FX/tiny.txt" --budget 2 -o table
expect_contains "$OUT" "guarantee: met" "table states the guarantee"
expect_contains "$OUT" "RR sets:" "table states the RR sets"

# costs: total within budget; LT model; target audience
expect_status 0 "$CLOUT" plan --graph "$FX/tiny.txt" --budget 4 --costs "$FX/costs.csv" -o json
expect_eq "$(json_get "$OUT" 'j["total_cost"] <= 4 and j["guarantee"]["worst_case_ratio"] == 0.5')" "True" "costs respected"
expect_status 0 "$CLOUT" plan --graph "$FX/tiny.txt" --budget 2 --model lt -o json
# on this DAG every LT walk ends at node 1: one seed already reaches everyone
expect_eq "$(json_get "$OUT" 'len(j["seeds"]) >= 1 and j["spread"] == 10')" "True" "LT plan"
expect_status 0 "$CLOUT" plan --graph "$FX/tiny.txt" --budget 2 --target "$FX/target.txt" -o json
expect_eq "$(json_get "$OUT" 'j["audience"]')" "6" "target audience size"
expect_status 0 "$CLOUT" plan --graph "$FX/tiny.txt" --budget 2 --rate-card "$FX/rates.csv" -o json
expect_eq "$(json_get "$OUT" 'j["total_cost"] <= 2')" "True" "rate card costs"

# spread of a given seed set
expect_status 0 "$CLOUT" spread --graph "$FX/tiny.txt" --seeds "$FX/seeds.txt" --mc 2000 -o json
expect_eq "$(json_get "$OUT" '2 <= j["spread"] <= 10')" "True" "MC spread in range"
a=$(json_get "$OUT" 'j["spread"]')
expect_status 0 "$CLOUT" spread --graph "$FX/tiny.txt" --seeds "$FX/seeds.txt" --mc 2000 --threads 1 -o json
expect_eq "$(json_get "$OUT" 'j["spread"]')" "$a" "MC spread independent of threads"
expect_status 0 "$CLOUT" spread --graph "$FX/tiny.txt" --seeds "$FX/seeds.txt" --prob uniform:1 --mc 10 -o json
expect_eq "$(json_get "$OUT" 'j["spread"]')" "10.0" "certain arcs reach all downstream nodes"

# overlap
expect_status 0 "$CLOUT" overlap --graph "$FX/tiny.txt" 2 3 1 -o json
expect_eq "$(json_get "$OUT" 'j["shared"][0][1]')" "1" "2 and 3 share one follower"
expect_eq "$(json_get "$OUT" 'j["jaccard"][0][1]')" "0.5" "Jaccard of 2 and 3"

# bad input
expect_status 64 "$CLOUT" plan --graph "$FX/tiny.txt"
expect_contains "$ERR" "--budget" "budget required"
expect_status 64 "$CLOUT" plan --graph "$FX/tiny.txt" --budget 2 --prob magic
expect_contains "$ERR" "unknown probability model 'magic'" "bad --prob"
expect_status 65 "$CLOUT" plan --graph "$FX/selfloop.txt" --budget 1
expect_contains "$ERR" "selfloop.txt:3: self-loop on node 2" "self-loop named with its line"
expect_status 65 "$CLOUT" plan --graph "$FX/malformed.txt" --budget 1
expect_contains "$ERR" "malformed.txt:2:" "malformed line named"
expect_status 65 "$CLOUT" plan --graph "$FX/tiny.txt" --budget 2 --costs "$FX/costs_unknown.csv"
expect_contains "$ERR" "costs_unknown.csv:3: unknown id '42'" "unknown id in costs named"
expect_status 65 "$CLOUT" plan --graph "$FX/tiny.txt" --budget 2 --costs "$FX/costs_negative.csv"
expect_contains "$ERR" "costs_negative.csv:3: negative cost '-3'" "negative cost named"
expect_status 65 "$CLOUT" plan --graph "$FX/tiny.txt" --budget 0.5 --costs "$FX/costs.csv"
expect_contains "$ERR" "budget 0.5 is below every cost (the cheapest is 1)" "budget below every cost"
expect_status 65 "$CLOUT" spread --graph "$FX/tiny.txt" --seeds "$FX/costs_unknown.csv"
expect_contains "$ERR" "costs_unknown.csv:3: unknown id '42'" "unknown seed id named"
expect_status 66 "$CLOUT" overlap --graph "$FX/tiny.txt" 1 99
expect_contains "$ERR" "unknown id '99'" "unknown overlap id"
expect_status 66 "$CLOUT" plan --graph no-such-file.txt --budget 1
expect_contains "$ERR" "no-such-file.txt: cannot open" "missing graph file"

# R-MAT generation is reproducible and loads
expect_status 0 "$CLOUT" gen graph --scale 8 --edge-factor 4 --seed 3 -o a.txt
expect_status 0 "$CLOUT" gen graph --scale 8 --edge-factor 4 --seed 3 -o b.txt.gz
expect_eq "$(gzip -dc b.txt.gz | md5sum)" "$(md5sum < a.txt)" "same graph plain and gzip"
expect_status 0 "$CLOUT" plan --graph b.txt.gz --budget 5 -o json
expect_eq "$(json_get "$OUT" 'len(j["seeds"])')" "5" "plan on a generated graph"

# a graph big enough (> 1 MB) for the parallel loader: every load path gives the same roster
expect_status 0 "$CLOUT" gen graph --scale 14 --edge-factor 8 --seed 5 -o big.txt
expect_status 0 "$CLOUT" gen graph --scale 14 --edge-factor 8 --seed 5 -o big.txt.gz
expect_status 0 "$CLOUT" plan --graph big.txt --budget 10 --threads 2 -o json --no-forecast
ids2=$(json_get "$OUT" '[s["id"] for s in j["seeds"]]')
arcs=$(json_get "$OUT" 'j["arcs"]')
expect_status 0 "$CLOUT" plan --graph big.txt --budget 10 --threads 1 -o json --no-forecast
expect_eq "$(json_get "$OUT" '[s["id"] for s in j["seeds"]]')" "$ids2" "same roster with 1 and 2 loader threads"
expect_status 0 "$CLOUT" plan --graph big.txt --budget 10 --threads 2 --low-memory -o json --no-forecast
expect_eq "$(json_get "$OUT" '[s["id"] for s in j["seeds"]]')" "$ids2" "same roster with --low-memory"
expect_status 0 "$CLOUT" plan --graph big.txt.gz --budget 10 --threads 2 -o json --no-forecast
expect_eq "$(json_get "$OUT" '[s["id"] for s in j["seeds"]]')" "$ids2" "same roster from gzip"
expect_eq "$(json_get "$OUT" 'j["arcs"]')" "$arcs" "same arcs from gzip"
expect_status 0 "$CLOUT" plan --graph big.txt --budget 10 --quality -o json --no-forecast
expect_eq "$(json_get "$OUT" 'j["quality_mode"] and j["guarantee"]["met"] and j["rr_sets"] > 0')" "True" "quality mode certified"
# a malformed line deep in the second half is reported with its line number
{ head -n 100000 big.txt; echo "7 oops"; tail -n +100001 big.txt; } > bad.txt
expect_status 65 "$CLOUT" plan --graph bad.txt --budget 10 --threads 2
expect_contains "$ERR" "bad.txt:100001: expected a target node id, got 'oops'" "error line in the second piece"
finish

#!/usr/bin/env bash
# `clout discover` on a generated data set: topical accounts first, every score with its parts,
# filters that hold, planted problems flagged, and clear errors.
. "$(dirname "$0")/lib.sh"
set -e
expect_status 0 "$CLOUT" gen -o s -n 3000 --seed 3 -q
expect_status 66 "$CLOUT" discover --topic cooking
if [ "$ENGINE" = sqlite ]; then
  expect_contains "$ERR" "no store at $CLOUT_DB" "discover without a store"
  [ ! -e "$CLOUT_DB" ] && pass || fail "discover makes no store"
else # the database is there (lib.sh made it), with no clout schema in it: not a store, and left so
  expect_contains "$ERR" "no store at $CLOUT_DB" "discover in an empty database"
  expect_eq "$(db_query "$CLOUT_DB" "select count(*) from information_schema.tables where table_schema = 'public'")" "0" "discover migrates nothing"
fi
: > "$SCRATCH/empty.jsonl"
expect_status 0 "$CLOUT" import -q --no-index --from clout "$SCRATCH/empty.jsonl"
expect_status 66 "$CLOUT" discover --topic cooking
expect_contains "$ERR" "no discovery index" "discover before any index"
expect_status 0 "$CLOUT" import -q s/accounts.jsonl s/posts.jsonl s/edges.jsonl

expect_status 0 "$CLOUT" discover --topic "home cooking" -n 20 -o json
top=$(json_get "$OUT" 'sum("cooks" in r["handle"] for r in j["results"])')
[ "$top" -ge 18 ] && pass || fail "home cooking: $top of the top 20 are cooking accounts"
expect_eq "$(json_get "$OUT" 'all(abs(r["score"] - (0.5*r["relevance"]["score"] + 0.25*r["reach"]["score"] + 0.25*r["resonance"]["score"]) * r["penalty"]) < 1e-4 for r in j["results"])')" "True" "score is made of its parts"
expect_eq "$(json_get "$OUT" 'all(j["results"][i]["score"] >= j["results"][i+1]["score"] for i in range(len(j["results"])-1))')" "True" "ranked by score"
expect_eq "$(json_get "$OUT" 'j["results"][0]["relevance"]["score"] <= 1 and all(0 <= r["reach"]["score"] <= 1 and 0 <= r["resonance"]["score"] <= 1 for r in j["results"])')" "True" "parts in [0, 1]"
expect_eq "$(json_get "$OUT" 'len(j["associated_terms"]) > 0')" "True" "associated terms mined"

# French: the topic is stemmed for French and French accounts come back
expect_status 0 "$CLOUT" discover --topic "recettes de cuisine" --lang fr -n 10 -o json
expect_eq "$(json_get "$OUT" 'all(r["lang"] == "fr" for r in j["results"]) and sum("cooks" in r["handle"] for r in j["results"]) >= 8')" "True" "French topic finds French cooks"

# indirect relevance: a cutlery brand's word finds home cooks through associated terms
expect_status 0 "$CLOUT" discover --topic "knife" -n 30 -o json
expect_eq "$(json_get "$OUT" 'any(r["relevance"]["bm25_direct"] == 0 and r["relevance"]["bm25_indirect"] > 0 for r in j["results"]) or j["candidates"] > sum(1 for r in j["results"] if r["relevance"]["bm25_direct"] > 0)')" "True" "accounts found through associated terms"

# filters
expect_status 0 "$CLOUT" discover --topic fitness --platform instagram --tier micro -n 50 -o json
expect_eq "$(json_get "$OUT" 'len(j["results"]) > 0 and all(r["platform"] == "instagram" and r["tier"] == "micro" and 10000 <= r["followers"] < 100000 for r in j["results"])')" "True" "platform and tier filters"
expect_status 0 "$CLOUT" discover --topic travel --min-followers 5000 --max-followers 20000 --max-price 100 -n 50 -o json
expect_eq "$(json_get "$OUT" 'all(5000 <= r["followers"] <= 20000 and (r["price"] is None or r["price"] <= 100) for r in j["results"])')" "True" "follower and price bounds"
expect_status 0 "$CLOUT" discover --topic gaming --exclude all -n 200 -o json
expect_eq "$(json_get "$OUT" 'all(not r["flags"] for r in j["results"])')" "True" "--exclude all drops flagged accounts"

# planted problems are flagged (measured over every account that matches one of the topics)
for t in "home cooking" fitness travel tech fashion beauty gaming finance parenting gardening; do
  "$CLOUT" discover --topic "$t" --no-expansion -n 100000 -o csv
done > all.csv
out=$(python3 - <<'PY'
import csv
planted = {}
for line in open('s/planted.tsv').read().split('\n')[1:]:
    if line: p, i, k = line.split('\t'); planted[i] = k
seen = {}
for r in csv.DictReader(l for l in open('all.csv') if not l.startswith('rank,') or True):
    if r['rank'] == 'rank': continue
    seen[r['id']] = r['flags']
res = []
for prob, flag in (('bought_followers', 'suspicious-growth'), ('engagement_pod', 'engagement-anomaly'), ('dormant', 'dormant')):
    tp = sum(flag in f and planted.get(i) == prob for i, f in seen.items())
    fp = sum(flag in f and planted.get(i) != prob for i, f in seen.items())
    fn = sum(flag not in f and planted.get(i) == prob for i, f in seen.items())
    res.append(int(tp / max(tp + fp, 1) >= 0.9 and tp / max(tp + fn, 1) >= 0.75))
print(*res)
PY
)
expect_eq "$out" "1 1 1" "planted problems: precision >= 0.9 and recall >= 0.75 for each flag"

# errors
expect_status 64 "$CLOUT" discover
expect_contains "$ERR" "--topic is required" "missing topic"
expect_status 64 "$CLOUT" discover --topic x --tier giga
expect_contains "$ERR" "tier: 'giga'" "bad tier"
expect_status 64 "$CLOUT" discover --topic "!!! ???"
expect_contains "$ERR" "no searchable words" "topic without words"
expect_status 64 "$CLOUT" discover --topic x --min-followers 10 --max-followers 5
expect_status 66 "$CLOUT" discover --topic x -w nosuchworkspace
finish

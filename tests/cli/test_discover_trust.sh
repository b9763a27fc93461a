#!/usr/bin/env bash
# `clout discover` as a marketer relies on it, on generated data with planted communities (clout gen:
# ten topics, each account's handle names its community, planted.tsv lists the planted fakes):
# precision at 20 of each topic's community, no planted fake in the top 50, the audience and
# relevance floors, the languages searched, normalised weights in the footer, and bad filters refused.
. "$(dirname "$0")/lib.sh"
set -e
expect_status 0 "$CLOUT" gen -o s -n 3000 --seed 3 -q
expect_status 0 "$CLOUT" import -q s/accounts.jsonl s/posts.jsonl s/edges.jsonl

# planted communities: topic (as people write it) -> the handle word of its community
check_topic() { # TOPIC WORD
  "$CLOUT" discover --topic "$1" -n 50 -o json > "$SCRATCH/r.json"
  python3 - "$SCRATCH/r.json" "$2" <<'PY'
import json, sys
j = json.load(open(sys.argv[1])); word = sys.argv[2]
planted = {}
for line in open('s/planted.tsv').read().split('\n')[1:]:
    if line:
        p, i, k = line.split('\t'); planted[i] = k
r = j["results"]
p20 = sum(("_" + word) in x["handle"] for x in r[:20]) / 20
fakes = [x["handle"] for x in r if planted.get(x["id"]) in ("bought_followers", "engagement_pod")]
small = [x["handle"] for x in r if x["followers"] < 1000]
print("%.2f %d %d" % (p20, len(fakes), len(small)))
PY
}
for pair in "home cooking:cooks" fitness:fit travel:travels tech:tech fashion:style beauty:glow gaming:plays \
            investing:money parenting:family gardening:grows; do
  topic=${pair%%:*} word=${pair##*:}
  read -r p20 fakes small < <(check_topic "$topic" "$word")
  python3 -c "import sys; sys.exit(0 if float('$p20') >= 0.9 else 1)" && pass || fail "$topic: precision at 20 is $p20"
  expect_eq "$fakes" "0" "$topic: no planted fake in the top 50"
  expect_eq "$small" "0" "$topic: nobody under 1,000 followers by default"
done

# the audience floor is overridable
expect_status 0 "$CLOUT" discover --topic fitness --min-followers 0 -n 200 -o json
expect_eq "$(json_get "$OUT" 'any(r["followers"] < 1000 for r in j["results"]) and j["min_followers"] == 0')" "True" "--min-followers 0 lifts the floor"

# languages: unsupported or malformed codes are usage errors listing the supported ones
for bad in de EN "" "en,"; do
  expect_status 64 "$CLOUT" discover --topic cooking --lang "$bad"
  expect_contains "$ERR" "en, fr" "--lang '$bad' lists the supported languages"
done
# without --lang the topic's language decides, and associated terms are mined in it
expect_status 0 "$CLOUT" discover --topic cooking -n 50 -o json
expect_eq "$(json_get "$OUT" 'j["langs"] == "en" and all(r["lang"] == "en" for r in j["results"])')" "True" "English topic, English accounts"
expect_eq "$(json_get "$OUT" 'not any(w in j["associated_terms"] for w in ("recette", "faitmaison", "batch"))')" "True" "associated terms in English"
# terms as people wrote them: words, not stems
expect_eq "$(json_get "$OUT" 'j["terms"] == "cooking" and j["stems"] == "cook" and "recipe" in j["associated_terms"] and "recip " not in j["associated_terms"]')" "True" "terms as written"
expect_status 0 "$CLOUT" discover --topic "recette" -n 20 -o json
expect_eq "$(json_get "$OUT" 'j["langs"] == "fr" and all(r["lang"] == "fr" for r in j["results"])')" "True" "French topic, French accounts"
expect_status 0 "$CLOUT" discover --topic "cooking recette" --lang en,fr -n 40 -o json
expect_eq "$(json_get "$OUT" 'sorted(set(r["lang"] for r in j["results"]))')" "['en', 'fr']" "a mix of languages asked"

# the relevance floor: nobody under it; a floor nobody reaches gives an empty list that says so
expect_status 0 "$CLOUT" discover --topic smartphone --tier mega -n 50 -o json
expect_eq "$(json_get "$OUT" 'all(r["relevance"]["score"] >= 0.25 for r in j["results"])')" "True" "relevance floor holds"
expect_status 0 "$CLOUT" discover --topic cooking --min-followers 100000000 -o table
expect_contains "$OUT" "no account matches 'cooking'" "empty result says so"
expect_contains "$OUT" "--min-followers 0" "empty result names the way out"
expect_status 0 "$CLOUT" discover --topic "zzyzx" -o table
expect_contains "$OUT" "uses the topic's words" "no match at all says why"

# custom weights: normalised, the footer prints the formula used, scores stay in [0, 1]
expect_status 0 "$CLOUT" discover --topic cooking --w-relevance 0.2 --w-reach 0.7 --w-resonance 0.1 -o table
expect_contains "$OUT" "score = (0.20 relevance + 0.70 reach + 0.10 resonance) x flag penalty" "footer formula"
expect_status 0 "$CLOUT" discover --topic cooking --w-relevance 2 --w-reach 7 --w-resonance 1 -o json
expect_eq "$(json_get "$OUT" 'all(abs(r["score"] - (0.2*r["relevance"]["score"] + 0.7*r["reach"]["score"] + 0.1*r["resonance"]["score"]) * r["penalty"]) < 1e-4 and r["score"] <= 1 for r in j["results"])')" "True" "weights normalised"

# unknown filter values are errors, not an empty table
expect_status 64 "$CLOUT" discover --topic cooking --country ZZ
expect_contains "$ERR" "country: no account from 'ZZ'" "unknown country"
expect_status 64 "$CLOUT" discover --topic cooking --platform myspace
expect_contains "$ERR" "platform: no account of platform 'myspace'" "unknown platform"

# the table: legend, separators, price, currency, country; "N matched" counts what the list holds
expect_status 0 "$CLOUT" discover --topic "home cooking" -n 10 -o table
expect_contains "$OUT" "rel: relevance" "legend"
expect_contains "$OUT" "viral-outlier" "flags in the legend"
expect_contains "$OUT" "EUR " "currency shown"
python3 - "$OUT" <<'PY' && pass || fail "followers with thousands separators"
import re, sys
rows = [l for l in sys.argv[1].split('\n') if re.match(r'^\d+ ', l)]
sys.exit(0 if rows and all(re.search(r'\d{1,3}(,\d{3})+ ', l) or re.search(r' \d{1,3} ', l) for l in rows) else 1)
PY
expect_status 0 "$CLOUT" discover --topic "home cooking" -n 1 -o json
matched=$(json_get "$OUT" 'j["matched"]')
expect_status 0 "$CLOUT" discover --topic "home cooking" -n 100000 -o csv
expect_eq "$(($(printf '%s\n' "$OUT" | wc -l) - 1))" "$matched" "matched is the number of accounts a full list holds"
expect_status 0 "$CLOUT" discover --topic "home cooking" -n 10 -o table
expect_contains "$OUT" "10 shown of $matched accounts matched" "footer counts"
finish

#!/usr/bin/env bash
# `clout gen`: deterministic for a seed, realistic shape (heavy tail, engagement falling with
# audience size, EN and FR, planted problems), and importable as it is.
. "$(dirname "$0")/lib.sh"
set -e
expect_status 0 "$CLOUT" gen -o a -n 3000 --seed 7
expect_status 0 "$CLOUT" gen -o b -n 3000 --seed 7
expect_status 0 "$CLOUT" gen -o c -n 3000 --seed 8
cmp -s a/posts.jsonl b/posts.jsonl && cmp -s a/edges.jsonl b/edges.jsonl && pass || fail "same seed, same bytes"
cmp -s a/posts.jsonl c/posts.jsonl && fail "another seed gives other data" || pass
out=$(python3 - a <<'PY'
import json, math, statistics, sys
d = sys.argv[1]
acc = {}
for line in open(d + '/accounts.jsonl'):
    a = json.loads(line); acc[a['id']] = a
f = sorted(a['followers'] for a in acc.values())
nano = sum(x < 10000 for x in f) / len(f)
micro = sum(10000 <= x < 100000 for x in f) / len(f)
per = {}
langs = set()
for line in open(d + '/posts.jsonl'):
    p = json.loads(line); langs.add(p['lang'])
    if p.get('kind') == 'reply': continue
    per.setdefault(p['author'], []).append((p['likes'] + p['comments'] + p['shares']) / acc[p['author']]['followers'])
small = [statistics.mean(v) for k, v in per.items() if acc[k]['followers'] < 1000]
big = [statistics.mean(v) for k, v in per.items() if acc[k]['followers'] > 100000]
print(int(0.5 < nano < 0.9), int(0.1 < micro < 0.4), int(f[-1] > 50 * f[len(f) // 2]),
      int(statistics.median(small) > 2 * statistics.median(big)), int(0.05 < statistics.median(small) < 0.12),
      int(langs == {'en', 'fr'}))
PY
)
expect_eq "$out" "1 1 1 1 1 1" "nano majority, micro band, heavy tail, engagement falls with size, ~8% under 1k, EN+FR"
expect_eq "$(tail -n +2 a/planted.tsv | cut -f3 | sort -u | tr '\n' ' ')" "bought_followers dormant engagement_pod " "three planted problems"
expect_status 0 "$CLOUT" import -o json a/accounts.jsonl a/posts.jsonl a/edges.jsonl
expect_eq "$(json_get "$OUT" 'j["rejected"]')" "0" "generated data imports cleanly"
expect_status 64 "$CLOUT" gen -o d -n 5
expect_contains "$ERR" "accounts must be between" "too few accounts"
expect_status 64 "$CLOUT" gen -o d --posts -1
finish

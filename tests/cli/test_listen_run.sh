#!/usr/bin/env bash
# test_listen_run.sh: `clout listen run` on files (one transaction each: a bad record leaves the
# store unchanged), stdin, and --follow (appends, rotation, truncation, SIGTERM); a listener
# killed mid-stream and restarted loses no mention and stores none twice; on a stream shaped like
# the SNAP Higgs activity log the spike alert fires at the announcement and not on ordinary days;
# the inbox, alerts, sov and partner commands refuse bad input with a usage or data error.
source "$(dirname "$0")/lib.sh"

count() { db_query "$STORE" "SELECT COUNT(*) FROM listen_mention"; }
distinct() { db_query "$STORE" "SELECT COUNT(*) FROM (SELECT DISTINCT rule_id, post_id FROM listen_mention) d"; }
# wait_for CMD WANT: polls until CMD prints WANT (bounded: the test fails rather than hangs)
wait_for() {
  local i
  for i in $(seq 1 300); do
    [ "$($1)" = "$2" ] && return 0
    sleep 0.1
  done
  return 1
}
post() { # ID TEXT [TIME]
  printf '{"type":"post","platform":"twitter","id":"%s","author":"1","created_at":%s,"text":"%s"}\n' "$1" "${3:-1767225600}" "$2"
}

expect_status 0 "$CLOUT" listen rule add acme 'acme OR #acme'
expect_status 0 "$CLOUT" listen rule rm acme
expect_status 66 "$CLOUT" listen run /dev/null
expect_contains "$ERR" "no listening rule" "a workspace without rules says so"
expect_status 0 "$CLOUT" listen rule add acme 'acme OR #acme'
expect_status 66 "$CLOUT" listen run missing.jsonl
expect_contains "$ERR" "missing.jsonl" "a missing file is named"

# files: one transaction each
{ post a1 "acme one"; post a2 "nothing"; post a3 "#acme three"; } >good.jsonl
{ post b1 "acme four"; echo '{"type":"post","platform":"twitter","id":"b2","author":"1","text":"acme","likes":-1}'; } >bad.jsonl
expect_status 65 "$CLOUT" listen run bad.jsonl
expect_contains "$ERR" "bad.jsonl:2:" "a bad record is named by file and line"
expect_eq "$(count)" 0 "a refused file stores nothing"
expect_status 0 "$CLOUT" listen run good.jsonl
expect_contains "$OUT" "3 posts, 2 matched, 2 mentions stored (0 already)" "the summary"
expect_status 0 "$CLOUT" listen run -o json good.jsonl
expect_eq "$OUT" "" "a re-run stores (and prints) no mention"
expect_contains "$ERR" "0 mentions stored (2 already)" "the re-run's summary"
expect_status 0 "$CLOUT" listen run --skip-bad bad.jsonl
expect_contains "$ERR" "bad.jsonl:2:" "--skip-bad reports the bad record"
expect_eq "$(count)" 3 "--skip-bad stores the good ones"

# stdin
set +e
out=$( { post s1 "acme from stdin"; post s2 "no"; } | "$CLOUT" listen run -o json - 2>"$SCRATCH/err")
rc=$?
set -e
expect_eq "$rc" 0 "stdin: exit status"
expect_eq "$(json_get "$out" 'j["post"]')" "s1" "stdin: the new mention on stdout as JSON"
set +e
{ post s3 "acme ok"; echo '{"type":"post",'; post s4 "acme late"; } | "$CLOUT" listen run - >/dev/null 2>"$SCRATCH/err"
rc=$?
set -e
expect_eq "$rc" 65 "stdin: a bad record stops the listener"
expect_contains "$(cat "$SCRATCH/err")" "<stdin>:2:" "stdin: named by line"
expect_eq "$(db_query "$STORE" "SELECT COUNT(*) FROM listen_mention WHERE post_ext_id = 's3'")" 1 "stdin: what came before it is stored"

# --follow: appends, rotation, truncation, SIGTERM
post f1 "acme follow one" >live.jsonl
"$CLOUT" listen run --follow live.jsonl >"$SCRATCH/follow.out" 2>"$SCRATCH/follow.err" &
pid=$!
wait_for count 6 && pass || fail "follow: the file's first post is stored"
post f2 "acme appended" >>live.jsonl
wait_for count 7 && pass || fail "follow: an appended post is stored"
mv live.jsonl live.jsonl.1
post f3 "acme after rotation, with a long text so that the next file is shorter" >live.jsonl
wait_for count 8 && pass || fail "follow: the new file after rotation is read"
: >live.jsonl
post f4 "#acme" >>live.jsonl
wait_for count 9 && pass || fail "follow: a truncated file is read from its start"
expect_status 0 "$CLOUT" listen rule add kettle 'kettle'
post f5 "my kettle" >>live.jsonl
wait_for count 10 && pass || fail "follow: a rule saved while listening is picked up"
kill -TERM "$pid"
set +e
wait "$pid"
rc=$?
set -e
expect_eq "$rc" 0 "follow: SIGTERM ends the listener cleanly"

# killed mid-stream, restarted: no loss, no duplicate
python3 -c '
import json
for i in range(8000):
    t = "acme kettle %d" % i if i % 4 == 0 else "other %d" % i
    print(json.dumps({"type": "post", "platform": "twitter", "id": "k%d" % i, "author": "2", "created_at": 1767225600 + i, "text": t}))
' >stream.jsonl
before=$(count)
python3 -c '
import sys, time
lines = open("stream.jsonl").readlines()
for i in range(0, len(lines), 200):
    sys.stdout.write("".join(lines[i:i + 200])); sys.stdout.flush(); time.sleep(0.1)
' 2>/dev/null | "$CLOUT" listen run - >/dev/null 2>&1 &
pid=$!
wait_for "eval [ \$(count) -gt $((before + 400)) ] && echo yes" yes && pass || fail "the stream is being stored"
kill -KILL "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
partial=$(count)
[ "$partial" -lt $((before + 4000)) ] && pass || fail "the listener was killed mid-stream ($partial)"
expect_status 0 "$CLOUT" listen run stream.jsonl
expect_eq "$(count)" $((before + 4000)) "after the restart every mention is stored (2,000 posts x 2 rules)"
expect_eq "$(distinct)" "$(count)" "and none twice"

# a stream shaped like the SNAP Higgs activity log (userA userB unix_time RT|MT|RE, 1-7 July 2012):
# a daily cycle, then the announcement's burst on 4 July from 08:00 UTC
fresh_store higgs
export CLOUT_DB=$STORE
python3 -c '
import json, math, random
rnd = random.Random(7)
start = 1341100800  # 2012-07-01 00:00 UTC
def poisson(lam):
    l, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rnd.random()
        if p <= l:
            return k
        k += 1
posts = []
for h in range(7 * 24):
    lam = 14 + 10 * math.sin(2 * math.pi * ((h % 24) - 6) / 24)
    if 3 * 24 + 8 <= h < 3 * 24 + 20:
        lam *= 15
    for _ in range(poisson(lam)):
        a, b = rnd.randrange(1, 300000), rnd.randrange(1, 300000)
        t = start + h * 3600 + rnd.randrange(3600)
        kind = rnd.choice(["RT", "MT", "RE"])
        text = {"RT": "RT @u%d: the #higgs boson search" % b, "MT": "@u%d what about the higgs" % b, "RE": "@u%d agreed, higgs" % b}[kind]
        posts.append((t, a, text))
posts.sort()  # the activity log is in time order
for n, (t, a, text) in enumerate(posts):
    print(json.dumps({"type": "post", "platform": "twitter", "id": "h%d" % n, "author": str(a), "created_at": t, "text": text}))
' >higgs.jsonl
expect_status 0 "$CLOUT" listen rule add higgs 'higgs OR #higgs'
expect_status 0 "$CLOUT" listen run -q higgs.jsonl
spikes=$(db_query "$STORE" "SELECT at FROM listen_alert WHERE kind = 'spike' ORDER BY at")
[ -n "$spikes" ] && pass || fail "the spike alert fires on the Higgs-shaped stream"
for at in $spikes; do
  if [ "$at" -ge 1341388800 ] && [ "$at" -lt 1341475200 ]; then pass; else fail "a spike alert outside the day after the announcement: $at"; fi
done
first=$(echo "$spikes" | head -1)
[ "$first" -ge 1341388800 ] && [ "$first" -lt 1341392400 ] && pass || fail "the first spike alert is in the announcement's first hour ($first)"

# the other commands' bad input
export CLOUT_DB=$STORE
expect_status 64 "$CLOUT" listen inbox assign x sam
expect_contains "$ERR" "ID: 'x' is not a positive whole number" "a bad id"
expect_status 66 "$CLOUT" listen inbox assign 999999 sam
expect_status 64 "$CLOUT" listen inbox reply 1
expect_contains "$ERR" "--note" "reply needs a note"
expect_status 0 "$CLOUT" listen inbox close 1
expect_status 65 "$CLOUT" listen inbox close 1
expect_contains "$ERR" "closed" "closing twice"
expect_status 64 "$CLOUT" listen inbox --team legal
expect_contains "$ERR" "team:" "an unknown team"
expect_status 64 "$CLOUT" listen inbox sla support high soon
expect_status 64 "$CLOUT" listen inbox sla support urgent 1h
expect_contains "$ERR" "priority:" "an unknown priority"
expect_status 0 "$CLOUT" listen inbox sla support high 10m
expect_contains "$("$CLOUT" listen inbox sla)" "support  high     600" "the SLA is set"
expect_status 64 "$CLOUT" listen alerts --kind weather
expect_status 64 "$CLOUT" listen sov --competitor higgs
expect_status 66 "$CLOUT" listen sov --brand nope
expect_status 0 "$CLOUT" listen sov --brand higgs --by week -o csv
expect_contains "$OUT" "2012-06-25,higgs," "weeks start on Monday"
# the issue's names are the same commands: clout inbox, clout alerts, clout report sov
expect_eq "$("$CLOUT" inbox -o csv)" "$("$CLOUT" listen inbox -o csv)" "clout inbox is clout listen inbox"
expect_eq "$("$CLOUT" alerts -o json)" "$("$CLOUT" listen alerts -o json)" "clout alerts is clout listen alerts"
expect_eq "$("$CLOUT" report sov --brand higgs --by week -o csv)" "$("$CLOUT" listen sov --brand higgs --by week -o csv)" "clout report sov is clout listen sov"
# --mine: the mentions of the acting user ($CLOUT_USER here)
"$CLOUT" user add zed --role support >/dev/null
expect_status 0 "$CLOUT" inbox assign 2 zed
expect_status 0 env CLOUT_USER=zed "$CLOUT" inbox --mine -o csv
expect_eq "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1)" "2" "--mine lists zed's one mention"
expect_status 64 "$CLOUT" inbox --mine --owner zed
expect_status 64 "$CLOUT" listen partner add
expect_status 0 "$CLOUT" listen partner add @Star
expect_status 65 "$CLOUT" listen partner add @star
expect_status 0 "$CLOUT" listen partner rm @STAR
expect_status 66 "$CLOUT" listen partner rm @star

# a person with a signed contract is a partner (disclosure) and tracked (influencer), whatever the reach
fresh_store contract
export CLOUT_DB=$STORE
printf '%s\n' '{"type":"account","platform":"instagram","id":"9","handle":"ben_bakes","followers":5000}' >ben.jsonl
expect_status 0 "$CLOUT" import -q ben.jsonl
expect_status 0 "$CLOUT" crm add ben --account @ben_bakes
expect_status 0 "$CLOUT" campaign create summer --goal awareness --start 2026-01-01 --end 2026-12-31 --budget 1000 --currency EUR
expect_status 0 "$CLOUT" campaign add summer ben
expect_status 0 "$CLOUT" listen rule add acme '#acme OR acme'
{
  printf '%s\n' '{"type":"post","platform":"instagram","id":"x1","author":"9","created_at":1767225600,"text":"love my #acme mixer"}'
} >ben1.jsonl
expect_status 0 "$CLOUT" listen run -q ben1.jsonl
expect_eq "$(db_query "$STORE" "SELECT kind FROM listen_alert ORDER BY id" | tr '\n' ' ')" "influencer " "no contract yet: no disclosure alert"
expect_status 0 "$CLOUT" contract create summer ben --flat 500 --status signed
{
  printf '%s\n' '{"type":"post","platform":"instagram","id":"x2","author":"9","created_at":1767229200,"text":"love my #acme mixer"}'
  printf '%s\n' '{"type":"post","platform":"instagram","id":"x3","author":"9","created_at":1767232800,"text":"love my #acme mixer #ad"}'
} >ben2.jsonl
expect_status 0 "$CLOUT" listen run -q ben2.jsonl
expect_eq "$(db_query "$STORE" "SELECT kind FROM listen_alert WHERE kind = 'disclosure'" | wc -l | tr -d ' ')" 1 "a signed contract: one disclosure alert (x2, not x3)"
expect_contains "$(db_query "$STORE" "SELECT detail FROM listen_alert WHERE kind = 'disclosure'")" '"post":"x2"' "for the post without #ad"
finish

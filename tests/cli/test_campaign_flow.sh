#!/usr/bin/env bash
# Campaigns beyond the acceptance scenario: a roster taken from `clout plan -o json` (its forecast
# kept and shown in the report; a seed that is nobody's account refused, nothing added), tracking
# links and promo codes for every member in one command (all or none), deliverables checked
# against their posts in the store (hashtags, disclosure, don't-words, on time) and counted in the
# report, mentions, sentiment and share of voice from listening, status changes, and the calendar as
# a table, JSON and iCalendar.
. "$(dirname "$0")/lib.sh"
set -e
fresh_store flow
export CLOUT_DB=$STORE

# ---- a roster from a plan ----
expect_status 0 "$CLOUT" gen -o s -n 400 --seed 5 -q
expect_status 0 "$CLOUT" import -q s/accounts.jsonl s/posts.jsonl s/edges.jsonl
expect_status 0 "$CLOUT" plan --from-store --kind follow --budget 3 --seed 2 -o json
printf %s "$OUT" > plan.json
mapfile -t SEEDS < <(json_get "$OUT" '"\n".join(s["id"].split(" ")[0] for s in j["seeds"])')
expect_eq "${#SEEDS[@]}" 3 "three seeds"
expect_status 0 "$CLOUT" campaign create autumn --goal awareness --budget 3 --currency EUR --start 2026-09-01 \
  --end 2026-10-31 --kpi reach=100000 --kpi clicks=50@2026-09-30
expect_status 0 "$CLOUT" crm add p0 --account "${SEEDS[0]}"
expect_status 0 "$CLOUT" crm add p1 --account "${SEEDS[1]}"
set +e
"$CLOUT" campaign add autumn --plan plan.json >"$SCRATCH/out" 2>"$SCRATCH/err"
got=$?
set -e
if [ "$got" -ne 0 ]; then pass; else fail "a plan with a seed that is nobody's account was taken"; fi
expect_contains "$(cat "$SCRATCH/err")" "plan: seeds[2]: account ${SEEDS[2]}" "the seed is named"
expect_eq "$(db_query "$STORE" "SELECT COUNT(*) FROM campaign_member")|$(db_query "$STORE" "SELECT COUNT(*) FROM campaign WHERE plan_forecast IS NOT NULL")" \
  "0|0" "nothing added, no forecast kept"
expect_status 0 "$CLOUT" crm add p2 --account "${SEEDS[2]}"
expect_status 0 "$CLOUT" campaign add autumn --plan plan.json
for p in p0 p1 p2; do expect_status 0 "$CLOUT" crm consent $p --opt-in --sharing brand; done
expect_status 0 "$CLOUT" campaign roster autumn -o csv
expect_eq "$(printf %s "$OUT" | cut -d, -f1,3 | tr '\n' ' ')" "person,source p0,plan p1,plan p2,plan " "the plan's seeds on the roster"
expect_status 0 "$CLOUT" campaign show autumn -o json
expect_eq "$(json_get "$OUT" 'sorted(j["plan_forecast"].keys())[:3], j["kpis"][1]')" \
  "['clicks', 'conversions', 'engagements'] {'metric': 'reach', 'target': '100000', 'deadline': '2026-10-31'}" \
  "the forecast is kept; a KPI's deadline is the end day unless given"
expect_status 0 "$CLOUT" report campaign autumn -o json
expect_eq "$(json_get "$OUT" 'j["forecast"] is not None, [r["plan"] is not None for r in j["rows"]]')" \
  "True [True, True, True]" "the report shows the plan's forecast beside the actuals"

# ---- links and codes for every member, all or none ----
expect_status 0 "$CLOUT" campaign links autumn --url https://shop.example/autumn --codes
expect_eq "$(printf %s "$OUT" | tail -n +2 | cut -d, -f1,2 | tr '\n' ' ')" "p0,autumn-p0 p1,autumn-p1 p2,autumn-p2 " \
  "a link per member"
expect_eq "$(db_query "$STORE" "SELECT COUNT(*) FROM track_link WHERE campaign = 'autumn'")|$(db_query "$STORE" "SELECT COUNT(*) FROM track_code WHERE campaign = 'autumn'")" \
  "3|3" "links and codes stored with the campaign"
expect_status 65 "$CLOUT" campaign links autumn --url https://shop.example/autumn
expect_contains "$ERR" "code: 'autumn-p0' is taken" "a second run is refused"
expect_eq "$(db_query "$STORE" "SELECT COUNT(*) FROM track_link")" "3" "and adds nothing"
expect_status 0 "$CLOUT" campaign create winter --goal sales --budget 1 --currency EUR --start 2026-12-01 --end 2026-12-31
expect_status 0 "$CLOUT" campaign add winter p0 p1
expect_status 0 "$CLOUT" code create WINTER-P1 --influencer @somebody
expect_status 65 "$CLOUT" campaign links winter --url https://shop.example/winter --codes
expect_contains "$ERR" "code: the promo code 'winter-p1' is taken" "a promo code taken is found before any write"
expect_eq "$(db_query "$STORE" "SELECT COUNT(*) FROM track_link WHERE campaign = 'winter'")" "0" "and no link was made"

# ---- deliverables checked against their posts ----
cat > dana.jsonl <<'JSONL'
{"type":"account","platform":"instagram","id":"81001","handle":"dana_knives","followers":20000}
{"type":"post","platform":"instagram","id":"DP1","author":"81001","text":"Autumn menu with my new knives #autumn #KnifeClub #ad","created_at":"2026-09-10T10:00:00Z","likes":300,"comments":20,"shares":10,"views":5000,"url":"https://instagram.example/p/DP1"}
{"type":"post","platform":"instagram","id":"DP2","author":"81001","text":"cheap knives, #autumn","created_at":"2026-09-25T10:00:00Z","likes":100,"comments":5,"shares":0,"views":2000}
JSONL
expect_status 0 "$CLOUT" import -q dana.jsonl
expect_status 0 "$CLOUT" crm add dana --account @dana_knives
expect_status 0 "$CLOUT" crm consent dana --opt-in --sharing brand
expect_status 0 "$CLOUT" contract create autumn dana --per-deliverable 250 --hashtag autumn --hashtag '#knifeclub' \
  --disclosure '#ad' --dont cheap --competitor "Blades Inc" --exclusive-from 2026-09-01 --exclusive-to 2026-12-31 -o json
expect_eq "$(json_get "$OUT" 'j["guidelines"]["hashtags"], j["exclusivity"]["competitors"], j["per_deliverable_fee"]')" \
  "['#autumn', '#knifeclub'] ['Blades Inc'] 250.00" "the contract's guidelines"
expect_status 0 "$CLOUT" contract deliverable autumn dana --platform instagram --format reel --due 2026-09-12 \
  --url https://instagram.example/p/DP1 -o json
expect_eq "$(json_get "$OUT" 'j["status"], j["check"]')" \
  "published {'hashtags_ok': True, 'disclosure_ok': True, 'donts_ok': True, 'exclusivity_ok': True, 'on_time': True, 'problems': None}" \
  "a post found by its URL passes every check"
expect_status 0 "$CLOUT" contract deliverable autumn dana --platform instagram --format post --due 2026-09-20 -o json
D2=$(json_get "$OUT" 'j["id"]')
expect_eq "$(json_get "$OUT" 'j["status"], j["check"]')" "draft None" "no post yet: not checked"
expect_status 0 "$CLOUT" contract update "$D2" --post instagram:DP2 -o json
expect_eq "$(json_get "$OUT" 'j["status"], j["check"]["problems"]')" \
  "late missing hashtag #knifeclub; no disclosure (#ad); don't-word 'cheap'; late by 5 day(s)" \
  "a post that misses the guidelines, five days late"
expect_status 66 "$CLOUT" contract update "$D2" --post instagram:NOPE
expect_contains "$ERR" "post: no post instagram:NOPE in the store" "an unknown post is named"
expect_status 0 "$CLOUT" contract show autumn dana -o table
expect_contains "$OUT" "check: missing hashtag #knifeclub" "the check is on the contract"
# dana: two deliverables at 250; posts: reach 20000 (one account), views 7000, engagements 435
expect_status 0 "$CLOUT" report campaign autumn -o json
expect_eq "$(json_get "$OUT" '[(r["name"], r["figures"]["reach"], r["figures"]["impressions"], r["figures"]["engagements"], r["figures"]["cost"]["fees"], r["figures"]["engagement_rate"], r["figures"]["cpe"], r["figures"]["cpm"]) for r in j["rows"] if r["name"] == "dana"]')" \
  "[('dana', 20000, 7000, 435, '500.00', 0.02175, '1.15', '71.43')]" "delivered posts counted in the report"
expect_eq "$(json_get "$OUT" '[(k["metric"], k["actual"]) for k in j["kpis"]]')" \
  "[('clicks', 0.0), ('reach', 20000.0)]" "KPIs read the totals"

# ---- listening: mentions, sentiment and share of voice over the campaign's days ----
cat > talk.jsonl <<'JSONL'
{"type":"account","platform":"twitter","id":"61","handle":"fan_one","followers":100}
{"type":"account","platform":"twitter","id":"62","handle":"fan_two","followers":200}
{"type":"post","platform":"twitter","id":"6001","author":"61","text":"love the #autumnknives, great!","lang":"en","created_at":"2026-09-05T10:00:00Z"}
{"type":"post","platform":"twitter","id":"6002","author":"62","text":"#autumnknives are awful and terrible","lang":"en","created_at":"2026-09-06T10:00:00Z"}
{"type":"post","platform":"twitter","id":"6003","author":"62","text":"#autumnknives on the table","lang":"en","created_at":"2026-10-06T10:00:00Z"}
{"type":"post","platform":"twitter","id":"6004","author":"62","text":"globex knives are fine","lang":"en","created_at":"2026-09-07T10:00:00Z"}
{"type":"post","platform":"twitter","id":"6005","author":"61","text":"#autumnknives, last year's","lang":"en","created_at":"2025-09-07T10:00:00Z"}
JSONL
expect_status 0 "$CLOUT" report campaign autumn -o json
expect_eq "$(json_get "$OUT" 'j["listening"]')" "None" "no rule named like the campaign: no listening figures"
expect_status 0 "$CLOUT" listen rule add autumn '#autumnknives' --kind campaign
expect_status 0 "$CLOUT" listen rule add globex globex --kind competitor
expect_status 0 "$CLOUT" listen run talk.jsonl
expect_status 0 "$CLOUT" campaign set autumn --kpi mentions=5 --kpi share_of_voice=0.5
# 3 campaign mentions in its days (last year's is out), 1 positive, 1 negative; globex 1: share 3/4
expect_status 0 "$CLOUT" report campaign autumn --as-of 2026-11-15 -o json
expect_eq "$(json_get "$OUT" '(lambda l: (l["mentions"], l["positive"], l["negative"], l["net_sentiment"], l["share_of_voice"], l["competitor_mentions"]))(j["listening"])')" \
  "(3, 1, 1, 0.0, 0.75, 1)" "mentions, sentiment and share of voice"
expect_eq "$(json_get "$OUT" '[(k["metric"], k["actual"], k["status"]) for k in j["kpis"] if k["metric"] in ("mentions", "share_of_voice")]')" \
  "[('mentions', 3.0, 'missed'), ('share_of_voice', 0.75, 'met')]" "listening KPIs"
expect_status 0 "$CLOUT" report campaign autumn --as-of 2026-11-15 -o csv
expect_contains "$OUT" "$(printf 'listening,mentions,positive,neutral,negative,net_sentiment,share_of_voice,competitor_mentions,reach\nautumn,3,1,1,1,0,0.75,1,')" \
  "the CSV's listening line"

# ---- status, the calendar ----
expect_status 0 "$CLOUT" campaign set autumn --status active -o json
expect_eq "$(json_get "$OUT" 'j["status"]')" "active" "the campaign is active"
expect_status 64 "$CLOUT" campaign set autumn --status finished
expect_contains "$ERR" "status: 'finished' is not draft, active, paused, done or cancelled" "a bad status is named"
expect_status 0 "$CLOUT" contract status autumn dana signed --payment pending
expect_status 0 "$CLOUT" calendar --campaign autumn -o json
expect_eq "$(json_get "$OUT" '[(e["date"], e["kind"]) for e in j["events"]]')" \
  "[('2026-09-01', 'campaign-start'), ('2026-09-12', 'deliverable-due'), ('2026-09-20', 'deliverable-due'), ('2026-09-30', 'kpi-deadline'), ('2026-10-31', 'campaign-end'), ('2026-10-31', 'kpi-deadline'), ('2026-10-31', 'kpi-deadline'), ('2026-10-31', 'kpi-deadline')]" \
  "the calendar's events by day"
expect_status 0 "$CLOUT" calendar --from 2026-09-10 --to 2026-09-30 -o table
expect_eq "$(printf '%s\n' "$OUT" | tail -n +2 | cut -c1-10 | tr '\n' ' ')" "2026-09-12 2026-09-20 2026-09-30 " \
  "--from and --to include their days"
expect_status 0 "$CLOUT" calendar --campaign autumn -o ics
ICS=$OUT
expect_eq "$(printf %s "$ICS" | grep -c '^BEGIN:VEVENT')" "8" "one VEVENT per event"
expect_eq "$(printf '%s\n' "$ICS" | grep -vc $'\r$')" "0" "every line ends with CRLF"
expect_contains "$ICS" "UID:deliverable-" "events have UIDs"
expect_contains "$ICS" "DTSTART;VALUE=DATE:20260912" "all-day dates"
expect_status 64 "$CLOUT" calendar --from 2026/09/01
expect_contains "$ERR" "from: '2026/09/01' is not a date" "a bad date is named"
finish

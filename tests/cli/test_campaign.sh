#!/usr/bin/env bash
# The acceptance scenario of campaigns (issue 11) through the real binary and a real `clout serve`
# on loopback: people with consent and sharing rights, a campaign with KPI targets, contracts, a
# gift, tracking links, human clicks through /r/CODE and orders posted with their click ids; every
# figure of the report checked against values worked out by hand; the shared CSV and JSON hold
# no trace of the withheld person; bad input is refused by name and changes nothing.
. "$(dirname "$0")/lib.sh"
set -e
fresh_store campaign
export CLOUT_DB=$STORE
cat > accounts.jsonl <<'JSONL'
{"type":"account","platform":"instagram","id":"71001","handle":"anna_cooks","followers":12000}
{"type":"account","platform":"instagram","id":"71002","handle":"ben_bakes","followers":8000}
{"type":"account","platform":"youtube","id":"71003","handle":"carl_grills","followers":500}
JSONL
expect_status 0 "$CLOUT" import accounts.jsonl

# ---- people, consent, the campaign, contracts, a gift, links (as written in the issue) ----
expect_status 0 "$CLOUT" crm add anna --account @anna_cooks
expect_status 0 "$CLOUT" crm consent anna --opt-in --sharing none
expect_status 0 "$CLOUT" crm add ben --account @ben_bakes
expect_status 0 "$CLOUT" crm consent ben --opt-in --sharing public
expect_status 0 "$CLOUT" crm add carl --account @carl_grills
expect_status 0 "$CLOUT" crm consent carl --opt-out
set +e
"$CLOUT" crm log carl --kind gift --value 10 --currency EUR >/dev/null 2>"$SCRATCH/err"
got=$?
set -e
if [ "$got" -ne 0 ]; then pass; else fail "a gift to carl, who opted out, was logged"; fi
expect_status 0 "$CLOUT" campaign create spring --goal sales --budget 10000 --currency EUR \
  --start 2026-03-01 --end 2026-04-30 --kpi conversions=5 --kpi roi=1.0
expect_status 0 "$CLOUT" campaign add spring anna ben
expect_status 0 "$CLOUT" contract create spring anna --flat 1000
expect_status 0 "$CLOUT" contract create spring ben --flat 500 --commission 10%
expect_status 0 "$CLOUT" crm log ben --kind gift --product "knife set" --value 80 --currency EUR
expect_status 0 "$CLOUT" link create --url https://shop.example/p --code ben1 --influencer @ben_bakes --campaign spring
expect_status 0 "$CLOUT" link create --url https://shop.example/p --code anna1 --influencer @anna_cooks --campaign spring

# ---- a real server on loopback: 10 human clicks on /r/ben1, 5 on /r/anna1, orders with click ids ----
expect_status 0 "$CLOUT" user add shop --role support --password-stdin --password-cost min <<<"shop-password-1"
expect_status 0 "$CLOUT" token create --user shop
TOKEN=$OUT
: >"$SCRATCH/serve.log" # before the server's redirection opens it: the loop below reads it at once
"$CLOUT" serve --listen 127.0.0.1:0 --threads 2 2>"$SCRATCH/serve.log" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; cleanup' EXIT
PORT=
for _ in $(seq 1 200); do
  PORT=$(sed -n 's/^listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$SCRATCH/serve.log")
  [ -n "$PORT" ] && break
  sleep 0.05
done
[ -n "$PORT" ] || { echo "clout serve did not start: $(cat "$SCRATCH/serve.log")" >&2; exit 1; }
BROWSER="Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
click() { # CODE: follows /r/CODE as a browser; prints the click id from the redirect
  curl -s -o /dev/null -D - -A "$BROWSER" "http://127.0.0.1:$PORT/r/$1" | tr -d '\r' |
    sed -n 's/^[Ll]ocation: .*clout_click=\([0-9]*\).*/\1/p'
}
BEN_CLICKS=()
for _ in $(seq 1 10); do BEN_CLICKS+=("$(click ben1)"); done
ANNA_CLICKS=()
for _ in $(seq 1 5); do ANNA_CLICKS+=("$(click anna1)"); done
expect_eq "${#BEN_CLICKS[@]} ${#ANNA_CLICKS[@]}" "10 5" "clicks made"
[ -n "${BEN_CLICKS[9]}" ] && [ -n "${ANNA_CLICKS[4]}" ] && pass || fail "a redirect carried no clout_click id"
order() { # ORDER AMOUNT CLICK: posts a conversion; prints the status
  curl -s -o "$SCRATCH/order.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"order_id\":\"$1\",\"amount\":\"$2\",\"currency\":\"EUR\",\"click_id\":$3}" \
    "http://127.0.0.1:$PORT/api/v1/conversions"
}
expect_eq "$(order B-1 100 "${BEN_CLICKS[2]}")" 201 "order B-1 from a ben1 click"
expect_eq "$(order B-2 100.00 "${BEN_CLICKS[7]}")" 201 "order B-2 from a ben1 click"
expect_eq "$(order A-1 300 "${ANNA_CLICKS[1]}")" 201 "order A-1 from an anna1 click"
kill "$SERVER"
wait "$SERVER" || true

# ---- the report, every figure by hand ----
# clicks 10 + 5; conversions 2 + 1; revenue 200 + 300; cost: fees 1000 + 500, gift 80, 10% of 200 = 20
expect_status 0 "$CLOUT" report campaign spring -o json
REPORT=$OUT
expect_eq "$(json_get "$REPORT" 'j["totals"]["clicks"], j["totals"]["conversions"], j["totals"]["conversion_rate"]')" \
  "15 3.0 0.2" "clicks, conversions and the conversion rate"
expect_eq "$(json_get "$REPORT" 'j["currency"], j["totals"]["revenue"], j["totals"]["cost"]')" \
  "EUR 500.00 {'fees': '1500.00', 'gifts': '80.00', 'commission': '20.00', 'total': '1600.00'}" "revenue and cost"
expect_eq "$(json_get "$REPORT" 'j["totals"]["roi"]')" "-0.6875" "ROI = (500 - 1600) / 1600"
expect_eq "$(json_get "$REPORT" 'j["totals"]["cpc"], j["totals"]["cpa"]')" "106.67 533.33" "CPC and CPA"
expect_eq "$(json_get "$REPORT" '[(k["metric"], k["target"], k["actual"]) for k in j["kpis"]]')" \
  "[('conversions', '5', 3.0), ('roi', '1.0', -0.6875)]" "KPIs against their targets"
expect_contains "at-risk missed" "$(json_get "$REPORT" '[k["status"] for k in j["kpis"] if k["metric"] == "conversions"][0]')" \
  "the conversions KPI (5) is at risk or missed"
expect_status 0 "$CLOUT" report campaign spring --as-of 2026-05-15 -o json
expect_eq "$(json_get "$OUT" '[(k["metric"], k["status"]) for k in j["kpis"]]')" \
  "[('conversions', 'missed'), ('roi', 'missed')]" "after the deadline, both KPIs are missed"
expect_status 0 "$CLOUT" report campaign spring --as-of 2026-03-20 -o json
expect_eq "$(json_get "$OUT" '[(k["metric"], k["status"]) for k in j["kpis"]]')" \
  "[('conversions', 'on-track'), ('roi', 'at-risk')]" "before the deadline: 3 of 5 on pace, a ratio below target at risk"
# ben's row; anna (sharing none) is withheld even from the workspace's own report
expect_eq "$(json_get "$REPORT" '[(r["row"], r["name"], r["handles"], r["figures"]["clicks"], r["figures"]["revenue"], r["figures"]["cost"]["total"]) for r in j["rows"]]')" \
  "[('member', 'ben', '@ben_bakes', 10, '200.00', '600.00'), ('withheld', None, None, 5, '300.00', '1000.00')]" \
  "rows: ben (500 + 80 + 20), the withheld row (anna's 1000)"

# ---- --share: no trace of anna (name, handle, account id, link code), ben present ----
expect_status 0 "$CLOUT" report campaign spring --share -o csv
SHARED=$OUT
expect_contains "$SHARED" "ben" "the shared CSV holds ben"
expect_contains "$SHARED" "@ben_bakes" "the shared CSV holds ben's handle"
expect_contains "$SHARED" "total,,,,,,15,,3,0.2,EUR,500.00,1500.00,80.00,20.00,1600.00,-0.6875" "the shared CSV's totals"
for trace in anna anna_cooks 71001 anna1; do
  case "$(printf %s "$SHARED" | tr 'A-Z' 'a-z')" in *"$trace"*) fail "the shared CSV holds '$trace'" ;; *) pass ;; esac
done
for format in json table; do
  expect_status 0 "$CLOUT" report campaign spring --share -o "$format"
  expect_contains "$OUT" "ben" "the shared $format holds ben"
  for trace in anna anna_cooks 71001 anna1; do
    case "$(printf %s "$OUT" | tr 'A-Z' 'a-z')" in *"$trace"*) fail "the shared $format holds '$trace'" ;; *) pass ;; esac
  done
done
expect_status 0 "$CLOUT" report person ben --share -o json
expect_eq "$(json_get "$OUT" '[(r["name"], r["figures"]["clicks"], r["figures"]["cost"]["total"]) for r in j["rows"]]')" \
  "[('spring', 10, '600.00')]" "ben's person report"
set +e
"$CLOUT" report person anna --share -o csv >"$SCRATCH/out" 2>"$SCRATCH/err"
got=$?
set -e
if [ "$got" -ne 0 ] && [ ! -s "$SCRATCH/out" ]; then pass; else fail "a shared report of anna was written"; fi

# ---- bad input: refused by name, nothing changed ----
before=$(db_query "$STORE" "SELECT (SELECT COUNT(*) FROM campaign), (SELECT COUNT(*) FROM contract), (SELECT COUNT(*) FROM deliverable), (SELECT COUNT(*) FROM campaign_member)")
refused() { # WHAT NEEDLE CMD...: CMD fails with NEEDLE on stderr
  local what=$1 needle=$2; shift 2
  set +e
  "$@" >"$SCRATCH/out" 2>"$SCRATCH/err"
  local got=$?
  set -e
  if [ "$got" -eq 0 ]; then fail "$what: exited 0"; else pass; fi
  expect_contains "$(cat "$SCRATCH/err")" "$needle" "$what"
}
refused "unknown person" "no person 'dora'" "$CLOUT" contract create spring dora --flat 100
refused "unknown person on the roster" "no person 'dora'" "$CLOUT" campaign add spring ben dora
refused "negative fee" "flat: -5 is negative" "$CLOUT" contract create spring carl --flat -5
refused "unknown currency" "currency: 'EUX' is not an ISO 4217 currency code" \
  "$CLOUT" campaign create autumn --goal sales --budget 100 --currency EUX --start 2026-09-01 --end 2026-10-31
refused "another currency" "currency: the campaign is in EUR, the contract in USD" "$CLOUT" contract create spring carl --flat 5 --currency USD
refused "due date format" "due: '30/04/2026' is not a date (YYYY-MM-DD)" \
  "$CLOUT" contract deliverable spring ben --platform instagram --format reel --due 30/04/2026
refused "start date format" "start: '2026-3-1' is not a date (YYYY-MM-DD)" \
  "$CLOUT" campaign create autumn --goal sales --budget 100 --currency EUR --start 2026-3-1 --end 2026-10-31
refused "unknown goal" "goal: 'fame' is not" \
  "$CLOUT" campaign create autumn --goal fame --budget 100 --currency EUR --start 2026-09-01 --end 2026-10-31
refused "unknown KPI" "kpi: 'likes' is not a metric" \
  "$CLOUT" campaign create autumn --goal sales --budget 100 --currency EUR --start 2026-09-01 --end 2026-10-31 --kpi likes=5
refused "unknown format" "format: 'tweetstorm' is not" \
  "$CLOUT" contract deliverable spring ben --platform instagram --format tweetstorm --due 2026-04-01
refused "commission" "commission: '10 percent' is not a percentage" "$CLOUT" contract create spring carl --commission "10 percent"
refused "two contracts" "'ben' has a contract on 'spring' already" "$CLOUT" contract create spring ben --flat 1
expect_eq "$(db_query "$STORE" "SELECT (SELECT COUNT(*) FROM campaign), (SELECT COUNT(*) FROM contract), (SELECT COUNT(*) FROM deliverable), (SELECT COUNT(*) FROM campaign_member)")" \
  "$before" "bad input changed nothing"
expect_eq "$before" "1|2|0|2" "one campaign, two contracts, no deliverable, two members"

# ---- the calendar is an export: anna (sharing none) is withheld there too ----
expect_status 0 "$CLOUT" contract deliverable spring anna --platform instagram --format reel --due 2026-04-10
expect_status 0 "$CLOUT" contract deliverable spring ben --platform instagram --format post --due 2026-04-12
for format in json ics; do
  expect_status 0 "$CLOUT" calendar --campaign spring -o "$format"
  expect_contains "$OUT" "reel on instagram by withheld" "the $format calendar withholds anna"
  expect_contains "$OUT" "post on instagram by ben" "the $format calendar names ben"
  case "$(printf %s "$OUT" | tr 'A-Z' 'a-z')" in *anna*) fail "the $format calendar names anna" ;; *) pass ;; esac
done

# ---- the writes are in the audit log ----
expect_status 0 "$CLOUT" audit -o csv
expect_contains "$OUT" "campaign.create" "campaign create audited"
expect_contains "$OUT" "contract.create" "contract create audited"
finish

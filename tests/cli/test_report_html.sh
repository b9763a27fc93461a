#!/usr/bin/env bash
# The printable report (issue 11 part 5, issue 13): `clout report campaign NAME -o html` and
# `clout report person PERSON -o html` write one self-contained HTML file: nothing loaded from the
# network, the figures in plain HTML tables, the report JSON in a script element that cannot be
# broken out of, and under --share no trace of a person withheld by their sharing right. The
# browser test (web/test/browser.mjs) opens such a file and checks that the charts are drawn.
. "$(dirname "$0")/lib.sh"
set -e
fresh_store report_html
export CLOUT_DB=$STORE
cat > accounts.jsonl <<'JSONL'
{"type":"account","platform":"instagram","id":"71001","handle":"anna_cooks","followers":12000}
{"type":"account","platform":"instagram","id":"71002","handle":"ben_bakes","followers":8000}
JSONL
expect_status 0 "$CLOUT" import accounts.jsonl
expect_status 0 "$CLOUT" crm add anna --account @anna_cooks
expect_status 0 "$CLOUT" crm consent anna --opt-in --sharing brand
expect_status 0 "$CLOUT" crm add ben --account @ben_bakes
expect_status 0 "$CLOUT" crm consent ben --opt-in --sharing public
expect_status 0 "$CLOUT" campaign create spring --goal sales --budget 10000 --currency EUR \
  --start 2026-03-01 --end 2026-04-30 --kpi conversions=5 --kpi roi=1.0
expect_status 0 "$CLOUT" campaign add spring anna ben
expect_status 0 "$CLOUT" contract create spring anna --flat 1000
expect_status 0 "$CLOUT" contract create spring ben --flat 500 --commission 10%
expect_status 0 "$CLOUT" link create --url https://shop.example/p --code ben1 --influencer @ben_bakes --campaign spring
expect_status 0 "$CLOUT" link create --url https://shop.example/p --code anna1 --influencer @anna_cooks --campaign spring

# self_contained FILE WHAT: one HTML document that loads nothing (no src/href to a URL, no <link>)
self_contained() {
  local html=$1 what=$2
  case "$html" in "<!doctype html>"*) pass ;; *) fail "$what does not start with <!doctype html>" ;; esac
  case "$html" in *"</html>") pass ;; *) fail "$what does not end with </html>" ;; esac
  if printf %s "$html" | grep -Eiq '<(script|link|img|iframe)[^>]*(src|href)='; then
    fail "$what loads a file: $(printf %s "$html" | grep -Eio '<(script|link|img|iframe)[^>]*(src|href)=[^>]*' | head -3)"
  else pass; fi
  if printf %s "$html" | grep -Eiq '<link|@import|url\(https?:'; then fail "$what refers to an outside style sheet"; else pass; fi
  # the JSON element parses, and nothing in it closes the script element
  if printf %s "$html" | python3 -c "$CHECK_JSON"; then pass; else fail "$what: the embedded report JSON"; fi
}
CHECK_JSON='
import json, re, sys
html = sys.stdin.read()
m = re.search(r"<script type=\"application/json\" id=\"report\">(.*?)</script>", html, re.S)
assert m, "no report JSON element"
assert "<" not in m.group(1), "a raw < in the JSON element"
j = json.loads(m.group(1))
assert j["kind"] in ("campaign", "person"), j["kind"]
'

# ---- a clout built without node and npm has no chart script: it refuses, and writes nothing ----
set +e
"$CLOUT" report campaign spring -o html >"$SCRATCH/out" 2>"$SCRATCH/err"
got=$?
set -e
if [ "$got" -eq 69 ]; then
  expect_contains "$(cat "$SCRATCH/err")" "the HTML report needs the web part of clout, which was not built" "the refusal says why"
  expect_eq "$(cat "$SCRATCH/out")" "" "no file is written without the charts"
  echo "clout was built without its web part: only the refusal is checked" >&2
  finish
  exit $?
fi

# ---- the workspace's report: both people, the figures in HTML and in the JSON ----
expect_status 0 "$CLOUT" report campaign spring -o html
HTML=$OUT
self_contained "$HTML" "the campaign report"
expect_contains "$HTML" "<h1>Campaign report: spring</h1>" "the report's heading"
expect_contains "$HTML" '<tr><th>cost</th><td class="n">1500.00</td></tr>' "the total cost in the totals table"
expect_contains "$HTML" '<tr><th>fees</th><td class="n">1500.00</td></tr>' "the fees in the totals table"
expect_contains "$HTML" "<td>anna</td><td>@anna_cooks</td>" "anna's row (sharing brand: shown in the workspace)"
expect_contains "$HTML" "<td>ben</td><td>@ben_bakes</td>" "ben's row"
expect_contains "$HTML" "<td>conversions</td><td class=\"n\">5</td>" "the conversions KPI"
expect_contains "$HTML" '<div id="chart-kpis"' "the KPI chart's place"
expect_contains "$HTML" '@media print' "the print style sheet"
expect_contains "$HTML" '.uplot' "uPlot's style sheet inlined"
expect_contains "$HTML" "$(printf '<script>\n')" "the charts' script inlined"
expect_eq "$(printf %s "$HTML" | python3 -c 'import json,re,sys; h=sys.stdin.read(); j=json.loads(re.search(r"id=\"report\">(.*?)</script>", h, re.S).group(1)); print(j["totals"]["cost"]["total"], len(j["rows"]))')" \
  "1500.00 2" "the embedded JSON's total cost and rows"
# the same file as -o json describes
expect_status 0 "$CLOUT" report campaign spring -o json
expect_eq "$(printf %s "$HTML" | python3 -c 'import json,re,sys; h=sys.stdin.read(); print(json.dumps(json.loads(re.search(r"id=\"report\">(.*?)</script>", h, re.S).group(1)), sort_keys=True))')" \
  "$(printf %s "$OUT" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin), sort_keys=True))')" \
  "the embedded JSON is -o json's"

# ---- --share: anna (sharing brand) leaves no trace in the HTML or its JSON ----
expect_status 0 "$CLOUT" report campaign spring --share -o html
SHARED=$OUT
self_contained "$SHARED" "the shared campaign report"
expect_contains "$SHARED" "<td>ben</td><td>@ben_bakes</td>" "ben's row in the shared report"
expect_contains "$SHARED" "<td>withheld</td><td></td>" "the withheld row"
expect_contains "$SHARED" "shared version" "the shared report says so"
for trace in anna 71001 anna1; do
  case "$(printf %s "$SHARED" | tr 'A-Z' 'a-z')" in *"$trace"*) fail "the shared HTML holds '$trace'" ;; *) pass ;; esac
done

# ---- a hostile name is text in the tables and cannot close the JSON's script element ----
expect_status 0 "$CLOUT" crm add '</script><b>x'
expect_status 0 "$CLOUT" crm consent '</script><b>x' --opt-in --sharing public
expect_status 0 "$CLOUT" campaign create hostile --goal sales --budget 100 --currency EUR --start 2026-03-01 --end 2026-04-30
expect_status 0 "$CLOUT" campaign add hostile '</script><b>x'
expect_status 0 "$CLOUT" report campaign hostile -o html
self_contained "$OUT" "the hostile report"
expect_contains "$OUT" "<td>&lt;/script&gt;&lt;b&gt;x</td>" "the name escaped in the table"
expect_contains "$OUT" '"name":"\u003c/script\u003e\u003cb\u003ex"' "the name escaped in the JSON"
expect_eq "$(printf %s "$OUT" | grep -o '</script>' | wc -l)" 2 "only the two script elements close"

# ---- a person's report ----
expect_status 0 "$CLOUT" report person ben --share -o html
self_contained "$OUT" "ben's report"
expect_contains "$OUT" "<h1>Person report: ben</h1>" "the person report's heading"
expect_contains "$OUT" "<td>spring</td>" "ben's campaign row"
expect_status 77 "$CLOUT" report person anna --share -o html
expect_eq "$OUT" "" "a refused shared report writes nothing"

# ---- bad input ----
expect_status 64 "$CLOUT" report campaign spring -o htm
expect_contains "$ERR" "table, csv, json or html" "the formats named"
expect_status 66 "$CLOUT" report campaign autumn -o html
expect_eq "$OUT" "" "an unknown campaign writes nothing"

# ---- the same from the API: GET /api/v1/reports/campaigns/spring?format=html ----
expect_status 0 "$CLOUT" user add vic --role viewer --password-stdin --password-cost min <<<"vic-password-1"
expect_status 0 "$CLOUT" token create --user vic
TOKEN=$OUT
"$CLOUT" report campaign spring --share -o html >"$SCRATCH/cli.html"
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
API="http://127.0.0.1:$PORT/api/v1/reports"
code=$(curl -s -o "$SCRATCH/api.html" -D "$SCRATCH/api.head" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
  "$API/campaigns/spring?format=html&share=true")
expect_eq "$code" 200 "GET ?format=html&share=true"
expect_contains "$(tr -d '\r' <"$SCRATCH/api.head" | tr 'A-Z' 'a-z')" "content-type: text/html; charset=utf-8" "the HTML answer's type"
if cmp -s "$SCRATCH/api.html" "$SCRATCH/cli.html"; then pass; else fail "the API's HTML differs from the CLI's"; fi
case "$(tr 'A-Z' 'a-z' <"$SCRATCH/api.html")" in *anna*) fail "the API's shared HTML holds anna" ;; *) pass ;; esac
code=$(curl -s -o "$SCRATCH/api.html" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$API/people/ben?format=html")
expect_eq "$code" 200 "GET /reports/people/ben?format=html"
expect_contains "$(cat "$SCRATCH/api.html")" "<h1>Person report: ben</h1>" "the person report from the API"
# two human clicks on ben's link: the series per day has them, and the file draws it
BROWSER="Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
for i in 1 2; do curl -s -o /dev/null -A "$BROWSER" -H "X-Test: $i" "http://127.0.0.1:$PORT/r/ben1"; done
code=$(curl -s -o "$SCRATCH/api.html" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$API/campaigns/spring?format=html")
expect_eq "$code" 200 "GET ?format=html after the clicks"
expect_contains "$(cat "$SCRATCH/api.html")" '<div id="chart-daily"' "the chart per day's place"
expect_eq "$(python3 -c 'import json,re,sys; j=json.loads(re.search(r"id=\"report\">(.*?)</script>", open(sys.argv[1]).read(), re.S).group(1)); print([(d["clicks"], d["conversions"], d["revenue"]) for d in j["daily"]])' "$SCRATCH/api.html")" \
  "[(2, 0.0, '0.00')]" "the series per day: one day, two clicks"
code=$(curl -s -o "$SCRATCH/api.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$API/campaigns/spring?format=pdf")
expect_eq "$code" 400 "GET ?format=pdf"
expect_contains "$(cat "$SCRATCH/api.json")" "format" "the 400 names format"
finish

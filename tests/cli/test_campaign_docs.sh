#!/usr/bin/env bash
# docs/campaigns.md's worked example runs as written (clout on the PATH, an empty directory), and
# the shared CSV it prints is the one the guide shows, line for line.
. "$(dirname "$0")/lib.sh"
set -e
DOC=$CLOUT_SOURCE/docs/campaigns.md
mkdir -p bin example
ln -s "$CLOUT" bin/clout
sed -n '/^<!-- worked-example -->$/,/^<!-- \/worked-example -->$/p' "$DOC" | sed '1,2d;$d' | sed '$d' > example/run.sh
expect_contains "$(head -1 example/run.sh)" "export CLOUT_DB" "the example is extracted"
# a clout built without node and npm refuses -o html (test_report_html checks how): the example runs without it
set +e
"$CLOUT" --db "$SCRATCH/probe.db" report campaign none -o html >/dev/null 2>&1
[ $? -eq 69 ] && NO_WEB=1 || NO_WEB=
set -e
[ -z "$NO_WEB" ] || sed -i '/ -o html > spring.html$/d' example/run.sh
expect_status 0 env -u CLOUT_DB PATH="$SCRATCH/bin:$PATH" bash -e -c "cd '$SCRATCH/example' && . ./run.sh"
RUN=$OUT
expect_contains "$RUN" "refused: carl opted out" "the gift to carl is refused"
expect_contains "$RUN" "$(printf '201\n201\n201')" "the three orders are recorded"
expect_contains "$RUN" "conversions        target 5          actual 3          by 2026-04-30: missed" "the table's KPI line"
expect_contains "$RUN" "  ROI                -0.6875" "the table's ROI"
# the guide's shared CSV (its indented block) is what the example printed last
want=$(sed -n '/the shared CSV is:/,/^(the KPI/p' "$DOC" | sed -n 's/^    //p')
got=$(printf '%s\n' "$RUN" | sed -n '/^row,handles,/,$p' | grep -v '^$')
expect_eq "$got" "$want" "the shared CSV is the guide's"
case "$(printf %s "$got" | tr 'A-Z' 'a-z')" in *anna*|*1001*) fail "the shared CSV names anna" ;; *) pass ;; esac
# the printable shared report: one file, the figures, no trace of anna
if [ -n "$NO_WEB" ]; then finish; exit $?; fi
HTML=$(cat example/spring.html)
expect_contains "$HTML" '<tr><th>cost</th><td class="n">1600.00</td></tr>' "spring.html's total cost"
case "$(printf %s "$HTML" | tr 'A-Z' 'a-z')" in *anna*|*1001*) fail "spring.html names anna" ;; *) pass ;; esac
expect_contains "$HTML" '<div id="chart-daily"' "spring.html has the chart per day"
# its series per day adds up to the totals: 15 clicks, 3 conversions, 500.00 EUR
expect_eq "$(printf %s "$HTML" | python3 -c 'import json,re,sys; j=json.loads(re.search(r"id=\"report\">(.*?)</script>", sys.stdin.read(), re.S).group(1)); d=j["daily"]; print(sum(x["clicks"] for x in d), sum(x["conversions"] for x in d), sum(float(x["revenue"]) for x in d))')" \
  "15 3.0 500.0" "the series per day adds up to the totals"
finish

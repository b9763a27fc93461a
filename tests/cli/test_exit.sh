#!/usr/bin/env bash
# What every command shares (docs/cli.md): one exit-status mapping (the table in docs/cli.md is the
# one `clout --help` prints, and commands give it), -q meaning --quiet everywhere, one numeric
# option parser naming the option, plural agreement, no new store file after a failure, a read-only
# store named as the cause, and progress with a rate on a terminal only.
. "$(dirname "$0")/lib.sh"
set -e
GRAPHS=$CLOUT_SOURCE/tests/fixtures/graphs

# the documented table is the printed one
expect_status 0 "$CLOUT" --help
printed=$(printf '%s\n' "$OUT" | sed -n '/^exit status/,$p' | sed -n 's/^  \([0-9]\+\) \+\(.*\)$/\1|\2/p')
documented=$(sed -n 's/^| *\([0-9]\+\) | \(.*\) |$/\1|\2/p' "$CLOUT_SOURCE/docs/cli.md")
[ -n "$printed" ] && pass || fail "clout --help lists the exit statuses"
expect_eq "$printed" "$documented" "docs/cli.md's exit statuses are clout --help's"

# not found (66): a missing input file, store or account, whichever command names it
echo "1" > seeds.txt
expect_status 66 "$CLOUT" import nope.jsonl
expect_status 66 "$CLOUT" sentiment nope.txt
expect_contains "$ERR" "nope.txt: cannot open: No such file or directory" "sentiment names the missing file"
expect_status 66 "$CLOUT" plan --graph nope.txt --budget 1
expect_status 66 "$CLOUT" spread --graph nope.txt --seeds seeds.txt
expect_status 66 "$CLOUT" spread --graph "$GRAPHS/tiny.txt" --seeds nope.txt
expect_status 66 "$CLOUT" plan --graph "$GRAPHS/tiny.txt" --budget 1 --costs nope.csv
expect_status 66 "$CLOUT" listen test 'acme' nope.jsonl
expect_status 66 "$CLOUT" stats --db typo.db
expect_status 66 "$CLOUT" overlap --graph "$GRAPHS/tiny.txt" 1 99
# bad data (65): a malformed line, named
expect_status 65 "$CLOUT" plan --graph "$GRAPHS/malformed.txt" --budget 1
expect_contains "$ERR" "malformed.txt:" "the bad line is named"
# unavailable (69): no database server there
expect_status 69 "$CLOUT" stats --db "postgresql://clout@127.0.0.1:1/nothing?connect_timeout=2"
# I/O (74): an output that cannot be written
expect_status 74 "$CLOUT" plan --graph "$GRAPHS/tiny.txt" --budget 1 --seeds-out no-such-dir/r.txt -o json
expect_contains "$ERR" "no-such-dir/r.txt: cannot write" "the unwritable output is named"

# one numeric parser: bad values are usage errors naming the option, whatever the command
for bad in -5 0 abc 1e999 ""; do
  expect_status 64 "$CLOUT" plan --graph "$GRAPHS/tiny.txt" --budget "$bad"
  expect_contains "$ERR" "--budget: '$bad' is not a positive number" "plan --budget '$bad'"
done
expect_status 64 "$CLOUT" plan --graph "$GRAPHS/tiny.txt" --budget=-5
expect_contains "$ERR" "--budget: '-5'" "--budget=-5"
expect_status 64 "$CLOUT" discover -t cooking --min-followers -10
expect_contains "$ERR" "--min-followers: '-10' is not a whole number" "discover --min-followers -10"
expect_status 64 "$CLOUT" discover -t cooking --min-relevance 1.5
expect_contains "$ERR" "--min-relevance: '1.5' is not a number from 0 to 1" "a fraction above 1"
expect_status 64 "$CLOUT" gen -n 0 -o g
expect_contains "$ERR" "--accounts: '0' is not a positive whole number" "gen -n 0"
expect_status 64 "$CLOUT" spread --graph "$GRAPHS/tiny.txt" --seeds seeds.txt --mc 2.5
expect_contains "$ERR" "--mc: '2.5'" "a fraction where a count is wanted"
expect_status 64 "$CLOUT" plan --graph "$GRAPHS/tiny.txt" --budget 1 --click-rate -0.1
expect_status 64 "$CLOUT" token revoke 0
expect_contains "$ERR" "ID: '0' is not a positive whole number" "a numeric argument goes through the same parser"

# -q is --quiet in every command that has it, and nothing else anywhere
commands=$("$CLOUT" --help | sed -n '/^commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
[ "$(printf '%s\n' "$commands" | wc -l)" -ge 15 ] && pass || fail "clout --help lists the commands"
for cmd in $commands; do
  help=$("$CLOUT" "$cmd" --help)
  case "$help" in
    *" -q, "*) expect_contains "$help" "-q, --quiet" "clout $cmd: -q is --quiet" ;;
    *) pass ;;
  esac
done
expect_status 0 "$CLOUT" plan --graph "$GRAPHS/tiny.txt" --budget 2 --seeds-out loud.txt -o json
expect_status 0 "$CLOUT" plan --graph "$GRAPHS/tiny.txt" --budget 2 --seeds-out quiet.txt -q
expect_eq "$OUT" "" "plan -q prints nothing"
expect_eq "$(cat quiet.txt)" "$(cat loud.txt)" "plan -q keeps the roster"

# plural agreement
printf '{"type":"account","platform":"twitter","id":"1","handle":"solo","followers":5}\n' > one.jsonl
expect_status 0 "$CLOUT" import --db one.db -o table one.jsonl
expect_contains "$OUT" "1 record, 1 account, 0 posts, 0 edges" "import: 1 record, 1 account"
expect_status 0 "$CLOUT" spread --graph "$GRAPHS/tiny.txt" --seeds seeds.txt --mc 100 -o table
expect_contains "$OUT" "100 simulations of 1 seed;" "spread: 1 seed"
expect_status 0 "$CLOUT" plan --graph "$GRAPHS/tiny.txt" --budget 1 --threads 1 -o table --no-forecast
expect_contains "$OUT" "; 1 seed" "plan: 1 seed"
expect_contains "$OUT" "1 thread," "plan: 1 thread"

# a failed command leaves no new store file
mkdir fresh && cd fresh
expect_status 66 env -u CLOUT_DB "$CLOUT" import nope.jsonl
[ ! -e clout.db ] && pass || fail "import of a missing file leaves no clout.db"
printf '{"type":"account","platform":"twitter"\n' > broken.jsonl
expect_status 65 env -u CLOUT_DB "$CLOUT" import broken.jsonl
[ -z "$(ls | grep clout.db)" ] && pass || fail "a refused import leaves no clout.db: $(ls)"
expect_status 0 env -u CLOUT_DB "$CLOUT" import -q ../one.jsonl
expect_status 66 env -u CLOUT_DB "$CLOUT" import nope.jsonl
[ -e clout.db ] && pass || fail "a failed import keeps a store that was there before"
cd ..

# a read-only store is named as the cause, leaves no -wal/-shm, and can still be read
cp one.db ro.db
chmod 444 ro.db
chmod 755 "$SCRATCH"
as_other() { if [ "$(id -u)" = 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; else "$@"; fi; }
if [ "$(id -u)" != 0 ] || command -v setpriv >/dev/null; then
  chmod 777 "$SCRATCH"
  expect_status 77 as_other "$CLOUT" import --db "$SCRATCH/ro.db" one.jsonl
  expect_contains "$ERR" "the store $SCRATCH/ro.db is read-only" "import names the read-only store"
  case "$ERR" in *one.jsonl:*) fail "the input line is not blamed for a read-only store: $ERR" ;; *) pass ;; esac
  expect_status 77 as_other "$CLOUT" index --db "$SCRATCH/ro.db"
  expect_contains "$ERR" "the store $SCRATCH/ro.db is read-only" "index names the read-only store"
  expect_status 0 as_other "$CLOUT" stats --db "$SCRATCH/ro.db" -o json
  expect_eq "$(ls "$SCRATCH" | grep -c 'ro.db-')" "0" "no -wal/-shm left beside a read-only store"
  chmod 700 "$SCRATCH"
fi

# a PostgreSQL role that may only read: the store is named as the cause (when a cluster is given)
if [ -n "${CLOUT_TEST_PG:-}" ]; then
  ENGINE=postgresql
  fresh_store readonly
  expect_status 0 "$CLOUT" import -q --db "$STORE" one.jsonl
  role=clout_reader_$$
  PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 "$STORE" \
    -c "DROP ROLE IF EXISTS $role" -c "CREATE ROLE $role LOGIN PASSWORD 'pw'" \
    -c "GRANT USAGE ON SCHEMA public TO $role" -c "GRANT SELECT ON ALL TABLES IN SCHEMA public TO $role" >/dev/null
  reader=$(python3 -c 'import re, sys; u = sys.argv[1]; u = re.sub(r"([?&])user=[^&]*", r"\1user=" + sys.argv[2], u) if "user=" in u else re.sub(r"^(postgres(?:ql)?://)(?:[^@/]*@)?", r"\1" + sys.argv[2] + "@", u); print(u + ("&" if "?" in u else "?") + "password=pw")' "$STORE" "$role")
  expect_status 0 "$CLOUT" stats --db "$reader" -o json
  expect_status 77 "$CLOUT" import --db "$reader" one.jsonl
  expect_contains "$ERR" "is read-only for this role" "import on a read-only role names the store"
  case "$ERR" in *one.jsonl:*) fail "the input line is not blamed for a read-only role: $ERR" ;; *) pass ;; esac
  psql -X -q "$STORE" -c "REASSIGN OWNED BY $role TO CURRENT_USER" -c "DROP OWNED BY $role" >/dev/null 2>&1 || true
  psql -X -q "$CLOUT_TEST_PG" -c "DROP ROLE IF EXISTS $role" >/dev/null 2>&1 || true
  ENGINE=sqlite
fi

# progress: on a terminal, with a rate in what is counted; never when stderr is not one
if command -v script >/dev/null; then
  tty_err=$(env -u CLOUT_NO_PROGRESS script -qec "$CLOUT gen -n 3000 -o gt -q" /dev/null | tr '\r' '\n')
  expect_contains "$tty_err" "accounts/s" "gen's progress counts accounts per second"
  case "$tty_err" in *MB/s*) fail "gen's progress shows no MB/s" ;; *) pass ;; esac
fi
env -u CLOUT_NO_PROGRESS "$CLOUT" gen -n 3000 -o gn -q 2>gen.err
expect_eq "$(cat gen.err)" "" "no progress when stderr is not a terminal"
finish

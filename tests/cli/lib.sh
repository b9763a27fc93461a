# lib.sh: helpers for CLI tests (sourced). Each test runs in its own scratch directory and fails
# loudly with the command and what was expected.
set -u
CLOUT=${CLOUT:?CLOUT must point at the clout binary}
FIXTURES=${CLOUT_SOURCE:?CLOUT_SOURCE must point at the source tree}/tests/fixtures/platforms
SCRATCH=$(mktemp -d)
cd "$SCRATCH"

# The engine the test's stores are on: $CLOUT_TEST_ENGINE, "sqlite" (files in $SCRATCH, the
# default) or "postgresql" (a database per store on the cluster whose maintenance URL is in
# $CLOUT_TEST_PG, dropped when the test ends).
ENGINE=${CLOUT_TEST_ENGINE:-sqlite}
PG_DATABASES=()
if [ "$ENGINE" = postgresql ] && [ -z "${CLOUT_TEST_PG:-}" ]; then
  echo "CLOUT_TEST_PG is not set (scripts/test starts a scratch server): skipped" >&2
  exit 77
fi
cleanup() {
  local db
  for db in "${PG_DATABASES[@]}"; do
    PGOPTIONS='-c client_min_messages=warning' psql -X -q "$CLOUT_TEST_PG" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" \
      >/dev/null 2>&1 || true
  done
  rm -rf "$SCRATCH"
}
trap cleanup EXIT

# pg_url_for DB: the URL of database DB on the test cluster (the maintenance URL's path replaced).
pg_url_for() {
  python3 -c 'import re, sys; print(re.sub(r"^([a-z]+://[^/?]*)(/[^?]*)?", lambda m: m.group(1) + "/" + sys.argv[2], sys.argv[1], count=1))' \
    "$CLOUT_TEST_PG" "$1"
}

# fresh_store NAME: prints the location of a new, empty store called NAME on the test's engine
# (the file $SCRATCH/NAME.db, or a database of its own). Run it in the test's shell, not in $(...),
# when the database must be dropped at the end: it sets STORE.
fresh_store() {
  if [ "$ENGINE" = postgresql ]; then
    local db
    db=clout_cli_$(basename "$0" .sh)_$1_$$
    db=${db//[^a-zA-Z0-9_]/_}
    db=${db,,}
    PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 "$CLOUT_TEST_PG" \
      -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null
    PG_DATABASES+=("$db")
    STORE=$(pg_url_for "$db")
  else
    STORE=$SCRATCH/$1.db
    rm -f "$STORE" "$STORE-wal" "$STORE-shm"
  fi
}

# db_query LOCATION SQL: the rows of SQL on the store at LOCATION, one a line, columns joined by |
# (as the sqlite3 shell prints them; booleans as 0/1 on both engines when SQL casts them).
db_query() {
  if [ "$ENGINE" = postgresql ]; then
    psql -X -q -A -t -F '|' -v ON_ERROR_STOP=1 "$1" -c "$2"
  else
    sqlite3 "$1" "$2"
  fi
}

fresh_store test
export CLOUT_DB=$STORE
failures=0
passes=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { passes=$((passes + 1)); }

# expect_status N CMD...: runs CMD, keeps stdout in $OUT and stderr in $ERR, checks the exit status
expect_status() {
  local want=$1; shift
  set +e
  "$@" >"$SCRATCH/out" 2>"$SCRATCH/err"
  local got=$?
  set -e
  OUT=$(cat "$SCRATCH/out"); ERR=$(cat "$SCRATCH/err")
  if [ "$got" -ne "$want" ]; then fail "$* exited $got, wanted $want; stderr: $ERR"; else pass; fi
}
expect_contains() { # HAYSTACK NEEDLE WHAT
  case "$1" in *"$2"*) pass ;; *) fail "$3: '$2' not found in: $(printf %s "$1" | head -c 600)" ;; esac
}
expect_eq() { # GOT WANT WHAT
  if [ "$1" = "$2" ]; then pass; else fail "$3: got '$1', wanted '$2'"; fi
}
# json_get JSON EXPR: evaluates a python expression on the parsed json (variable j)
json_get() { python3 -c "import json,sys; j=json.loads(sys.argv[1]); print($2)" "$1"; }
finish() {
  echo "$passes passed, $failures failed"
  [ "$failures" -eq 0 ]
}

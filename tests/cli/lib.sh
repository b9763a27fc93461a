# lib.sh: helpers for CLI tests (sourced). Each test runs in its own scratch directory and fails
# loudly with the command and what was expected.
set -u
CLOUT=${CLOUT:?CLOUT must point at the clout binary}
FIXTURES=${CLOUT_SOURCE:?CLOUT_SOURCE must point at the source tree}/tests/fixtures/platforms
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
cd "$SCRATCH"
export CLOUT_DB=$SCRATCH/test.db
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

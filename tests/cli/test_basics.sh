#!/usr/bin/env bash
# The binary's surface: help, version, unknown commands and options, stats on an empty store.
. "$(dirname "$0")/lib.sh"
set -e
expect_status 0 "$CLOUT" --help
expect_contains "$OUT" "stats" "top-level help lists commands"
expect_status 64 "$CLOUT"
expect_status 64 "$CLOUT" frobnicate
expect_contains "$ERR" "'frobnicate' is not a clout command" "unknown command message"
expect_status 0 "$CLOUT" stats --help
expect_contains "$OUT" "--db PATH" "stats help comes from the option table"
expect_status 64 "$CLOUT" stats --no-such-option
expect_contains "$ERR" "unknown option '--no-such-option'" "unknown option message"
expect_status 0 "$CLOUT" stats -o json
expect_eq "$(json_get "$OUT" 'j["accounts"]')" "0" "empty store has no accounts"
expect_status 0 "$CLOUT" --db "$SCRATCH/global.db" stats -o json
[ -f "$SCRATCH/global.db" ] && pass || fail "a global --db names the store"
expect_status 0 "$CLOUT" stats --db "$SCRATCH/other.db" -o json
[ -f "$SCRATCH/other.db" ] && pass || fail "--db creates the store at PATH"
echo "not a database, just text that is long enough to fill a sqlite header page........" > "$SCRATCH/bad.db"
expect_status 74 "$CLOUT" stats --db "$SCRATCH/bad.db"
expect_contains "$ERR" "bad.db" "a corrupt store is named"
finish

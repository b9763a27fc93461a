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
expect_status 0 "$CLOUT" help discover
expect_contains "$OUT" "usage: clout discover" "clout help CMD is the command's own help"
expect_status 64 "$CLOUT" help nope
expect_contains "$ERR" "'nope' is not a clout command" "clout help names an unknown command"
expect_status 64 "$CLOUT" stats --no-such-option
expect_contains "$ERR" "unknown option '--no-such-option'" "unknown option message"
# read-only commands never create a store: a mistyped --db is an error, and leaves no file
expect_status 66 "$CLOUT" stats --db "$SCRATCH/typo.db"
expect_contains "$ERR" "no store at $SCRATCH/typo.db" "a missing store is named"
[ ! -e "$SCRATCH/typo.db" ] && pass || fail "stats makes no store file"
expect_status 66 "$CLOUT" stats -o json
: > "$SCRATCH/empty.jsonl"
expect_status 0 "$CLOUT" import -q --from clout "$SCRATCH/empty.jsonl"
expect_status 0 "$CLOUT" stats -o json
expect_eq "$(json_get "$OUT" 'j["accounts"]')" "0" "empty store has no accounts"
expect_eq "$OUT" '{"workspaces":1,"people":0,"accounts":0,"posts":0,"edges":0,"snapshots":0}' "stats JSON"
expect_status 66 "$CLOUT" stats -w nowhere
expect_contains "$ERR" "no workspace 'nowhere'" "a missing workspace is named"
expect_status 0 "$CLOUT" --db "$SCRATCH/global.db" import -q --from clout "$SCRATCH/empty.jsonl"
[ -f "$SCRATCH/global.db" ] && pass || fail "a global --db names the store"
expect_status 0 "$CLOUT" --db="$SCRATCH/global.db" stats -o json
expect_status 0 "$CLOUT" import -q --db "$SCRATCH/other.db" --from clout "$SCRATCH/empty.jsonl"
[ -f "$SCRATCH/other.db" ] && pass || fail "--db creates the store at PATH"
CLOUT_DB="$SCRATCH/other.db" expect_status 0 "$CLOUT" stats -o json
expect_status 66 "$CLOUT" --db "$SCRATCH/typo.db" stats
expect_contains "$ERR" "no store at $SCRATCH/typo.db" "a global --db beats \$CLOUT_DB"
echo "not a database, just text that is long enough to fill a sqlite header page........" > "$SCRATCH/bad.db"
expect_status 74 "$CLOUT" stats --db "$SCRATCH/bad.db"
expect_contains "$ERR" "bad.db" "a corrupt store is named"
finish

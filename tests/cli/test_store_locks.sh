#!/usr/bin/env bash
# Several processes on one SQLite store: while another process holds the write lock, readers
# (stats, discover) keep working on what was committed, and a writer (import) waits its timeout and
# then fails naming the process that holds the lock, never a bare "database is locked".
. "$(dirname "$0")/lib.sh"
set -e
"$CLOUT" gen -o sample -n 60 -q
expect_status 0 "$CLOUT" import sample/accounts.jsonl sample/posts.jsonl
before=$("$CLOUT" stats -o json)

# the sqlite3 shell takes the write lock and keeps it until its input ends
mkfifo hold
sqlite3 "$CLOUT_DB" <hold >/dev/null 2>&1 &
holder=$!
exec 3>hold
echo "BEGIN IMMEDIATE; INSERT INTO workspace(name, created_at) VALUES('held', 0);" >&3
# the lock is taken once a second writer cannot get it (checked without clout)
for _ in $(seq 1 100); do
  if ! sqlite3 -cmd ".timeout 0" "$CLOUT_DB" "BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1; then break; fi
  sleep 0.1
done

expect_status 0 "$CLOUT" stats -o json
expect_eq "$OUT" "$before" "a reader sees what was committed while another process writes"
expect_status 0 "$CLOUT" discover --topic cooking -n 3 -o json
expect_status 65 "$CLOUT" import --no-index sample/edges.jsonl
expect_contains "$ERR" "is locked by another writer (process $holder: sqlite3" "the blocked writer names the holder"
case "$ERR" in *"database is locked"*) fail "a bare 'database is locked': $ERR" ;; *) pass ;; esac

echo "ROLLBACK;" >&3
exec 3>&-
wait "$holder" || true
expect_status 0 "$CLOUT" import --no-index sample/edges.jsonl
expect_eq "$(json_get "$("$CLOUT" stats -o json)" "j['edges'] > 0")" "True" "the writer gets in once the lock is free"
finish

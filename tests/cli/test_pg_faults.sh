#!/usr/bin/env bash
# The PostgreSQL store when things go wrong, on a cluster of the test's own (scripts/pg-scratch):
# a server that cannot be reached says why with exit 69 and never shows a password; the server
# stopped in the middle of an import, and clout killed (-9) in the middle of one, leave the store
# as it was before that import; killed in a fresh load (an empty store), the store is empty again
# with its indexes and foreign keys.
. "$(dirname "$0")/lib.sh"
set -e
ENGINE=postgresql # db_query reads the store with psql
SCRIPTS=$CLOUT_SOURCE/scripts
command -v initdb >/dev/null || [ -x "$(pg_config --bindir 2>/dev/null)/initdb" ] || { echo "no initdb: skipped" >&2; exit 77; }
PGDIR=$(mktemp -d "${TMPDIR:-/tmp}/clout-pgfaults.XXXXXX")
trap '"$SCRIPTS/pg-scratch" stop "$PGDIR"; cleanup' EXIT
"$SCRIPTS/pg-scratch" start "$PGDIR"
ADMIN=$("$SCRIPTS/pg-scratch" url "$PGDIR")
admin() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$ADMIN" -c "$1"; }
url_for() { # DB [EXTRA_QUERY]: the cluster's URL for database DB
  local u=${ADMIN/\/postgres\?//$1?}
  echo "$u${2:+&$2}"
}
admin "CREATE DATABASE faults"
export CLOUT_DB
CLOUT_DB=$(url_for faults)

# cannot reach: each reason named, exit 69, no password shown
expect_status 69 "$CLOUT" --db postgresql://clout-no-such-host.invalid/clout stats
expect_contains "$ERR" "cannot reach the database at postgresql://clout-no-such-host.invalid/clout: could not translate host name" "unknown host"
expect_status 69 "$CLOUT" --db "$(url_for no_such_db)" stats
expect_contains "$ERR" 'database "no_such_db" does not exist' "missing database"
admin "CREATE ROLE faults_user LOGIN PASSWORD 'right-pw-123'"
expect_status 69 "$CLOUT" --db "$(url_for faults "user=faults_user&password=wrong-pw-456")" stats
expect_contains "$ERR" 'password authentication failed for user "faults_user"' "wrong password"
case "$ERR" in *wrong-pw-456*) fail "the password is shown: $ERR" ;; *) pass ;; esac
expect_status 69 "$CLOUT" --db "postgresql://faults_user:wrong-pw-456@/faults?host=$PGDIR/nowhere" stats
expect_contains "$ERR" "postgresql://faults_user@/faults?host=" "the location without its password"
case "$ERR" in *wrong-pw-456*) fail "the password is shown: $ERR" ;; *) pass ;; esac

# a first import, the state every failed import must leave
python3 - "$SCRATCH" <<'EOF'
import json, sys
def tweets(path, first, n):
    with open(path, "w") as f:
        for i in range(first, first + n):
            a = str(1000 + i % 3000)
            f.write(json.dumps({"id": str(5 * 10**17 + i), "author_id": a, "text": "tweet %d" % i,
                "created_at": "2024-03-01T10:00:00.000Z",
                "public_metrics": {"like_count": i % 50, "retweet_count": 0, "reply_count": 0, "quote_count": 0},
                "entities": {"mentions": [{"start": 0, "end": 5, "username": "m%d" % (i % 700), "id": str(800000 + i % 700)}]}}) + "\n")
tweets(sys.argv[1] + "/first.jsonl", 0, 300)
tweets(sys.argv[1] + "/big.jsonl", 1000, 20000)
EOF
expect_status 0 "$CLOUT" import --no-index "$SCRATCH/first.jsonl"
state() { db_query "$CLOUT_DB" "select (select count(*) from post) || ' ' || (select count(*) from account) || ' ' || (select count(*) from edge) || ' ' || (select max(generation) from workspace)"; }
before=$(state)
expect_eq "${before%% *}" "300" "the first import is there"

# wait_for_import: until a clout connection is writing (bounded; says nothing about time)
wait_for_import() {
  local i
  for i in $(seq 1 600); do
    [ "$(admin "select count(*) from pg_stat_activity where datname = 'faults' and application_name = 'clout' and query like 'INSERT INTO %'")" -gt 0 ] && return 0
    sleep 0.1
  done
  return 1
}

# the server stopped in the middle of an import: exit 69 with the reason, the data as it was
"$CLOUT" import --no-index "$SCRATCH/big.jsonl" >"$SCRATCH/out" 2>"$SCRATCH/err" &
pid=$!
if wait_for_import; then pass; else fail "the import never started writing"; fi
"$SCRIPTS/pg-scratch" kill "$PGDIR"
set +e; wait "$pid"; got=$?; set -e
expect_eq "$got" "69" "an import whose server stops exits 69"
expect_contains "$(cat "$SCRATCH/err")" "cannot reach the database at postgresql:///faults?host=" "the import names the database"
"$SCRIPTS/pg-scratch" start "$PGDIR"
expect_eq "$(state)" "$before" "the store is as it was after the server stopped mid-import"

# clout killed in the middle of an import: the server rolls its transaction back
"$CLOUT" import --no-index "$SCRATCH/big.jsonl" >/dev/null 2>&1 &
pid=$!
if wait_for_import; then pass; else fail "the import never started writing"; fi
kill -9 "$pid"
set +e; wait "$pid"; set -e
for i in $(seq 1 100); do
  [ "$(admin "select count(*) from pg_stat_activity where datname = 'faults' and application_name = 'clout'")" = 0 ] && break
  sleep 0.1
done
expect_eq "$(state)" "$before" "the store is as it was after clout was killed mid-import"
expect_status 0 "$CLOUT" stats -o json
expect_eq "$(json_get "$OUT" "j['posts']")" "300" "the store still opens and counts the first import"

# the same in a fresh load (an empty store: its indexes and foreign keys dropped until the commit,
# new rows COPY'd straight into the tables, the file twice so that the second time every key comes
# back): killed, the store is empty again with its indexes and foreign keys; the next import works
admin "CREATE DATABASE fresh"
FRESH=$(url_for fresh)
: > "$SCRATCH/empty.jsonl"
expect_status 0 "$CLOUT" import -q --from clout --db "$FRESH" "$SCRATCH/empty.jsonl"
catalog() {
  db_query "$FRESH" "select string_agg(indexdef, '; ' order by indexname) from pg_indexes where schemaname = current_schema()"
  db_query "$FRESH" "select string_agg(conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid), '; '
    order by conname) from pg_constraint where connamespace = current_schema()::regnamespace and contype = 'f'"
}
fresh_before=$(CLOUT_DB=$FRESH state)
catalog_before=$(catalog)
expect_contains "$catalog_before" "edge edge_src_fkey FOREIGN KEY (src) REFERENCES account(id)" "the catalog shows the keys"
"$CLOUT" import --no-index --db "$FRESH" "$SCRATCH/big.jsonl" "$SCRATCH/big.jsonl" >/dev/null 2>&1 &
pid=$!
for i in $(seq 1 600); do
  [ "$(admin "select count(*) from pg_stat_activity where datname = 'fresh' and application_name = 'clout' and (query like 'COPY %' or query like 'INSERT INTO %')")" -gt 0 ] && break
  sleep 0.1
done
kill -9 "$pid"
set +e; wait "$pid"; set -e
for i in $(seq 1 100); do
  [ "$(admin "select count(*) from pg_stat_activity where datname = 'fresh' and application_name = 'clout'")" = 0 ] && break
  sleep 0.1
done
expect_eq "$(CLOUT_DB=$FRESH state)" "$fresh_before" "the empty store is as it was after clout was killed in a fresh load"
expect_eq "$(catalog)" "$catalog_before" "its indexes and foreign keys are back"
expect_status 0 "$CLOUT" import --no-index -o json --db "$FRESH" "$SCRATCH/big.jsonl" "$SCRATCH/big.jsonl"
# (the killed load's ids are spent: a sequence does not roll back)
expect_eq "$(db_query "$FRESH" "select count(*), max(id) - min(id) + 1 from post")" "20000|20000" \
  "the next fresh load stores every post once, the keys met again spending no id"
expect_eq "$(catalog)" "$catalog_before" "and leaves the same indexes and foreign keys"
finish

#!/usr/bin/env bash
# `clout import` of inputs large enough to go through many chunks (the reader thread parses and
# sorts while the store writes): the store must end exactly as if records were written one by one in
# file order, a bad record deep in the file must still name its own line and leave the store as it
# was, and --skip-bad must refuse a record whole (none of its accounts, posts or edges kept).
. "$(dirname "$0")/lib.sh"
set -e
q() { db_query "$CLOUT_DB" "$1"; }
counts() { "$CLOUT" stats -o json; }

# 90,000 X v2 tweets (over two chunks of records): 5,000 authors, each tweet mentions one user,
# every tenth replies to an earlier tweet; line 70,001 has a negative like count.
python3 - "$SCRATCH" <<'EOF'
import json, sys, random
out = sys.argv[1]
r = random.Random(7)
N, BAD = 90000, 70001
authors = set(); mentioned = set(); tweets = []
with open(out + "/big.jsonl", "w") as f, open(out + "/good.jsonl", "w") as g:
    for i in range(1, N + 1):
        a = str(1000 + r.randrange(5000)); m = str(900000 + r.randrange(20000))
        t = {"id": str(10**17 + r.randrange(10**15)) + str(i), "author_id": a, "text": "tweet %d about cooking" % i,
             "created_at": "2024-03-01T10:00:00.000Z",
             "public_metrics": {"like_count": i % 97, "retweet_count": 1, "reply_count": 0, "quote_count": 0},
             "entities": {"mentions": [{"start": 0, "end": 5, "username": "u" + m, "id": m}]}}
        if i % 10 == 0 and tweets:
            p = tweets[r.randrange(len(tweets))]
            t["referenced_tweets"] = [{"type": "replied_to", "id": p[0]}]
            t["in_reply_to_user_id"] = p[1]
        line = json.dumps(t)
        if i == BAD:
            line = line.replace('"like_count": %d' % (i % 97), '"like_count": -5')
        else:
            authors.add(a); mentioned.add(m); tweets.append((t["id"], a))
            g.write(line + "\n")
        f.write(line + "\n")
open(out + "/expect", "w").write("%d %d\n" % (len(tweets), len(authors | mentioned)))
EOF
read -r want_posts want_accounts < "$SCRATCH/expect"

: > "$SCRATCH/empty.jsonl"
expect_status 0 "$CLOUT" import -q --from clout "$SCRATCH/empty.jsonl" # the store exists, empty
before=$(counts)
expect_status 65 "$CLOUT" import --no-index "$SCRATCH/big.jsonl"
expect_contains "$ERR" "big.jsonl:70001:" "the bad record deep in the file is named by its own line"
expect_contains "$ERR" "like_count" "and by its field"
expect_eq "$(counts)" "$before" "a refused import leaves the store as it was"

expect_status 0 "$CLOUT" import --no-index --skip-bad -o json "$SCRATCH/big.jsonl"
expect_eq "$(json_get "$OUT" 'j["rejected"]')" "1" "one record rejected"
expect_eq "$(json_get "$OUT" 'j["posts"]')" "$want_posts" "posts reported"
expect_eq "$(json_get "$OUT" '" ".join(sorted(j["phases"]))')" "commit read_cpu rebuild_indexes write_cpu write_wait" \
	"the result says where the time went"
expect_eq "$(json_get "$OUT" 'int(j["phases"]["read_cpu"] > 0 and j["phases"]["write_cpu"] > 0)')" "1" \
	"the reader and the writer both took time"
expect_contains "$(cat "$SCRATCH/big.jsonl.rejects")" "big.jsonl:70001:" "reject names the line"
expect_eq "$(q "select count(*) from post")" "$want_posts" "every good tweet stored once"
expect_eq "$(q "select count(*) from account")" "$want_accounts" "every author and mentioned user once"
expect_eq "$(q "select count(*) from post where account_id not in (select id from account)")" "0" "posts point at accounts"
expect_eq "$(q "select count(*) from edge where src not in (select id from account) or dst not in (select id from account)")" "0" "edges point at accounts"
expect_eq "$(q "select sum(likes) from post")" "$(python3 -c "
import json; print(sum(json.loads(l)['public_metrics']['like_count'] for l in open('$SCRATCH/good.jsonl')))")" "every like count kept"
read -r tid taid < <(python3 -c "
import json; t = json.loads(open('$SCRATCH/good.jsonl').readlines()[12344]); print(t['id'], t['author_id'])")
expect_eq "$(q "select a.ext_id from post p join account a on a.id = p.account_id where p.ext_id = '$tid'")" "$taid" "a tweet belongs to its author"
replies=$(q "select count(*) from post where kind = 1 and parent_account_id is not null")
expect_eq "$replies" "$(grep -c replied_to "$SCRATCH/good.jsonl")" "replies know the author they answer"

# re-importing changes nothing; importing the good lines alone gives the same store
snap=$(counts)
expect_status 0 "$CLOUT" import --no-index "$SCRATCH/good.jsonl"
expect_eq "$(counts)" "$snap" "re-import is idempotent across chunks"
dump() { db_query "$1" "select p.ext_id, a.ext_id, p.likes, p.kind, coalesce(pa.ext_id, '') from post p join account a on a.id = p.account_id left join account pa on pa.id = p.parent_account_id order by p.ext_id" | md5sum; }
edges() { db_query "$1" "select e.kind, s.ext_id, d.ext_id, e.weight from edge e join account s on s.id = e.src join account d on d.id = e.dst order by 1, 2, 3" | md5sum; }
fresh_store alone
CLOUT_DB=$STORE expect_status 0 "$CLOUT" import --no-index "$SCRATCH/good.jsonl"
expect_eq "$(dump "$STORE")" "$(dump "$CLOUT_DB")" "same posts, authors and parents"
expect_eq "$(edges "$STORE")" "$(edges "$CLOUT_DB")" "same edges"

# later records win, in file order, also when the same key comes back in one chunk
cat > "$SCRATCH/order.jsonl" <<'EOF'
{"type":"account","platform":"instagram","id":"A","followers":100,"name":"first"}
{"type":"account","platform":"instagram","id":"B","followers":7}
{"type":"account","platform":"instagram","id":"A","followers":200}
{"type":"account","platform":"instagram","id":"A","name":"last"}
{"type":"post","platform":"instagram","id":"P","author":"A","likes":1}
{"type":"post","platform":"instagram","id":"P","author":"A","likes":2}
{"type":"post","platform":"instagram","id":"P","author":"A"}
EOF
fresh_store order
CLOUT_DB=$STORE expect_status 0 "$CLOUT" import --no-index "$SCRATCH/order.jsonl"
expect_eq "$(db_query "$STORE" "select followers, name from account where ext_id='A'")" "200|last" "last known values win"
expect_eq "$(db_query "$STORE" "select likes from post where ext_id='P'")" "2" "an unknown count keeps the known one"
CLOUT_DB=$STORE expect_status 0 "$CLOUT" import -o json "$SCRATCH/order.jsonl"
expect_eq "$(json_get "$OUT" 'int("discovery_index" in j["phases"] and j["phases"]["rebuild_indexes"] == 0)')" "1" \
	"an import that builds the discovery index times it; into a store with accounts, no fresh load"

# --skip-bad refuses a record whole: a page whose tweet the store cannot take (an id over 256
# bytes) keeps none of its users either
long=$(printf 'x%.0s' $(seq 300))
printf '{"data":[{"id":"%s","author_id":"777","text":"hi"}],"includes":{"users":[{"id":"777","username":"whole","name":"W"}]}}\n{"data":[{"id":"778001","author_id":"778","text":"fine"}]}\n' "$long" > "$SCRATCH/whole.jsonl"
fresh_store whole
CLOUT_DB=$STORE expect_status 0 "$CLOUT" import --no-index --skip-bad --from twitter-v2 "$SCRATCH/whole.jsonl"
expect_contains "$(cat "$SCRATCH/whole.jsonl.rejects")" "whole.jsonl:1: post id is longer than 256 bytes" "reason"
expect_eq "$(db_query "$STORE" "select count(*) from account where ext_id='777'")" "0" "no account kept from the rejected record"
expect_eq "$(db_query "$STORE" "select count(*) from post")" "1" "the next record is kept"
# SQLite only (its catalog and query plans): a store made before migration 0003 gets the case-blind, stub-free handle index on open, and a
# lookup by handle uses it whole
if [ "$ENGINE" = sqlite ]; then
# a real version-2 store: migrations 0001 and 0002 only, holding the rows of a store made now
CLOUT_DB=$SCRATCH/now.db expect_status 0 "$CLOUT" import --no-index "$SCRATCH/order.jsonl"
cat "$CLOUT_SOURCE/data/migrations/0001_init.sqlite.sql" "$CLOUT_SOURCE/data/migrations/0002_generation.sqlite.sql" | sqlite3 "$SCRATCH/v2.db"
for table in $(sqlite3 "$SCRATCH/v2.db" "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"); do
	cols=$(sqlite3 "$SCRATCH/v2.db" "SELECT group_concat(name, ',') FROM pragma_table_info('$table')")
	sqlite3 "$SCRATCH/v2.db" "ATTACH '$SCRATCH/now.db' AS now; INSERT INTO main.$table ($cols) SELECT $cols FROM now.$table"
done
sqlite3 "$SCRATCH/v2.db" "PRAGMA user_version=2"
expect_eq "$(sqlite3 "$SCRATCH/v2.db" "SELECT count(*) FROM account")" "$(sqlite3 "$SCRATCH/now.db" "SELECT count(*) FROM account")" "the version-2 store holds the accounts"
CLOUT_DB=$SCRATCH/v2.db expect_status 0 "$CLOUT" stats -o json
newest=$(ls "$CLOUT_SOURCE/data/migrations" | sed -n 's/^0*\([0-9][0-9]*\)_.*/\1/p' | sort -n | tail -n 1)
expect_eq "$(sqlite3 "$SCRATCH/v2.db" "PRAGMA user_version")" "$newest" "migrated to the newest version"
expect_contains "$(sqlite3 "$SCRATCH/v2.db" "EXPLAIN QUERY PLAN SELECT id FROM account WHERE workspace_id=1 AND lower(handle)=lower('Chef') AND handle IS NOT NULL")" "(workspace_id=? AND <expr>=?)" "handle lookups use the index"
expect_eq "$(CLOUT_DB=$SCRATCH/v2.db "$CLOUT" stats -o json >/dev/null; sqlite3 "$SCRATCH/v2.db" "PRAGMA user_version")" "$newest" "migrations run once"
# reading every post of a workspace account by account (the discovery index) needs no sort
expect_eq "$(sqlite3 "$CLOUT_DB" "EXPLAIN QUERY PLAN SELECT p.id FROM post p WHERE p.workspace_id=1 ORDER BY p.account_id, p.created_at NULLS FIRST, p.id" | grep -c "TEMP B-TREE")" "0" "posts by account come from the index"
fi
finish

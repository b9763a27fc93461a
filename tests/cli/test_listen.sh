#!/usr/bin/env bash
# clout listen test: prints the ids of the posts a rule matches (filters fed by the records, from:
# by account handles), reads stdin, exits 65 with the column of a malformed rule, 66 for a missing
# file, 64 for usage errors. clout listen rule add|list|rm|test: saved rules in the store.
. "$(dirname "$0")/lib.sh"
set -e

cat > accounts.jsonl <<'JSONL'
{"type":"account","platform":"twitter","id":"100","handle":"Acme","followers":5000}
{"type":"account","platform":"instagram","id":"200","handle":"marie.cuisine","followers":900}
JSONL
cat > posts.jsonl <<'JSONL'
{"type":"post","platform":"twitter","id":"t1","author":"100","lang":"en","text":"Our summer launch is here! #AcmeSummer https://acme.com/s"}
{"type":"post","platform":"instagram","id":"i1","author":"200","lang":"fr","text":"Ma nouvelle crème ACME, je l'adore #pub @acme"}
{"type":"post","platform":"twitter","id":"t2","author":"300","lang":"en","kind":"reply","parent":"t1","text":"@acme my order never arrived, I want a refund"}
{"type":"post","platform":"twitter","id":"t3","author":"300","lang":"en","text":"Acme is hiring: jobs in Paris"}
{"type":"post","platform":"twitter","id":4,"author":"300","lang":"en","text":"acmeco is not acme's cousin"}
{"type":"edge","platform":"twitter","src":"300","dst":"100","kind":"follow"}
JSONL

expect_status 0 "$CLOUT" listen test 'acme NOT jobs' posts.jsonl
expect_eq "$(printf '%s' "$OUT" | tr '\n' ' ')" "i1 t2" "a bare term matches the word and the mention, not acmeco"
expect_status 0 "$CLOUT" listen test '#acmesummer OR "nouvelle crème"' posts.jsonl
expect_eq "$(printf '%s' "$OUT" | tr '\n' ' ')" "t1 i1" "hashtags in any case, phrases with folded accents, in input order"
expect_status 0 "$CLOUT" listen test 'acme* lang:fr' posts.jsonl
expect_eq "$OUT" "i1" "prefix and language filter"
expect_status 0 "$CLOUT" listen test '@acme NEAR/7 refund is:reply' posts.jsonl
expect_eq "$OUT" "t2" "NEAR counts the words between and is:reply"
expect_status 0 "$CLOUT" listen test '@acme NEAR/6 refund' posts.jsonl
expect_eq "$OUT" "" "seven words apart is not NEAR/6"
expect_status 0 "$CLOUT" listen test 'launch has:link from:@acme' accounts.jsonl posts.jsonl
expect_eq "$OUT" "t1" "from: compares the author's handle from the account records, case-insensitively"
expect_status 0 "$CLOUT" listen test 'launch from:@acme' posts.jsonl
expect_eq "$OUT" "" "without the account records the author's handle is unknown"
expect_status 0 "$CLOUT" listen test "acme's" posts.jsonl
expect_eq "$OUT" "4" "integer ids are printed as they are"
expect_status 0 "$CLOUT" listen test 'platform:instagram crème' - < posts.jsonl
expect_eq "$OUT" "i1" "stdin"

# bad rules: exit 65 and the column
expect_status 65 "$CLOUT" listen test '(acme OR acmeco lang:fr' posts.jsonl
expect_eq "$ERR" "clout listen: rule:1:24: expected ')'" "unclosed parenthesis"
expect_eq "$OUT" "" "nothing printed for a bad rule"
expect_status 65 "$CLOUT" listen test 'NOT acme' posts.jsonl
expect_contains "$ERR" "rule:1:1: the rule can match a post without any of its terms" "pure NOT is refused"
expect_status 65 "$CLOUT" listen test 'acme lang:french' posts.jsonl
expect_contains "$ERR" "rule:1:11: expected a language code" "bad filter value"

# bad input
printf '{"type":"post","platform":"twitter","id":"ok","text":"acme"}\n{"type":"post", nope\n' > bad.jsonl
expect_status 65 "$CLOUT" listen test acme bad.jsonl
expect_contains "$ERR" "bad.jsonl:2:" "a malformed line is named by file and line"
expect_eq "$OUT" "ok" "posts before the bad line were printed"
expect_status 66 "$CLOUT" listen test acme missing.jsonl
expect_contains "$ERR" "missing.jsonl: cannot open" "missing file"
expect_status 64 "$CLOUT" listen test acme
expect_status 64 "$CLOUT" listen frobnicate
expect_contains "$ERR" "unknown subcommand 'frobnicate'" "unknown subcommand"
# saved rules
expect_status 0 "$CLOUT" listen rule add acme-fr '(acme OR #acme) lang:fr NOT jobs' --team support --priority high
expect_eq "$OUT" "acme-fr" "add prints the name"
expect_status 0 "$CLOUT" listen rule add globex '#globex OR globex' --kind competitor
expect_status 65 "$CLOUT" listen rule add broken '(acme OR acmeco lang:fr'
expect_eq "$ERR" "clout listen rule add: rule 'broken':1:24: expected ')'" "a malformed saved rule names itself and the column"
expect_status 65 "$CLOUT" listen rule add globex 'acme'
expect_contains "$ERR" "rule 'globex' exists" "names are unique"
expect_status 64 "$CLOUT" listen rule add other 'acme' --team legal
expect_contains "$ERR" "team: expected pr, social or support" "bad team"
expect_status 64 "$CLOUT" listen rule add 'two words' 'acme'
expect_contains "$ERR" "rule name: expected" "bad name"
expect_status 64 "$CLOUT" listen rule add owned 'acme' --owner 'a b'
expect_contains "$ERR" "owner: expected a user name" "bad owner"
expect_status 0 "$CLOUT" listen rule list -o csv
expect_eq "$OUT" "$(printf 'name,kind,team,priority,expr\nacme-fr,brand,support,high,(acme OR #acme) lang:fr NOT jobs\nglobex,competitor,social,normal,#globex OR globex')" "list in order of creation"
expect_status 0 "$CLOUT" listen rule list -o json
expect_eq "$(printf '%s\n' "$OUT" | head -1 | python3 -c 'import json,sys; j=json.loads(sys.stdin.read()); print(j["name"], j["team"], j["priority"], j["owner"], j["expr"])')" "acme-fr support high None (acme OR #acme) lang:fr NOT jobs" "json rows"
expect_status 0 "$CLOUT" listen rule test acme-fr posts.jsonl
expect_eq "$OUT" "i1" "a saved rule matches as listen test would"
expect_status 0 "$CLOUT" listen rule rm globex
expect_status 66 "$CLOUT" listen rule rm globex
expect_contains "$ERR" "no rule 'globex'" "removing twice"
expect_status 66 "$CLOUT" listen rule test globex posts.jsonl
expect_status 0 "$CLOUT" listen rule list -o csv
expect_eq "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')" "2" "one rule left"
expect_status 66 "$CLOUT" listen rule list -w other -o csv
expect_contains "$ERR" "no workspace 'other'" "listing does not create a workspace"
expect_status 0 "$CLOUT" listen rule add globex 'globex' -w other
expect_status 0 "$CLOUT" listen rule list -w other -o csv
expect_eq "$(printf '%s\n' "$OUT" | tail -1)" "globex,brand,social,normal,globex" "workspaces keep their own rules"

expect_status 0 "$CLOUT" listen --help
expect_contains "$OUT" "test" "help lists the subcommands"
expect_status 0 "$CLOUT" listen test --help
expect_contains "$OUT" "EXPR FILE" "test --help shows the synopsis"
finish

#!/usr/bin/env bash
# clout crm erase on a person who is on a campaign's roster with a contract, a deliverable, a
# tracking link, a promo code and a conversion: the erase goes through (the person stays as an
# anonymous stub the roster and contract still point at), no trace of the name, handle or platform
# id is left in the store's tables or in the campaign report, and the report's figures stay.
. "$(dirname "$0")/lib.sh"
set -e
# traces TABLE TEXT: the rows of TABLE where any column holds TEXT
traces() {
  if [ "$ENGINE" = postgresql ]; then
    db_query "$STORE" "SELECT count(*) FROM $1 t WHERE t::text LIKE '%$2%'"
  else
    local columns
    columns=$(db_query "$STORE" "SELECT group_concat('COALESCE(CAST(' || name || ' AS TEXT), ''-'')', ' || ') FROM pragma_table_info('$1')")
    db_query "$STORE" "SELECT count(*) FROM $1 WHERE $columns LIKE '%$2%'"
  fi
}
fresh_store erase
export CLOUT_DB=$STORE
cat > accounts.jsonl <<'JSONL'
{"type":"account","platform":"instagram","id":"7001","handle":"ben_bakes","name":"Benedikt Bakes","bio":"Baker in Lyon","followers":8000}
{"type":"account","platform":"instagram","id":"7002","handle":"anna_cooks","followers":12000}
{"type":"post","platform":"instagram","id":"p7","author":"7001","text":"my new knives from acme #ad","likes":40,"url":"https://instagram.com/p/p7"}
JSONL
expect_status 0 "$CLOUT" import -q accounts.jsonl
expect_status 0 "$CLOUT" crm add benedikt --account @ben_bakes
expect_status 0 "$CLOUT" crm add anna --account @anna_cooks
expect_status 0 "$CLOUT" crm consent benedikt --opt-in --sharing public
expect_status 0 "$CLOUT" crm log benedikt --kind gift --product "knife set" --value 80 --currency EUR
expect_status 0 "$CLOUT" campaign create spring --goal sales --budget 10000 --currency EUR --start 2026-03-01 --end 2026-04-30
expect_status 0 "$CLOUT" campaign add spring benedikt anna
expect_status 0 "$CLOUT" contract create spring benedikt --flat 500
expect_status 0 "$CLOUT" contract deliverable spring benedikt --platform instagram --format post --due 2026-03-15 --url https://instagram.com/p/p7
expect_status 0 "$CLOUT" link create --url https://shop.example/p --code ben1 --influencer @ben_bakes --campaign spring
expect_status 0 "$CLOUT" code create BEN10 --influencer @ben_bakes --campaign spring
expect_status 0 "$CLOUT" conversion add --order A-1 --amount 116 --currency EUR --code BEN10 --time 2026-03-10
expect_status 0 "$CLOUT" report campaign spring -o json
before=$(json_get "$OUT" 'j["totals"]["revenue"] if "totals" in j else j')
# the search finds what is there before the erasure
expect_eq "$(traces track_link ben_bakes)" "1" "the link names ben_bakes before"
expect_eq "$(traces account "Baker in Lyon")" "1" "the account's bio is there before"
expect_eq "$(traces deliverable "instagram.com/p/p7")" "1" "the deliverable's URL is there before"
expect_status 0 "$CLOUT" crm erase benedikt
expect_contains "$OUT" "erased person" "the erasure is reported"
expect_status 66 "$CLOUT" crm show benedikt
expect_status 0 "$CLOUT" report campaign spring -o json
expect_eq "$(json_get "$OUT" 'j["totals"]["revenue"] if "totals" in j else j')" "$before" "the campaign's revenue stays"
for trace in benedikt Benedikt ben_bakes 7001 "Baker in Lyon" "instagram.com/p/p7" "my new knives"; do
  case "$OUT" in *"$trace"*) fail "the report still holds '$trace'" ;; *) pass ;; esac
  for table in person account post track_link track_code crm_interaction deliverable contract; do
    expect_eq "$(traces "$table" "$trace")" "0" "no '$trace' left in $table"
  done
done
expect_eq "$(db_query "$STORE" "SELECT count(*) FROM account WHERE followers = 8000 AND handle IS NULL")" "1" "the account's counts stay"
expect_eq "$(db_query "$STORE" "SELECT count(*) FROM campaign_member")" "2" "the roster still counts two"
expect_status 0 "$CLOUT" audit
expect_eq "$(json_get "$OUT" '[e["action"] for e in j if e["action"] == "person.erase"]')" "['person.erase']" "the erasure is audited"
finish

#!/usr/bin/env bash
# clout crm: people added and linked to accounts of the store (names unique without regard to
# case, an account owned by one person), listed and shown in every format; bad input named and
# nothing changed; each write in the audit log as person:ID.
. "$(dirname "$0")/lib.sh"
set -e
fresh_store crm
export CLOUT_DB=$STORE
cat > accounts.jsonl <<'JSONL'
{"type":"account","platform":"instagram","id":"1001","handle":"anna_cooks","followers":12000}
{"type":"account","platform":"instagram","id":"1002","handle":"ben_bakes","followers":8000}
{"type":"account","platform":"tiktok","id":"2002","handle":"ben_bakes","followers":3000}
{"type":"account","platform":"youtube","id":"3003","handle":"carl_grills","followers":500}
JSONL
expect_status 0 "$CLOUT" import accounts.jsonl

expect_status 0 "$CLOUT" crm add anna --account @anna_cooks -o json
expect_eq "$(json_get "$OUT" 'j["name"], j["stage"], j["consent"], j["sharing"], [a["handle"] for a in j["accounts"]]')" \
  "anna identified unknown none ['anna_cooks']" "a person starts identified, consent unknown, sharing none"
expect_status 65 "$CLOUT" crm add ANNA
expect_contains "$ERR" "name: there is already a person 'ANNA'" "a name is unique without regard to case"
expect_status 66 "$CLOUT" crm add dora --account @nobody
expect_contains "$ERR" "account: no account 'nobody'" "an unknown account is named"
expect_status 64 "$CLOUT" crm add @anna
expect_contains "$ERR" "name: '@anna' starts with '@'" "a handle is not a person's name"
expect_status 65 "$CLOUT" crm add zed --account @anna_cooks
expect_contains "$ERR" "account: '@anna_cooks' belongs to 'anna', not to 'zed'" "an account has one owner"
expect_status 0 "$CLOUT" crm list -o csv
expect_eq "$OUT" "name,stage,owner,consent,sharing,nda,accounts
anna,identified,,unknown,none,none,instagram:@anna_cooks" "failed adds left nothing behind"

expect_status 0 "$CLOUT" crm add ben
expect_status 0 "$CLOUT" crm link ben @ben_bakes --platform tiktok
expect_status 0 "$CLOUT" crm link Ben instagram:1002
expect_status 0 "$CLOUT" crm link ben instagram:1002
expect_status 0 "$CLOUT" crm show BEN -o json
expect_eq "$(json_get "$OUT" 'j["name"], sorted(a["platform"] for a in j["accounts"])')" "ben ['instagram', 'tiktok']" \
  "a person found without regard to case, with both accounts"
expect_status 66 "$CLOUT" crm show nobody
expect_contains "$ERR" "no person 'nobody' in workspace 'default'" "an unknown person is named"
expect_status 66 "$CLOUT" crm link nobody @carl_grills
expect_status 0 "$CLOUT" crm unlink ben @ben_bakes --platform tiktok
expect_status 66 "$CLOUT" crm unlink ben @ben_bakes --platform tiktok
expect_contains "$ERR" "is not linked to 'ben'" "unlinking an account the person does not own"
expect_status 0 "$CLOUT" crm list -o table
expect_contains "$OUT" "ben                  identified" "the table lists ben"
expect_status 0 "$CLOUT" crm list -o json
expect_eq "$(json_get "$OUT" '[(p["name"], len(p["accounts"])) for p in j]')" "[('anna', 1), ('ben', 1)]" "people by name"

# exports obey sharing rights: anna (none) is withheld, ben (public) shows, carl (brand) only to the workspace
expect_status 0 "$CLOUT" crm add carl --account @carl_grills
expect_status 0 "$CLOUT" crm consent ben --opt-in --sharing public
expect_status 0 "$CLOUT" crm consent carl --opt-in --sharing brand
expect_status 0 "$CLOUT" crm list --for share -o csv
expect_eq "$OUT" "name,stage,owner,consent,sharing,nda,accounts
withheld,,,,,,
ben,identified,,in,public,none,instagram:@ben_bakes
withheld,,,,,," "the shared export"
expect_status 0 "$CLOUT" crm list --for workspace -o json
expect_eq "$(json_get "$OUT" '[p.get("name", "withheld") for p in j]')" "['withheld', 'ben', 'carl']" "the workspace's export"
case "$OUT" in *anna*) fail "anna's name in the workspace's export" ;; *) pass ;; esac
expect_status 64 "$CLOUT" crm list --for everyone
# the NDA's days and the private access granted, in the table
expect_status 0 "$CLOUT" crm nda ben signed --signed 2026-03-01 --expires 2027-03-01
expect_status 64 "$CLOUT" crm nda ben signed --expires 2026-02-30
expect_contains "$ERR" "expires: '2026-02-30' is not a date" "a day that does not exist"
expect_status 0 "$CLOUT" crm log ben --kind private_access --product "spring preview" --date 2026-03-02 --note "lookbook"
expect_status 0 "$CLOUT" crm show ben -o table
expect_contains "$OUT" "nda days   sent -, signed 2026-03-01, expires 2027-03-01" "the NDA's days"
expect_contains "$OUT" "access     2026-03-02 spring preview: lookbook" "the private access granted"
expect_status 0 "$CLOUT" audit
expect_eq "$(json_get "$OUT" '[e["action"] for e in j]')" \
  "['person.add', 'person.add', 'person.link', 'person.link', 'person.link', 'person.unlink', 'person.add', 'person.consent', 'person.consent', 'person.nda', 'interaction.log']" "every write is audited"
expect_eq "$(json_get "$OUT" 'all(e["object"].startswith("person:") for e in j)')" "True" "by id, not by name"
# every crm subcommand works on the store --db names (and its --workspace), not on $CLOUT_DB's
STORE_CRM=$STORE
fresh_store other
expect_status 0 "$CLOUT" import accounts.jsonl --db "$STORE"
expect_status 0 "$CLOUT" crm add dora --account @carl_grills --db "$STORE" --workspace default
expect_status 0 "$CLOUT" crm stage dora contacted --db "$STORE"
expect_status 0 "$CLOUT" crm consent dora --opt-in --db "$STORE"
expect_status 0 "$CLOUT" crm nda dora sent --db "$STORE"
expect_status 0 "$CLOUT" crm log dora --kind email --db "$STORE"
expect_status 0 "$CLOUT" crm feedback dora --text "more spice" --db "$STORE"
expect_status 0 "$CLOUT" crm currency EUR --db "$STORE"
expect_status 0 "$CLOUT" crm balance dora --db "$STORE" -o json
expect_eq "$(json_get "$OUT" 'j["currency"]')" "EUR" "balance reads the store --db names"
expect_status 0 "$CLOUT" crm interactions dora --db "$STORE" -o json
expect_eq "$(json_get "$OUT" '[i["kind"] for i in j]')" "['email']" "interactions read the store --db names"
expect_status 0 "$CLOUT" crm show dora --db "$STORE" -o json
expect_eq "$(json_get "$OUT" 'j["stage"], j["consent"], j["nda"]')" "contacted in sent" "the writes went to the store --db names"
expect_status 66 "$CLOUT" crm stage dora partner --db "$STORE" --workspace nowhere
expect_contains "$ERR" "nowhere" "--workspace is honoured"
expect_status 0 "$CLOUT" crm erase dora --db "$STORE"
expect_status 66 "$CLOUT" crm show dora
expect_contains "$ERR" "no person 'dora'" "nothing of it reached \$CLOUT_DB's store"
STORE=$STORE_CRM
finish

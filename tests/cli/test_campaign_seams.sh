#!/usr/bin/env bash
# The weak points of campaigns and relationships (issue 11) fixed together: a handle used on two
# platforms is refused with its platforms named instead of taking the most followed one; the
# balance sheet's fees come from the contracts' agreed compensation (paid or due) and the payments
# logged, never counted twice; a campaign's languages decide who may join its roster; a gift is
# tied to a campaign (crm log --campaign, or the only roster the person is on) and counts in that
# campaign's report only, and in the person's balance sheet; discover --campaign searches the
# campaign's languages. Each figure is worked out by hand.
. "$(dirname "$0")/lib.sh"
set -e
fresh_store seams
export CLOUT_DB=$STORE
cat > accounts.jsonl <<'JSONL'
{"type":"account","platform":"instagram","id":"81001","handle":"dual","followers":9000,"lang":"en"}
{"type":"account","platform":"tiktok","id":"81002","handle":"Dual","followers":100,"lang":"fr"}
{"type":"account","platform":"instagram","id":"81003","handle":"ben_bakes","followers":8000,"lang":"fr"}
{"type":"account","platform":"instagram","id":"81004","handle":"anna_cooks","followers":12000,"lang":"en"}
{"type":"account","platform":"youtube","id":"81005","handle":"ned_nolang","followers":50}
{"type":"account","platform":"instagram","id":"81006","handle":"gail_g","followers":700,"lang":"en"}
JSONL
expect_status 0 "$CLOUT" import accounts.jsonl

# ---- an ambiguous handle is refused, naming its platforms; nothing is written ----
expect_status 65 "$CLOUT" crm add dora --account @dual
expect_contains "$ERR" "@dual is on instagram and tiktok: say --platform" "ambiguous handle"
expect_eq "$(db_query "$STORE" "SELECT count(*) FROM person")" 0 "no person after the refusal"
expect_status 0 "$CLOUT" crm add dora --account @dual --platform tiktok -o json
expect_eq "$(json_get "$OUT" "j['accounts'][0]['platform']")" tiktok "the account named by --platform"
expect_status 65 "$CLOUT" crm add dora2 --account @DUAL
expect_contains "$ERR" "@DUAL is on instagram and tiktok" "ambiguous handle in another case"
# a handle on one platform only is found as before
expect_status 0 "$CLOUT" crm add ben --account @ben_bakes
expect_status 0 "$CLOUT" crm add anna --account @anna_cooks
expect_status 0 "$CLOUT" crm add ned --account @ned_nolang

# ---- campaign languages: who may join the roster ----
expect_status 0 "$CLOUT" campaign create printemps --goal sales --budget 5000 --currency EUR \
  --start 2026-03-01 --end 2026-04-30 --languages "FR, de"
expect_status 0 "$CLOUT" campaign show printemps -o json
expect_eq "$(json_get "$OUT" "j['languages']")" "fr,de" "languages kept lower case, comma-joined"
expect_status 64 "$CLOUT" campaign add printemps anna ben
expect_contains "$ERR" "roster: anna posts in en, not in the campaign's languages (fr, de)" "an English-only member refused"
expect_eq "$(db_query "$STORE" "SELECT count(*) FROM campaign_member")" 0 "all or none: ben was not added either"
expect_status 0 "$CLOUT" campaign add printemps ben ned   # ned's account states no language: not refused
expect_status 0 "$CLOUT" campaign roster printemps -o json
expect_eq "$(json_get "$OUT" "sorted(m['person'] for m in j)")" "['ben', 'ned']" "the roster"
expect_status 64 "$CLOUT" contract create printemps anna --flat 100
expect_contains "$ERR" "roster: anna posts in en" "a contract puts the person on the roster: same check"
expect_status 64 "$CLOUT" campaign create bad --goal sales --budget 1 --currency EUR --start 2026-03-01 \
  --end 2026-03-02 --languages "en,f1"
expect_contains "$ERR" "languages: 'en,f1' is not a list of language codes" "bad languages named"
expect_status 0 "$CLOUT" campaign set printemps --languages ""     # cleared: anyone may join
expect_status 0 "$CLOUT" campaign add printemps anna

# ---- fees: agreed compensation (paid or due) and payments logged, never twice ----
expect_status 0 "$CLOUT" crm currency EUR
expect_status 0 "$CLOUT" campaign create ete --goal sales --budget 5000 --currency EUR --start 2026-06-01 --end 2026-08-31
# ben: printemps 500 flat + 2 x 50 per deliverable (unpaid); ete 200 flat (paid); 150 paid by hand
expect_status 0 "$CLOUT" contract create printemps ben --flat 500 --per-deliverable 50
expect_status 0 "$CLOUT" contract deliverable printemps ben --platform instagram --format post --due 2026-03-10
expect_status 0 "$CLOUT" contract deliverable printemps ben --platform instagram --format reel --due 2026-03-20
expect_status 0 "$CLOUT" contract create ete ben --flat 200
expect_status 0 "$CLOUT" contract status ete ben signed --payment paid
expect_status 0 "$CLOUT" crm log ben --kind payment --value 150 --currency EUR
expect_status 0 "$CLOUT" crm balance ben -o json
# payments 150 go first to the paid contract (200, paid whatever was logged): nothing left over;
# due: 500 + 2 x 50 = 600. Fees 200 + 600 = 800 (not 950: the 150 is part of the 200).
expect_eq "$(json_get "$OUT" "j['given']['fees_paid']")" "200.00" "fees paid"
expect_eq "$(json_get "$OUT" "j['given']['fees_due']")" "600.00" "fees due"
expect_eq "$(json_get "$OUT" "j['given']['fees']")" "800.00" "fees"
expect_eq "$(json_get "$OUT" "j['given']['contracts']")" "2" "contracts counted"
expect_eq "$(json_get "$OUT" "j['given']['payments_logged']")" "150.00" "payments logged"
expect_eq "$(json_get "$OUT" "j['given']['total']")" "800.00" "given total"
# 350 more paid by hand: 500 logged, 300 over the paid contract, so 300 less is due
expect_status 0 "$CLOUT" crm log ben --kind payment --value 350 --currency EUR
expect_status 0 "$CLOUT" crm balance ben -o json
expect_eq "$(json_get "$OUT" "j['given']['fees_paid']")" "500.00" "fees paid after more payments"
expect_eq "$(json_get "$OUT" "j['given']['fees_due']")" "300.00" "fees due after more payments"
expect_eq "$(json_get "$OUT" "j['given']['fees']")" "800.00" "fees unchanged: nothing counted twice"
expect_status 0 "$CLOUT" crm balance ben -o table
expect_contains "$OUT" "fees paid 500.00, due 300.00 (2 contracts; payments logged 500.00)" "the table says which"
# a person without contracts: payments are fees paid, nothing due
expect_status 0 "$CLOUT" crm log ned --kind payment --value 40 --currency EUR
expect_status 0 "$CLOUT" crm balance ned -o json
expect_eq "$(json_get "$OUT" "j['given']['fees_paid']") $(json_get "$OUT" "j['given']['fees_due']")" "40.00 0.00" "payments only"
# ---- gifts: a campaign's report counts the gifts tied to it, the person's sheet all of them ----
expect_status 0 "$CLOUT" campaign create spring2 --goal sales --budget 1000 --currency EUR --start 2026-03-01 --end 2026-04-30
expect_status 0 "$CLOUT" campaign create autumn2 --goal sales --budget 1000 --currency EUR --start 2026-09-01 --end 2026-10-31
expect_status 0 "$CLOUT" crm add gail --account @gail_g
expect_status 0 "$CLOUT" crm consent gail --opt-in --sharing brand
expect_status 0 "$CLOUT" campaign add spring2 gail
expect_status 0 "$CLOUT" crm log gail --kind gift --value 80 --currency EUR      # on one roster: tied to spring2
expect_status 0 "$CLOUT" campaign add autumn2 gail
expect_status 0 "$CLOUT" crm log gail --kind gift --value 30 --currency EUR --campaign autumn2
expect_status 0 "$CLOUT" crm log gail --kind sample --value 5 --currency EUR     # on two rosters: tied to none
expect_status 64 "$CLOUT" crm log gail --kind gift --value 7 --currency EUR --campaign printemps
expect_contains "$ERR" "campaign: 'gail' is not on the roster of 'printemps'" "a campaign the person is not on"
expect_status 66 "$CLOUT" crm log gail --kind gift --value 7 --currency EUR --campaign nope
expect_contains "$ERR" "no campaign 'nope'" "an unknown campaign"
expect_eq "$(db_query "$STORE" "SELECT count(*) FROM crm_interaction i JOIN person p ON p.id = i.person_id WHERE p.key = 'gail'")" 3 \
  "the refused interactions were not logged"
expect_status 0 "$CLOUT" crm interactions gail -o json
expect_eq "$(json_get "$OUT" "[r['campaign'] for r in j]")" "['spring2', 'autumn2', None]" "each interaction's campaign"
expect_status 0 "$CLOUT" report campaign spring2 -o json
expect_eq "$(json_get "$OUT" "j['totals']['cost']['gifts']")" "80.00" "spring2 counts its gift only (not 115)"
expect_status 0 "$CLOUT" report campaign autumn2 -o json
expect_eq "$(json_get "$OUT" "j['totals']['cost']['gifts']")" "30.00" "autumn2 counts its gift only"
expect_status 0 "$CLOUT" report person gail -o json
expect_eq "$(json_get "$OUT" "sorted((r['name'], r['figures']['cost']['gifts']) for r in j['rows'])")" \
  "[('autumn2', '30.00'), ('spring2', '80.00')]" "the person's report: each campaign its own gifts"
expect_status 0 "$CLOUT" crm balance gail -o json
expect_eq "$(json_get "$OUT" "j['given']['gifts']")" "115.00" "the person's sheet counts every gift"
expect_eq "$(json_get "$OUT" "j['given']['gift_count']")" "3" "and every gift counted once"
# ---- discovery for a campaign's roster searches the campaign's languages ----
cat > posts.jsonl <<'JSONL'
{"type":"post","platform":"instagram","id":"p1","author":"81003","created_at":1767225600,"text":"la cuisine maison du dimanche"}
JSONL
expect_status 0 "$CLOUT" import posts.jsonl
expect_status 0 "$CLOUT" index
expect_status 0 "$CLOUT" campaign create fr1 --goal sales --budget 1 --currency EUR --start 2026-03-01 --end 2026-03-02 --languages fr,de
expect_status 0 "$CLOUT" campaign create de1 --goal sales --budget 1 --currency EUR --start 2026-03-01 --end 2026-03-02 --languages de
expect_status 0 "$CLOUT" discover --topic cooking --campaign fr1 -o json
expect_eq "$(json_get "$OUT" "j['langs']")" "fr" "the campaign's searchable languages (fr of fr,de)"
expect_status 64 "$CLOUT" discover --topic cooking --campaign fr1 --lang en
expect_contains "$ERR" "lang: 'en' is not a language of campaign 'fr1' (fr,de)" "a language outside the campaign's"
expect_status 64 "$CLOUT" discover --topic cooking --campaign de1
expect_contains "$ERR" "campaign: 'de1' speaks de; discovery searches en, fr" "no searchable language"
expect_status 66 "$CLOUT" discover --topic cooking --campaign nope
finish

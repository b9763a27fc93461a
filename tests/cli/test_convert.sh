#!/usr/bin/env bash
# Promo codes, conversions and the link report from the CLI: codes made and listed, an order
# recorded once (the same again changes nothing, another amount is refused), refunds, bad input
# named by field, and the report in json, csv and table with its filters and models.
. "$(dirname "$0")/lib.sh"
set -e
expect_status 0 "$CLOUT" link create --url https://shop.example.com/ --code spring --influencer anna --campaign s24 -o json
expect_status 0 "$CLOUT" code create anna10 --influencer @anna --campaign s24 -o json
expect_eq "$(json_get "$OUT" 'j["code"], j["influencer"]')" "ANNA10 anna" "code kept upper case, handle without @"
expect_status 65 "$CLOUT" code create ANNA10 --influencer bob
expect_contains "$ERR" "code: 'ANNA10' exists" "a taken code is named"
expect_status 64 "$CLOUT" code create "no way" --influencer bob
expect_contains "$ERR" "code:" "a bad code is named"
expect_status 64 "$CLOUT" code create BOB10
expect_contains "$ERR" "--influencer is required" "a code needs an influencer"
expect_status 0 "$CLOUT" code create BOB10 --influencer bob -o csv
expect_status 0 "$CLOUT" code list -o json
expect_eq "$(json_get "$OUT" '[c["code"] for c in j]')" "['ANNA10', 'BOB10']" "codes listed in order"

expect_status 0 "$CLOUT" conversion add --order A-1 --amount 100.5 --currency eur --code anna10 --time 2026-11-20T10:00:00Z -o json
expect_eq "$(json_get "$OUT" 'j["amount"], j["currency"], j["attribution"]["by"], j["time"]')" "100.50 EUR code 1795168800000" "recorded in minor units, credited to the code"
expect_status 0 "$CLOUT" conversion add --order A-1 --amount 100.50 --currency EUR -o json
expect_contains "$ERR" "recorded before" "the same order again changes nothing"
expect_eq "$(json_get "$OUT" 'j["attribution"]["by"]')" "code" "the stored answer comes back"
expect_status 65 "$CLOUT" conversion add --order A-1 --amount 100.51 --currency EUR
expect_contains "$ERR" "order_id: 'A-1' was recorded with 100.50 EUR, not 100.51 EUR" "another amount is a conflict"
expect_status 64 "$CLOUT" conversion add --order A-2 --amount 1.005 --currency EUR
expect_contains "$ERR" "amount: '1.005' has more than 2 decimals for EUR" "too many decimals are named"
expect_status 64 "$CLOUT" conversion add --order A-2 --amount 1 --currency EURO
expect_contains "$ERR" "currency:" "a bad currency is named"
expect_status 64 "$CLOUT" conversion add --order A-2 --amount 1 --currency EUR --time yesterday
expect_contains "$ERR" "time:" "a bad time is named"
expect_status 0 "$CLOUT" conversion add --order A-3 --amount 500 --currency JPY --code bob10 --time 2026-11-21 -o json
expect_status 0 "$CLOUT" conversion add --order A-4 --amount 7 --currency EUR --click 99999 -o json
expect_contains "$ERR" "warning: click_id: 99999" "an unknown click id is a warning, the order is kept"
expect_eq "$(json_get "$OUT" 'j["attribution"]["by"]')" "None" "and it is credited to nobody"

expect_status 64 "$CLOUT" conversion refund --order A-1 --amount 10
expect_contains "$ERR" "refund_id:" "a partial refund needs an id"
expect_status 0 "$CLOUT" conversion refund --order A-1 --amount 10.25 --refund-id R1 -o json
expect_eq "$(json_get "$OUT" 'j["refunded"], j["net"]')" "10.25 90.25" "partial refund"
expect_status 0 "$CLOUT" conversion refund --order A-1 --amount 10.25 --refund-id R1 -o json
expect_eq "$(json_get "$OUT" 'j["refunded"]')" "10.25" "the same refund again changes nothing"
expect_status 66 "$CLOUT" conversion refund --order nope

expect_status 0 "$CLOUT" report links -o json
expect_eq "$(json_get "$OUT" '[(r["link"], r["promo_code"], r["conversions"], r["revenue"]) for r in j["rows"]]')" \
  "[('spring', None, 0.0, []), (None, 'ANNA10', 1.0, [{'currency': 'EUR', 'net': '90.25', 'refunded': '10.25'}]), (None, 'BOB10', 1.0, [{'currency': 'JPY', 'net': '500', 'refunded': '0'}])]" \
  "rows per link and code, revenue net of refunds, per currency"
expect_status 0 "$CLOUT" report links --group influencer --influencer @anna -o json
expect_eq "$(json_get "$OUT" '[(r["influencer"], r["conversions"]) for r in j["rows"]]')" "[('anna', 1.0)]" "by influencer, filtered"
expect_status 0 "$CLOUT" report links --by day --from 2026-11-21 --to 2026-11-21 -o json
expect_eq "$(json_get "$OUT" '[(r["promo_code"], r["day"]) for r in j["rows"]]')" "[('BOB10', '2026-11-21')]" "by day within from/to"
expect_status 0 "$CLOUT" report links -o csv
expect_contains "$OUT" ",ANNA10,anna,s24,,0,0,0,0,1,,EUR,90.25,10.25" "csv row"
expect_status 0 "$CLOUT" report links -o table
expect_contains "$OUT" "90.25 EUR" "table shows revenue with its currency"
expect_status 64 "$CLOUT" report links --model best
expect_contains "$ERR" "--model: 'best'" "a bad model is named"
expect_status 64 "$CLOUT" report links --from 2026-13-01
expect_contains "$ERR" "--from:" "a bad date is named"
expect_status 0 "$CLOUT" conversion secret
secret=$OUT
expect_eq "${#secret}" "64" "the secret is 32 bytes in hex"
expect_status 0 "$CLOUT" conversion secret
expect_eq "$OUT" "$secret" "the secret is kept"
expect_status 0 "$CLOUT" conversion secret --rotate
[ "$OUT" != "$secret" ] && pass || fail "rotate makes a new secret"
finish

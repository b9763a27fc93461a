#!/usr/bin/env bash
# clout sentiment: JSON lines in, one JSON line out per record in order; --plain; --lang;
# malformed lines reported with their line number and skipped (exit 65); bad options and files.
. "$(dirname "$0")/lib.sh"
set -e

cat > posts.jsonl <<'JSONL'
{"id": "a1", "text": "I love this phone, the camera is AMAZING!!! 😍"}
{"id": 2, "text": "Worst customer service ever. Never again #NotHappy"}

{"id": "a3", "text": "Ce film n'est pas terrible, je me suis ennuyé"}
{"id": "a4", "text": "The package arrived on Tuesday"}
JSONL
expect_status 0 "$CLOUT" sentiment posts.jsonl
expect_eq "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')" "4" "one output line per record (blank lines hold none)"
line1=$(printf '%s\n' "$OUT" | sed -n 1p)
expect_eq "$(json_get "$line1" 'j["id"]')" "a1" "first record first"
expect_eq "$(json_get "$line1" 'j["label"]')" "positive" "love + caps + emoji is positive"
expect_eq "$(json_get "$line1" 'j["lang"]')" "en" "English detected"
expect_eq "$(json_get "$line1" '-1 <= j["compound"] <= 1 and j["compound"] > 0.5')" "True" "strong positive compound in range"
line2=$(printf '%s\n' "$OUT" | sed -n 2p)
expect_eq "$(json_get "$line2" 'j["id"]')" "2" "integer ids stay integers"
expect_eq "$(json_get "$line2" 'j["label"]')" "negative" "worst ... #NotHappy is negative"
line3=$(printf '%s\n' "$OUT" | sed -n 3p)
expect_eq "$(json_get "$line3" 'j["lang"]')" "fr" "French detected"
expect_eq "$(json_get "$line3" 'j["label"]')" "negative" "pas terrible is negative in French"
line4=$(printf '%s\n' "$OUT" | sed -n 4p)
expect_eq "$(json_get "$line4" 'j["label"]')" "neutral" "a plain fact is neutral"

# stdin, and the language forced
expect_status 0 "$CLOUT" sentiment --lang fr < posts.jsonl
expect_eq "$(json_get "$(printf '%s\n' "$OUT" | sed -n 1p)" 'j["lang"]')" "fr" "--lang fr is used as given"

# malformed lines: reported with their line number, skipped, the rest still scored, exit 65
cat > mixed.jsonl <<'JSONL'
{"id": 1, "text": "great"}
{"id": 2, "text": "awful"
{"id": 3}
["not", "an", "object"]
{"id": 5, "text": "fine"}
JSONL
expect_status 65 "$CLOUT" sentiment mixed.jsonl
expect_eq "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')" "2" "good records are still scored"
expect_eq "$(json_get "$(printf '%s\n' "$OUT" | sed -n 2p)" 'j["id"]')" "5" "order kept around skipped lines"
expect_contains "$ERR" "mixed.jsonl:2: malformed JSON" "line 2 reported"
expect_contains "$ERR" "mixed.jsonl:3: \"text\" must be a string" "line 3 reported"
expect_contains "$ERR" "mixed.jsonl:4: expected a JSON object" "line 4 reported"
expect_contains "$ERR" "3 malformed lines skipped" "count of skipped lines"

# --plain: one text per line, id = line number, invalid UTF-8 scored, never a crash
printf 'so happy today :-)\n\xff\xfe broken bytes \xc3\nje d\xc3\xa9teste \xc3\xa7a\r\n' > plain.txt
expect_status 0 "$CLOUT" sentiment --plain plain.txt
expect_eq "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')" "3" "one line out per plain line"
expect_eq "$(json_get "$(printf '%s\n' "$OUT" | sed -n 1p)" 'j["label"]')" "positive" "plain positive"
expect_eq "$(json_get "$(printf '%s\n' "$OUT" | sed -n 3p)" 'j["id"], j["label"]')" "3 negative" "plain French negative, CRLF tolerated"

# usage and input errors
expect_status 0 "$CLOUT" sentiment --help
expect_contains "$OUT" "--lang LANG" "help comes from the option table"
expect_contains "$OUT" "--plain" "help lists --plain"
expect_status 64 "$CLOUT" sentiment --lang de posts.jsonl
expect_contains "$ERR" "--lang must be auto, en or fr" "bad --lang named"
expect_status 66 "$CLOUT" sentiment no-such-file.jsonl
expect_contains "$ERR" "no-such-file.jsonl" "missing file named"

# a user lexicon extends the rules; a bad one is reported with its line
printf 'clouty\t3\n' > lex.tsv
echo '{"id":1,"text":"so clouty"}' > one.jsonl
expect_status 0 "$CLOUT" sentiment one.jsonl
expect_eq "$(json_get "$OUT" 'j["label"]')" "neutral" "unknown word is neutral"
expect_status 0 "$CLOUT" sentiment --lexicon lex.tsv one.jsonl
expect_eq "$(json_get "$OUT" 'j["label"]')" "positive" "user lexicon entry scores"
printf 'ok\t1\nbad line\n' > badlex.tsv
expect_status 65 "$CLOUT" sentiment --lexicon badlex.tsv one.jsonl
expect_contains "$ERR" "badlex.tsv:2:" "bad lexicon line reported"
# --param sets a rules.txt parameter (bench/sentiment-cv searches them); an unknown one is named
echo '{"id":1,"text":"the food was not good"}' > neg.jsonl
expect_status 0 "$CLOUT" sentiment --lang en neg.jsonl
shipped=$(json_get "$OUT" 'j["compound"]')
expect_status 0 "$CLOUT" sentiment --lang en --param negation_scalar=0.5 neg.jsonl
expect_eq "$(json_get "$OUT" 'j["compound"] > 0 > '"$shipped")" "True" "a negation parameter flips the negated word"
expect_status 64 "$CLOUT" sentiment --param bogus=1 neg.jsonl
expect_contains "$ERR" "unknown sentiment parameter 'bogus'" "unknown parameter named"
expect_status 64 "$CLOUT" sentiment --param alpha neg.jsonl
expect_contains "$ERR" "'alpha' is not NAME=VALUE" "a parameter without a value"
expect_status 64 "$CLOUT" sentiment --param alpha=abc neg.jsonl
expect_contains "$ERR" "alpha: 'abc' is not a number" "a parameter's value through the one number parser"
# threads: the same records in the same order, bad lines reported at the same place, whatever -j
python3 -c '
import json
for i in range(20000):
    if i % 4999 == 7:
        print("{not json")
    elif i % 3001 == 5:
        print("")
    else:
        print(json.dumps({"id": "p%d" % i if i % 2 else i, "text": ["great day!", "this is awful", "meh", "je déteste ça"][i % 4] + " #%d" % i}))
' > many.jsonl
expect_status 65 "$CLOUT" sentiment -j1 many.jsonl
one=$OUT; one_err=$ERR
expect_status 65 "$CLOUT" sentiment -j3 many.jsonl
[ "$OUT" = "$one" ] && pass || fail "-j3 writes what -j1 writes"
expect_eq "$ERR" "$one_err" "-j3 reports the malformed lines as -j1 does"
expect_eq "$(printf '%s\n' "$OUT" | wc -l)" "19989" "one record per good line"
expect_contains "$ERR" "many.jsonl:8: malformed JSON" "the bad line named"
expect_status 0 "$CLOUT" sentiment -j2 --plain many.jsonl
expect_eq "$(printf '%s\n' "$OUT" | sed -n '20000p' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')" "20000" "plain ids are line numbers with threads"
# a pipe is read in blocks (a file is mapped): the same output and reports
expect_status 65 sh -c 'cat many.jsonl | "$0" sentiment -j3' "$CLOUT"
[ "$OUT" = "$one" ] && pass || fail "a pipe with -j3 writes what the file with -j1 writes"
expect_eq "$ERR" "${one_err//many.jsonl/<stdin>}" "a pipe reports the malformed lines as the file does"
# an output that cannot be written is named, exit 74 (not "out of memory")
if [ -w /dev/full ]; then
  expect_status 74 sh -c '"$0" sentiment one.jsonl > /dev/full' "$CLOUT"
  expect_contains "$ERR" "cannot write the output" "a full disk named"
fi
# sentiment needs no store: none is opened or made, wherever CLOUT_DB or --db points
rm -f "$CLOUT_DB" ./clout.db
expect_status 0 "$CLOUT" sentiment one.jsonl
expect_status 0 "$CLOUT" --db nowhere/store.db sentiment one.jsonl
[ ! -e "$CLOUT_DB" ] && [ ! -e ./clout.db ] && [ ! -e nowhere ] && pass || fail "sentiment made a store"
finish

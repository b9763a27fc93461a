#!/usr/bin/env bash
# docs/crm.md's worked example runs as written: each "$ clout ..." line of the example, on a fresh
# store holding the guide's accounts, prints what the guide shows after it (stdout and stderr) and
# exits with the status the guide gives ("(exit status N)", else 0).
. "$(dirname "$0")/lib.sh"
set -e
DOC=$CLOUT_SOURCE/docs/crm.md
fresh_store crmdoc
export CLOUT_DB=$STORE
sed -n '/^<!-- accounts.jsonl -->$/,/^<!-- end -->$/p' "$DOC" | sed -n 's/^    //p' > accounts.jsonl
expect_eq "$(wc -l < accounts.jsonl | tr -d ' ')" 3 "the guide's accounts are read"
sed -n '/^<!-- example -->$/,/^<!-- end -->$/p' "$DOC" | sed -n 's/^    //p' > example.txt
commands=0
run_block() { # CMD EXPECTED
  local cmd=$1 want=$2 status=0 got rc
  case "$want" in
    *"(exit status "*")") status=${want##*(exit status }; status=${status%)}; want=${want%$'\n'(exit status *}
      [ "$want" = "(exit status $status)" ] && want="" ;;
  esac
  set +e
  got=$(eval "\"\$CLOUT\" ${cmd#clout }" 2>&1)
  rc=$?
  set -e
  expect_eq "$rc" "$status" "exit status of: $cmd"
  expect_eq "$got" "$want" "output of: $cmd"
  commands=$((commands + 1))
}
cmd="" want=""
while IFS= read -r line; do
  if [ "${line#\$ }" != "$line" ]; then
    [ -n "$cmd" ] && run_block "$cmd" "$want"
    cmd=${line#\$ } want=""
  else
    want=${want:+$want$'\n'}$line
  fi
done < example.txt
[ -n "$cmd" ] && run_block "$cmd" "$want"
[ "$commands" -ge 20 ] && pass || fail "the example has its commands ($commands)"
finish

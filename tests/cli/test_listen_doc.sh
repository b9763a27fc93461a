#!/usr/bin/env bash
# test_listen_doc.sh: the worked example of docs/listen.md, run as written: each "$ clout ..." line
# between the example markers is run (with tests/fixtures/listen/tour.jsonl in the working
# directory) and its stdout must be the lines that follow it in the document.
source "$(dirname "$0")/lib.sh"

DOC=$CLOUT_SOURCE/docs/listen.md
cp "$CLOUT_SOURCE/tests/fixtures/listen/tour.jsonl" .
# The example: the indented lines between the markers, without their 4 spaces of indent.
sed -n '/^<!-- example: run by tests\/cli\/test_listen_doc.sh -->$/,/^<!-- end example -->$/p' "$DOC" |
  sed -n 's/^    //p' >example.txt
[ "$(grep -c '^\$ clout ' example.txt)" -ge 8 ] && pass || fail "the example has its commands"

run_step() {
  local cmd=$1 want=$2 got
  set +e
  got=$(eval "\"\$CLOUT\" ${cmd#clout }" 2>"$SCRATCH/step.err")
  local rc=$?
  set -e
  if [ "$rc" -ne 0 ]; then fail "$cmd exited $rc: $(cat "$SCRATCH/step.err")"; return; fi
  if [ "$got" == "$want" ]; then pass; else fail "$cmd printed:
$got
the document says:
$want"; fi
}

cmd="" want=""
while IFS= read -r line; do
  if [[ $line == '$ '* ]]; then
    [ -n "$cmd" ] && run_step "$cmd" "$want"
    cmd=${line#\$ } want=""
  else
    want+=${want:+$'\n'}$line
  fi
done <example.txt
[ -n "$cmd" ] && run_step "$cmd" "$want"

finish

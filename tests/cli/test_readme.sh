#!/usr/bin/env bash
# The README's "Using it" examples run as written, in order, in an empty folder (with `clout` on the
# PATH, as the README says to put it): each exits 0. `clout serve` (which runs until stopped) is
# the one line left out; tests/e2e start the server.
. "$(dirname "$0")/lib.sh"
set -e
export PATH="$(dirname "$CLOUT"):$PATH"
unset CLOUT_DB
mkdir readme && cd readme
examples=$(sed -n '/^## Using it/,/^The store is/p' "$CLOUT_SOURCE/README.md" | sed -n 's/^    //p')
[ "$(printf '%s\n' "$examples" | grep -c '^clout ')" -ge 10 ] && pass || fail "the README's examples were found"
while IFS= read -r line; do
  case "$line" in clout\ serve*|"") continue ;; esac
  expect_status 0 bash -o pipefail -c "$line" </dev/null
  case "$line" in
    *overlap*) expect_contains "$OUT" "@anna_cooks35" "the README's overlap finds its accounts" ;;
    *"| clout sentiment"*) expect_eq "$(printf '%s\n' "$OUT" | wc -l)" "5" "one sentiment line per post" ;;
  esac
done <<<"$examples"
finish

#!/usr/bin/env bash
# Users, roles, API tokens and the audit log from the CLI: passwords from stdin or generated once,
# refused names and roles, tokens printed once and revocable, every write in the audit log.
. "$(dirname "$0")/lib.sh"
set -e
cost="--password-cost min"
expect_status 0 bash -c "printf 'hunter2hunter2\n' | '$CLOUT' user add ana --role pr --password-stdin $cost"
expect_eq "$OUT" "" "a password from stdin is not printed"
expect_contains "$ERR" "added user ana (pr)" "user add says what it did"
expect_status 0 "$CLOUT" user add bob --role viewer $cost
expect_eq "${#OUT}" "24" "a generated password is printed once (24 characters)"
expect_status 65 "$CLOUT" user add ana --role admin $cost
expect_contains "$ERR" "user 'ana' exists" "a taken name is refused"
expect_status 64 "$CLOUT" user add eve --role root $cost
expect_contains "$ERR" "'root' is not a role" "an unknown role is named"
expect_status 64 "$CLOUT" user add "e ve" --role viewer $cost
expect_contains "$ERR" "name:" "a bad name is refused"
expect_status 64 bash -c "printf 'short\n' | '$CLOUT' user add eve --role viewer --password-stdin $cost"
expect_contains "$ERR" "password: shorter than 8" "a short password is refused"
expect_status 64 "$CLOUT" user add carol
expect_contains "$ERR" "--role is required" "the role is required"
expect_status 0 "$CLOUT" user list -o json
expect_eq "$(json_get "$OUT" '[(u["name"], u["role"]) for u in j]')" "[('ana', 'pr'), ('bob', 'viewer')]" "user list"
expect_status 0 "$CLOUT" user role bob analyst
expect_status 0 "$CLOUT" user list -o table
expect_contains "$OUT" "analyst" "the role changed"
expect_status 66 "$CLOUT" user role nobody analyst
# tokens
expect_status 0 "$CLOUT" token create --user ana --expires 90d
token=$OUT
expect_contains "$token" "ct_1." "the token is printed"
expect_contains "$ERR" "shown once" "the token is shown once"
expect_status 0 "$CLOUT" token list -o json
expect_eq "$(json_get "$OUT" '[(t["id"], t["user"], t["revoked_at"]) for t in j]')" "[(1, 'ana', 0)]" "token list"
case "$OUT" in *"${token#ct_1.}"*) fail "token list shows the secret" ;; *) pass ;; esac
if grep -a -q -- "${token#ct_1.}" "$CLOUT_DB"; then fail "the store holds the token's secret"; else pass; fi
expect_status 64 "$CLOUT" token create --user ana --expires 3w
expect_status 66 "$CLOUT" token create --user nobody
expect_status 66 "$CLOUT" token create --user ana -w nowhere
expect_contains "$ERR" "nowhere" "a missing workspace is named"
expect_status 0 "$CLOUT" token revoke 1
expect_status 66 "$CLOUT" token revoke 1
expect_contains "$ERR" "no live token with id 1" "a revoked token cannot be revoked again"
expect_status 64 "$CLOUT" token revoke abc
expect_status 0 "$CLOUT" user rm bob
expect_status 66 "$CLOUT" user rm bob
expect_status 0 "$CLOUT" link create --url https://shop.example.com/ --code spring -o json
# the audit log
expect_status 0 "$CLOUT" audit -o json
expect_eq "$(json_get "$OUT" '[e["action"] for e in j]')" \
  "['user.add', 'user.add', 'user.role', 'token.create', 'token.revoke', 'user.remove', 'link.create']" "audit actions"
expect_eq "$(json_get "$OUT" 'sorted(set((e["actor"], e["origin"]) for e in j))')" "[('local', 'cli')]" "audit who and where"
expect_eq "$(json_get "$OUT" 'j[-1]["object"]')" "link:spring" "audit object"
expect_status 0 "$CLOUT" audit --since 2999-01-01 -o json
expect_eq "$OUT" "[]" "--since filters"
expect_status 64 "$CLOUT" audit --since yesterday
finish

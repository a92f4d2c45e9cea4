#!/usr/bin/env bash
# `tandem scim token create|list|revoke` through the real binary and plugin: the token alone on the
# last line, only its hash in the database files, a list without secrets, duplicate and unknown
# names, and usage errors. A name the plugin refuses (not 1 to 64 of [A-Za-z0-9._-]) is a usage
# error: exit 2 (see `tandem scim --help`).
set -euo pipefail
tandem="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data="$work/data"
fail() { echo "FAIL: $*" >&2; exit 1; }
run() { "$tandem" --data-dir "$data" --log-level info "$@"; }
# Runs a command expected to fail: its exit code in $rc, stderr in $work/err.
run_fails() { set +e; run "$@" > "$work/out" 2> "$work/err"; rc=$?; set -e; }

# create: a human line, then the token alone on the last line of stdout.
run scim token create --name okta > "$work/create.out" 2> "$work/create.err"
lines=$(wc -l < "$work/create.out")
[[ $lines -ge 2 ]] || fail "create should print a message and the token: $(cat "$work/create.out")"
head -n 1 "$work/create.out" | grep -q 'shown only once' || fail "create message: $(cat "$work/create.out")"
token=$(tail -n 1 "$work/create.out")
[[ $token =~ ^tdm_scim_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$ ]] || fail "token shape: '$token'"
[[ $(tail -c 1 "$work/create.out" | od -An -c | tr -d ' ') == '\n' ]] || fail "stdout must end with the token's line"
[[ $(tail -n 1 "$work/create.out") == "$token" && $(tail -n 1 "$work/create.out" | wc -w) == 1 ]] ||
  fail "the last line must be the token alone"
secret=${token:26}
lookup=${token:9:16}
hash=$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)

# The store holds the lookup and the hash, never the token or its secret; the logs neither.
ls "$data"/tandem.db* > /dev/null || fail "no database in $data"
if grep -aqF "$secret" "$data"/tandem.db*; then fail "the database files contain the token's secret"; fi
if grep -aqF "$token" "$data"/tandem.db*; then fail "the database files contain the token"; fi
grep -aqF "$hash" "$data"/tandem.db* || fail "the database files lack the token's hash $hash"
grep -aqF "$lookup" "$data"/tandem.db* || fail "the database files lack the token's lookup"
grep -aqF "scim.token.create" "$data"/tandem.db* || fail "no audit entry scim.token.create"
if grep -qF "$secret" "$work/create.err"; then fail "the log contains the token's secret"; fi

# list: the name and its status, no secret.
run scim token list > "$work/list.out" 2> "$work/list.err"
grep -q 'okta' "$work/list.out" || fail "list: $(cat "$work/list.out")"
grep -q 'active' "$work/list.out" || fail "list status: $(cat "$work/list.out")"
grep -q 'never' "$work/list.out" || fail "list last use: $(cat "$work/list.out")"
if grep -qF "$secret" "$work/list.out" "$work/list.err"; then fail "list shows the secret"; fi
run scim token list --json > "$work/list.json" 2> /dev/null
python3 - "$work/list.json" <<'PY' || fail "list --json: $(cat "$work/list.json")"
import json, sys
tokens = json.load(open(sys.argv[1]))["tokens"]
assert [t["name"] for t in tokens] == ["okta"], tokens
assert tokens[0]["status"] == "active" and tokens[0]["revoked_at"] is None, tokens
assert "token" not in tokens[0] and "hash" not in tokens[0], tokens
PY
if grep -qF "$secret" "$work/list.json"; then fail "list --json shows the secret"; fi

# The same name again: exit 1, saying why.
run_fails scim token create --name okta
[[ $rc == 1 ]] || fail "duplicate create: exit $rc, expected 1"
grep -qi 'already exists' "$work/err" || fail "duplicate message: $(cat "$work/err")"
[[ ! -s "$work/out" ]] || fail "a failed create printed: $(cat "$work/out")"

# A second provider, with --json.
run scim token create --name entra.prod --json > "$work/entra.json" 2> /dev/null
python3 - "$work/entra.json" <<'PY' || fail "create --json: $(cat "$work/entra.json")"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["name"] == "entra.prod" and r["token"].startswith("tdm_scim_") and r["created_at"], r
PY

# revoke, then list shows it revoked; revoking it again or an unknown name exits 1.
run scim token revoke okta > "$work/revoke.out" 2> /dev/null
grep -q 'revoked' "$work/revoke.out" || fail "revoke: $(cat "$work/revoke.out")"
run scim token list > "$work/list2.out" 2> /dev/null
grep -E '^okta .*revoked' "$work/list2.out" > /dev/null || fail "list after revoke: $(cat "$work/list2.out")"
grep -E '^entra\.prod .*active' "$work/list2.out" > /dev/null || fail "list: $(cat "$work/list2.out")"
grep -aqF "scim.token.revoke" "$data"/tandem.db* || fail "no audit entry scim.token.revoke"
run_fails scim token revoke okta
[[ $rc == 1 ]] || fail "revoking a revoked token: exit $rc, expected 1"
run_fails scim token revoke nobody
[[ $rc == 1 ]] || fail "revoking an unknown name: exit $rc, expected 1"
grep -q "no active SCIM token named 'nobody'" "$work/err" || fail "unknown message: $(cat "$work/err")"

# After a revoke the name can get a new token.
run scim token create --name okta > "$work/again.out" 2> /dev/null
[[ $(tail -n 1 "$work/again.out") != "$token" ]] || fail "a new token must differ"

# Bad names and usage errors: exit 2.
for name in 'bad name' 'okta/../x' "$(printf 'x%.0s' {1..65})" 'é'; do
  run_fails scim token create --name "$name"
  [[ $rc == 2 ]] || fail "bad name '$name': exit $rc, expected 2"
  grep -q 'invalid SCIM token name' "$work/err" || fail "bad name message: $(cat "$work/err")"
done
run scim token create --name "$(printf 'x%.0s' {1..64})" > /dev/null 2>&1 || fail "64 characters are fine"
for args in "scim token create" "scim token create okta" "scim token frob" "scim tokens list" \
            "scim token list extra" "scim token revoke" "scim token revoke --name okta" "scim"; do
  # shellcheck disable=SC2086
  run_fails $args
  [[ $rc == 2 ]] || fail "'tandem $args': exit $rc, expected 2"
done
echo "scim token CLI: all checks passed"

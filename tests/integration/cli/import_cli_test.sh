#!/usr/bin/env bash
# `tandem import` through the real binary and plugin: CSV and SCIM files, the per-row report, and a
# malformed file that changes nothing.
set -euo pipefail
tandem="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data="$work/data"
fail() { echo "FAIL: $*" >&2; exit 1; }
field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

cat > "$work/people.csv" <<'CSV'
id,userName,displayName,email,department,title,level,hireDate,manager,languages,groups
e1,renee.dupont,"Dupont, Renée",renee@example.com,Finance,CFO,8,2004-05-01,,fr;en,all-staff
e2,tom.lee,Tom Lee,tom@example.com,Finance,Analyst,2,2023-09-01,e1,en,all-staff;tandem-hr-admins
e3,bad.level,Bad Level,bad@example.com,Sales,Rep,high,2020-01-01,e1,en,
e4,no.mail,No Mail,not-an-email,Sales,Rep,3,2021-01-01,e1,en,
CSV
out=$("$tandem" --data-dir "$data" import "$work/people.csv" --json)
[[ $(echo "$out" | field "['added']") == 2 ]] || fail "added: $out"
[[ $(echo "$out" | field "['rejected'].__len__()") == 2 ]] || fail "rejected: $out"
echo "$out" | grep -q 'level' || fail "rejection reason should name the level: $out"
echo "$out" | grep -q 'email' || fail "rejection reason should name the email: $out"

# The human summary lists the rejected rows too.
summary=$("$tandem" --data-dir "$data" import "$work/people.csv")
echo "$summary" | grep -qi 'rejected' || fail "summary: $summary"
echo "$summary" | grep -q 'e3' || fail "summary should name row e3: $summary"

again=$("$tandem" --data-dir "$data" import "$work/people.csv" --json)
[[ $(echo "$again" | field "['unchanged']") == 2 ]] || fail "second run should be unchanged: $again"

# A malformed file (unterminated quote) fails with exit 1 and changes nothing.
printf 'id,userName,displayName\ne9,new.person,"Never closed\n' > "$work/broken.csv"
set +e
"$tandem" --data-dir "$data" import "$work/broken.csv" > "$work/broken.out" 2>&1
rc=$?
set -e
[[ $rc == 1 ]] || fail "malformed file: exit $rc, expected 1"
grep -qi 'nothing imported' "$work/broken.out" || fail "malformed message: $(cat "$work/broken.out")"
health=$("$tandem" --data-dir "$data" health)
[[ $(echo "$health" | field "['employees']") == 2 ]] || fail "store changed: $health"

# SCIM ListResponse, updating one person and adding another.
cat > "$work/users.json" <<'JSON'
{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":2,
 "Resources":[
  {"id":"e2","userName":"tom.lee","displayName":"Tom Lee","title":"Senior Analyst",
   "emails":[{"value":"tom@example.com","primary":true}],
   "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Finance","manager":{"value":"e1"}}},
  {"id":"e5","userName":"zoe.martin","displayName":"Zoé Martin","emails":[{"value":"zoe@example.com"}]}]}
JSON
scim=$("$tandem" --data-dir "$data" import "$work/users.json" --json)
[[ $(echo "$scim" | field "['format']") == scim ]] || fail "format: $scim"
[[ $(echo "$scim" | field "['added']") == 1 && $(echo "$scim" | field "['updated']") == 1 ]] ||
  fail "scim counts: $scim"

# A missing file and a bad format flag.
set +e
"$tandem" --data-dir "$data" import "$work/nope.csv" > /dev/null 2>&1
[[ $? == 1 ]] || fail "missing file should exit 1"
"$tandem" --data-dir "$data" import --format xml "$work/people.csv" > /dev/null 2>&1
rc=$?
set -e
[[ $rc == 2 || $rc == 1 ]] || fail "bad format exit $rc"
echo "import CLI: all checks passed"

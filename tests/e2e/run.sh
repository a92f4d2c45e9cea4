#!/usr/bin/env bash
# End-to-end UI tests: tests/e2e/run.sh <path-to-tandem-binary> <path-to-tandem_e2e_slapd>
# Starts a private slapd (tandem_e2e_slapd: E2E_LDAP_PEOPLE generated people on a free loopback
# port), seeds demo data in a temporary directory, starts `tandem serve --demo` on a free loopback
# port with the slapd as its ldap.* settings (so "Sync now" on the HR page is real), waits for
# /healthz, runs the Chromium tests (node --test) against it, then stops the server and slapd on
# every exit path (the runner also stops when this script's pipe to it closes).
# Environment: CHROMIUM_PATH (default /usr/bin/chromium), E2E_EMPLOYEES (default 520),
# E2E_LDAP_PEOPLE (default 300).
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 <path-to-tandem-binary> <path-to-tandem_e2e_slapd>" >&2
  exit 2
fi
tandem="$(realpath "$1")"
slapd_runner="$(realpath "$2")"
ldap_people="${E2E_LDAP_PEOPLE:-300}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
employees="${E2E_EMPLOYEES:-520}"

if [[ ! -x "$tandem" ]]; then
  echo "e2e: $tandem is not an executable" >&2
  exit 2
fi
if [[ ! -x "$slapd_runner" ]]; then
  echo "e2e: $slapd_runner is not an executable (build the tandem_e2e_slapd target)" >&2
  exit 2
fi
if [[ ! -x "$chromium" ]]; then
  echo "e2e: Chromium not found at $chromium (apt-get install -y chromium)" >&2
  exit 1
fi
if [[ ! -d "$here/node_modules/playwright-core" || ! -d "$here/node_modules/axe-core" ]]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/tandem-e2e.XXXXXX")"
server_pid=""
ldap_pid=""
node_pid=""
# Stops a child: SIGTERM, then SIGKILL after `tenths` tenths of a second.
stop_child() {
  local pid=$1 tenths=$2
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 "$tenths"); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_child "$node_pid" 50 # node --test closes its browsers on SIGTERM
  stop_child "$server_pid" 50
  # The runner stops slapd (SIGTERM, SIGKILL after 5 s) and removes its directory; slapd also gets
  # SIGTERM when the runner dies (PR_SET_PDEATHSIG).
  stop_child "$ldap_pid" 100
  if [[ $status -ne 0 && -f "$work/server.log" ]]; then
    echo "---- last lines of the server log ----" >&2
    tail -n 40 "$work/server.log" >&2 || true
  fi
  if [[ $status -ne 0 && -f "$work/slapd.log" ]]; then
    echo "---- last lines of the slapd runner log ----" >&2
    tail -n 20 "$work/slapd.log" >&2 || true
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT INT TERM

data="$work/data"
mkdir -p "$data"
cd "$work" # nothing lands in the caller's directory, whatever the defaults

# The runner's stdin is a pipe this shell holds (close-on-exec for other children): when this
# script ends in any way, the runner reads end-of-file and stops slapd.
ldap_config="$work/ldap.properties"
coproc LDAP_RUNNER { exec "$slapd_runner" "$ldap_config" "$ldap_people" > "$work/slapd.log" 2>&1; }
ldap_pid=$LDAP_RUNNER_PID
"$tandem" --data-dir "$data" demo --employees "$employees" > "$work/demo.log" 2>&1 || {
  echo "e2e: 'tandem demo' failed:" >&2
  cat "$work/demo.log" >&2
  exit 1
}

for _ in $(seq 1 120); do # 120 x 0.5 s = 60 s at most (slapadd and start-up)
  [[ -f "$ldap_config" ]] && break
  if ! kill -0 "$ldap_pid" 2>/dev/null; then
    echo "e2e: tandem_e2e_slapd exited before slapd was ready:" >&2
    cat "$work/slapd.log" >&2
    exit 1
  fi
  sleep 0.5
done
if [[ ! -f "$ldap_config" ]]; then
  echo "e2e: slapd was not ready within 60 s" >&2
  exit 1
fi

port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});')"
url="http://127.0.0.1:${port}"
# The sync adopts a group of the same name from the demo data and replaces its members: leave the
# directory's tandem-hr-admins out, so the demo HR admin (harness.mjs) keeps the role after a sync.
TANDEM_LDAP_GROUP_FILTER='(&(objectClass=groupOfNames)(!(cn=tandem-hr-admins)))' \
  "$tandem" --config "$ldap_config" --data-dir "$data" serve --demo --listen "127.0.0.1:${port}" > "$work/server.log" 2>&1 &
server_pid=$!

ready=0
for _ in $(seq 1 60); do # 60 x 0.5 s = 30 s at most
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "e2e: the server exited before it was ready" >&2
    exit 1
  fi
  if node -e 'fetch(process.argv[1], {signal: AbortSignal.timeout(2000)}).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$url/healthz"; then
    ready=1
    break
  fi
  sleep 0.5
done
if [[ $ready -ne 1 ]]; then
  echo "e2e: $url/healthz did not answer within 30 s" >&2
  exit 1
fi

cd "$here"
shopt -s nullglob
tests=(tests/*.test.mjs)
# One file at a time: scenarios share one server and one switches the module off and on.
# In the background with `wait`, so SIGINT/SIGTERM run the cleanup at once (bash defers traps until
# a foreground child ends).
TANDEM_URL="$url" CHROMIUM_PATH="$chromium" E2E_EMPLOYEES="$employees" E2E_LDAP_PEOPLE="$ldap_people" \
  node --test --test-concurrency=1 "${tests[@]}" &
node_pid=$!
wait "$node_pid"

#!/usr/bin/env bash
# End-to-end UI tests: tests/e2e/run.sh <path-to-tandem-binary>
# Seeds demo data in a temporary directory, starts `tandem serve --demo` on a free loopback port,
# waits for /healthz, runs the Chromium tests (node --test) against it and stops the server.
# Environment: CHROMIUM_PATH (default /usr/bin/chromium), E2E_EMPLOYEES (default 520).
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 <path-to-tandem-binary>" >&2
  exit 2
fi
tandem="$(realpath "$1")"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
employees="${E2E_EMPLOYEES:-520}"

if [[ ! -x "$tandem" ]]; then
  echo "e2e: $tandem is not an executable" >&2
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
cleanup() {
  local status=$?
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [[ $status -ne 0 && -f "$work/server.log" ]]; then
    echo "---- last lines of the server log ----" >&2
    tail -n 40 "$work/server.log" >&2 || true
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT INT TERM

data="$work/data"
mkdir -p "$data"
cd "$work" # nothing lands in the caller's directory, whatever the defaults
"$tandem" --data-dir "$data" demo --employees "$employees" > "$work/demo.log" 2>&1 || {
  echo "e2e: 'tandem demo' failed:" >&2
  cat "$work/demo.log" >&2
  exit 1
}

port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});')"
url="http://127.0.0.1:${port}"
"$tandem" --data-dir "$data" serve --demo --listen "127.0.0.1:${port}" > "$work/server.log" 2>&1 &
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
TANDEM_URL="$url" CHROMIUM_PATH="$chromium" E2E_EMPLOYEES="$employees" node --test --test-concurrency=1 "${tests[@]}"

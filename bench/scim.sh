#!/usr/bin/env bash
# Runs the SCIM service provider benchmark (results in docs/benchmarks.md). Builds nothing:
# build first, optimised (Release or RelWithDebInfo), e.g.
#   cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
#   ninja -C build/release bench_scim_load        # also builds tandem and libtandem.so
# Usage: bench/scim.sh [BUILD_DIR] [--users N] [--members N] [--batch N] [--clients N]
#        [--duration 10s] [--connections 8] [--threads 2] [--profile DIR] [--keep]
# BUILD_DIR defaults to $TANDEM_BUILD_DIR, else build/release. Needs wrk on PATH
# (Debian/Ubuntu: `apt-get install wrk`; elsewhere build https://github.com/wg/wrk) and curl.
#
# In one run, against a fresh data dir and `tandem serve` on 127.0.0.1 with the SCIM rate limit
# off (TANDEM_SCIM_RATE_LIMIT_PER_SECOND=0):
#   1. bench_scim_load (bench/scim_load.cpp) POSTs --users users (100,000) from --clients (8)
#      keep-alive connections, printing users/s per 10,000, then makes one group and PATCHes
#      --members (20,000) into it, --batch (1,000) per PATCH;
#   2. wrk (bench/scim_wrk.lua; --connections 8, --threads 2, --duration 10s each) measures
#      filter on a random userName, paging at startIndex = 90 % of --users + 1 and at 1 (count
#      100), POST of new users, PATCH of a random user's title, PATCH adding/removing one member
#      of the big group (Entra and Okta shapes): requests/s and p99 latency;
#   3. the peak RSS of the server (VmHWM in /proc/PID/status) at the end.
# Each figure is printed next to its target and the ratio. With --profile DIR, each wrk run is
# repeated once more under `perf record -g -p PID` (DIR/perf.<name>.data; not counted).
# --keep keeps the data dir and logs. Exit code: 0 when every measurement ran (targets met or
# not), 1 on a setup or measurement failure, 2 on bad arguments or missing tools.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${TANDEM_BUILD_DIR:-$here/../build/release}"
if [[ $# -gt 0 && "$1" != --* ]]; then build="$1"; shift; fi
users=100000 members=20000 batch=1000 clients=8 duration=10s connections=8 threads=2
profile="" keep=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --users) users="$2"; shift 2 ;;
    --members) members="$2"; shift 2 ;;
    --batch) batch="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --profile) profile="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    *) sed -n '2,9p' "${BASH_SOURCE[0]}" >&2; exit 2 ;;
  esac
done
(( members <= users )) || { echo "scim.sh: --members must not exceed --users" >&2; exit 2; }

tandem="$build/tandem"
loader="$build/bench/bench_scim_load"
for f in "$tandem" "$loader"; do
  if [[ ! -x "$f" ]]; then
    echo "scim.sh: $f not found; build the bench_scim_load target (Release or RelWithDebInfo) first" >&2
    exit 2
  fi
done
if ! command -v wrk >/dev/null 2>&1; then
  echo "scim.sh: wrk not found. Install it: Debian/Ubuntu \`sudo apt-get install wrk\`," \
       "Fedora \`sudo dnf install wrk\`, macOS \`brew install wrk\`, or build" \
       "https://github.com/wg/wrk (make; put wrk on PATH)" >&2
  exit 2
fi
command -v curl >/dev/null 2>&1 || { echo "scim.sh: curl not found" >&2; exit 2; }
if [[ -n "$profile" ]] && ! command -v perf >/dev/null 2>&1; then
  echo "scim.sh: --profile needs perf" >&2; exit 2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/tandem-scim-bench.XXXXXX")"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if (( keep )); then echo "kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

echo "machine: $(nproc) cpus, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)," \
     "$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM"
echo "uptime: $(uptime)"
echo "wrk: $(wrk --version 2>&1 | head -1 | cut -c1-40); tandem: $tandem"
echo "users $users, group members $members (PATCH batch $batch), loader clients $clients;" \
     "wrk -t$threads -c$connections -d$duration"

# A free loopback port (the kernel's pick), then the server.
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' \
        2>/dev/null || echo $((20000 + RANDOM % 30000)))"
data="$work/data"
mkdir -p "$data"
"$tandem" scim token create --name bench --data-dir "$data" > "$work/token.out" 2>"$work/token.err" || {
  echo "scim.sh: token create failed:" >&2; cat "$work/token.err" >&2; exit 1; }
tail -n 1 "$work/token.out" > "$work/token"
chmod 600 "$work/token"
TANDEM_SCIM_RATE_LIMIT_PER_SECOND=0 TANDEM_LOG_LEVEL=warn \
  "$tandem" serve --listen "127.0.0.1:$port" --data-dir "$data" > "$work/serve.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  code="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(cat "$work/token")" \
          "$base/scim/v2/ServiceProviderConfig" || true)"
  [[ "$code" == 200 ]] && break
  kill -0 "$server_pid" 2>/dev/null || { echo "scim.sh: tandem serve exited:" >&2; cat "$work/serve.log" >&2; exit 1; }
  sleep 0.2
done
[[ "$code" == 200 ]] || { echo "scim.sh: server not ready (last status $code)" >&2; exit 1; }
echo "server: pid $server_pid on $base, data dir $data"

# 1. The initial load.
"$loader" --url "$base/scim/v2" --token-file "$work/token" --out "$work" --users "$users" \
  --clients "$clients" --members "$members" --batch "$batch" | tee "$work/load.out"
load_line="$(grep '^LOAD ' "$work/load.out")"
field() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p" <<<"$2"; }
load_rate="$(field rate "$load_line")"
load_first="$(field first "$load_line")"
load_last="$(field last "$load_line")"
group_id="$(cat "$work/group.txt" 2>/dev/null || true)"
echo "RSS after load: $(awk '/VmHWM/ {printf "%.1f MB peak", $2/1024}' "/proc/$server_pid/status")"

# 2. wrk, one run per request kind.
deep=$(( users * 9 / 10 + 1 ))
declare -A result
run_wrk() {  # name mode [arg]
  local name="$1"; shift
  local out="$work/wrk.$name.out"
  echo "--- wrk $name (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  SCIM_TOKEN="$(cat "$work/token")" SCIM_BENCH_LABEL="$name" SCIM_BENCH_MEMBERS="$members" \
    SCIM_BENCH_NONCE="$name$$" \
    wrk --latency -t"$threads" -c"$connections" -d"$duration" -s "$here/scim_wrk.lua" "$base" \
    -- "$1" "$work/users.tsv" "${2:-}" > "$out" 2>&1 || { cat "$out" >&2; exit 1; }
  grep -E 'Requests/sec|Latency  |99%|Non-2xx|Socket errors' "$out" | sed 's/^/  /'
  result[$name]="$(grep '^RESULT ' "$out")"
  echo "  ${result[$name]}"
  if [[ -n "$profile" ]]; then
    mkdir -p "$profile"
    perf record -g -p "$server_pid" -o "$profile/perf.$name.data" 2>"$work/perf.$name.err" &
    local perf_pid=$!
    SCIM_TOKEN="$(cat "$work/token")" SCIM_BENCH_LABEL="$name-profiled" \
      SCIM_BENCH_MEMBERS="$members" SCIM_BENCH_NONCE="p$name$$" \
      wrk -t"$threads" -c"$connections" -d"$duration" -s "$here/scim_wrk.lua" "$base" \
      -- "$1" "$work/users.tsv" "${2:-}" > "$out.profiled" 2>&1 || true
    kill -INT "$perf_pid" 2>/dev/null || true
    wait "$perf_pid" 2>/dev/null || true
    echo "  profile: $profile/perf.$name.data"
  fi
}
run_wrk filter filter
run_wrk page_deep get "/scim/v2/Users?startIndex=$deep&count=100"
run_wrk page_first get "/scim/v2/Users?startIndex=1&count=100"
run_wrk create create
run_wrk patch_user patch_user
if [[ -n "$group_id" ]]; then run_wrk patch_group patch_group "$group_id"; fi

# 3. Peak RSS of the server over the whole run.
rss_mb="$(awk '/VmHWM/ {printf "%.1f", $2/1024}' "/proc/$server_pid/status")"

# The figures against their targets (ratio = measured / target; "max" targets are met at
# ratio <= 1, "min" targets at ratio >= 1).
echo
echo "=== bench/scim: $users users, group of $members; load average now $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-44s %14s %14s %7s  %s\n' figure measured target ratio result
row() {  # label value unit target kind(max|min|-)
  local label="$1" value="$2" unit="$3" target="$4" kind="$5"
  if [[ "$kind" == - || -z "$value" ]]; then
    printf '%-44s %14s %14s %7s  %s\n' "$label" "$value $unit" "—" "—" "—"
    return
  fi
  awk -v l="$label" -v v="$value" -v u="$unit" -v t="$target" -v k="$kind" 'BEGIN {
    r = v / t; ok = (k == "max") ? (v <= t) : (v >= t)
    printf "%-44s %14s %14s %7.2f  %s\n", l, v " " u, (k == "max" ? "<= " : ">= ") t " " u, r,
           ok ? "met" : "MISSED" }'
}
r() { field "$2" "${result[$1]:-}"; }
row "initial load (users/s, all $users)" "$load_rate" "u/s" 2000 min
row "  first 10,000 (users/s)" "$load_first" "u/s" 2000 min
row "  last 10,000 (users/s)" "$load_last" "u/s" 2000 min
last_vs_first="$(awk -v a="$load_last" -v b="$load_first" 'BEGIN { printf "%.2f", a / b }')"
row "  last / first (as fast: >= 0.9)" "$last_vs_first" "x" 0.9 min
row "filter userName eq, p99" "$(r filter p99_ms)" ms 5 max
row "filter userName eq, requests/s" "$(r filter rps)" "req/s" "" -
row "paging startIndex=$deep count=100, p99" "$(r page_deep p99_ms)" ms 20 max
row "paging startIndex=$deep, requests/s" "$(r page_deep rps)" "req/s" "" -
row "paging startIndex=1 count=100, p99" "$(r page_first p99_ms)" ms 20 max
row "paging startIndex=1, requests/s" "$(r page_first rps)" "req/s" "" -
row "POST /Users, p99" "$(r create p99_ms)" ms "" -
row "POST /Users, requests/s" "$(r create rps)" "req/s" "" -
row "PATCH user title, p99" "$(r patch_user p99_ms)" ms "" -
row "PATCH user title, requests/s" "$(r patch_user rps)" "req/s" "" -
if [[ -n "$group_id" ]]; then
  row "PATCH 1 member of $members-group, p99" "$(r patch_group p99_ms)" ms "" -
  row "PATCH 1 member of $members-group, req/s" "$(r patch_group rps)" "req/s" "" -
fi
row "peak RSS of tandem serve (VmHWM)" "$rss_mb" MB 150 max
bad=0
for name in "${!result[@]}"; do
  n2="$(r "$name" non2xx)"; se="$(r "$name" socket_errors)"
  if [[ "$n2" != 0 || "$se" != 0 ]]; then
    echo "WARNING: $name had $n2 non-2xx responses and $se socket errors" >&2; bad=1
  fi
done
(( bad == 0 )) || exit 1

#!/usr/bin/env bash
# Runs the LDAP sync benchmark (bench/ldap_sync.cpp; results in docs/benchmarks.md). Builds
# nothing: build first, optimised (Release or RelWithDebInfo), e.g.
#   cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
#   ninja -C build/release bench_ldap_sync
# Usage: bench/ldap_sync.sh [BUILD_DIR] [bench_ldap_sync options: --people N --repeat N
#        --modify N --seed N --tandem PATH --profile PERF_DATA]
# BUILD_DIR defaults to $TANDEM_BUILD_DIR, else build/release. Needs slapd, slapadd, ldapsearch
# and ldapmodify on PATH (OpenLDAP server and client tools).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${TANDEM_BUILD_DIR:-$here/../build/release}"
if [[ $# -gt 0 && "$1" != --* ]]; then build="$1"; shift; fi
bin="$build/bench/bench_ldap_sync"
if [[ ! -x "$bin" ]]; then
  echo "ldap_sync.sh: $bin not found; build the bench_ldap_sync target (Release or RelWithDebInfo) first" >&2
  exit 2
fi
for tool in slapd slapadd ldapsearch ldapmodify; do
  if ! command -v "$tool" >/dev/null 2>&1 && [[ ! -x "/usr/sbin/$tool" ]]; then
    echo "ldap_sync.sh: $tool not found (install the OpenLDAP server and client tools)" >&2
    exit 2
  fi
done
echo "machine: $(nproc) cpus, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)," \
     "$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM"
echo "uptime: $(uptime)"
exec "$bin" "$@"

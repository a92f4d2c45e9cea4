#!/usr/bin/env bash
# Installs what Tandem needs to build, test and run, on Debian 12, as root. Installs only what is
# missing (non-interactive), so running it again is fast. Called by `make run` and `make test`.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libpoco-dev libsqlitecpp-dev libsqlite3-dev sqlite3 nlohmann-json3-dev libspdlog-dev libfmt-dev
  libssl-dev libgtest-dev libgmock-dev
  nodejs npm chromium
  python3 curl ca-certificates binutils openssl
  libldap-dev ldap-utils slapd
  libhowardhinnant-date-dev tzdata
  clang libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# A machine may already have node/npm from elsewhere: then the Debian packages are not needed.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: run as root (or install: ${missing[*]})" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  # The tests start their own private slapd: install it without a system instance.
  echo "slapd slapd/no_configuration boolean true" | debconf-set-selections
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# playwright-core needs Node.js 20 or newer (Debian 12's own nodejs is 18).
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if ((node_major < 20)); then
  echo "setup: Node.js $(node --version 2>/dev/null || echo missing) is too old for the browser tests;" \
       "install Node.js 20 or newer (e.g. the nodejs package of a newer Debian)" >&2
  exit 1
fi

# Browser-test packages from npm (pinned by tests/e2e/package-lock.json).
root=$(cd "$(dirname "$0")/.." && pwd)
if [[ -f "$root/tests/e2e/package-lock.json" ]]; then
  lock="$root/tests/e2e/package-lock.json"
  stamp="$root/tests/e2e/node_modules/.tandem-lock"
  if [[ ! -f "$stamp" ]] || ! cmp -s "$lock" "$stamp"; then
    echo "setup: installing browser-test packages (npm ci)"
    (cd "$root/tests/e2e" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$lock" "$stamp"
  fi
fi
echo "setup: all dependencies present"

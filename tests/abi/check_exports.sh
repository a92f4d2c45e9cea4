#!/usr/bin/env bash
# libtandem.so must export exactly the C ABI entry symbols (defined, dynamic, global).
set -euo pipefail
lib="$1"
exported=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRVWiu]$/ {print $3}' | sed 's/@.*//' | sort -u)
expected=$(printf '%s\n' tdm_plugin_entry_v1 tdm_plugin_manifest_v1 | sort -u)
if [[ "$exported" != "$expected" ]]; then
  echo "libtandem.so exports unexpected symbols:" >&2
  diff <(echo "$expected") <(echo "$exported") >&2 || true
  exit 1
fi
echo "exports ok: $(echo "$exported" | tr '\n' ' ')"

#!/usr/bin/env bash
# The README's CLI section is exactly what `tandem help --markdown` prints.
set -euo pipefail
tandem="$1"
readme="$2"
expected=$("$tandem" help --markdown)
actual=$(sed -n '/<!-- BEGIN tandem help --markdown -->/,/<!-- END tandem help --markdown -->/p' "$readme" |
  sed '1d;$d')
if [[ "$expected" != "$actual" ]]; then
  echo "README.md's CLI section differs from 'tandem help --markdown':" >&2
  diff <(echo "$expected") <(echo "$actual") >&2 || true
  echo "Regenerate it from 'tandem help --markdown'." >&2
  exit 1
fi
echo "README CLI section matches tandem help --markdown"

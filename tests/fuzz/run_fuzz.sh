#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang into BUILD_DIR/fuzz, one by one, and runs
# each for a bounded time over its seed corpus (tests/fuzz/corpus/<name>/, never modified: new
# inputs go to BUILD_DIR/fuzz/corpus/<name>/). Fails when a target does not build or finds a crash,
# a leak, a timeout or an out-of-memory; the reproducer lands in BUILD_DIR/fuzz/artifacts/<name>/.
#
# Usage: run_fuzz.sh BUILD_DIR [TARGET...]     (no TARGET: every target of targets.txt)
# Environment:
#   TANDEM_FUZZ_SECONDS  fuzzing time per target (default 30)
#   TANDEM_FUZZ_CXX      the clang++ to use (default clang++)
#   TANDEM_FUZZ_ARGS     extra libFuzzer flags, e.g. "-max_len=8192 -jobs=2"
# Exit: 0 all passed, 1 a failure, 2 usage, 77 no clang (skipped).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [[ $# -lt 1 ]]; then
  sed -n '2,13p' "${BASH_SOURCE[0]}" >&2
  exit 2
fi
mkdir -p "$1/fuzz" || exit 2
out=$(cd "$1/fuzz" && pwd)
shift
seconds=${TANDEM_FUZZ_SECONDS:-30}
cxx=${TANDEM_FUZZ_CXX:-clang++}
if [[ ! $seconds =~ ^[0-9]+$ ]]; then
  echo "run_fuzz: TANDEM_FUZZ_SECONDS must be a number of seconds, got '$seconds'" >&2
  exit 2
fi
if ! command -v "$cxx" >/dev/null; then
  echo "run_fuzz: SKIP: $cxx not found (libFuzzer needs clang)"
  exit 77
fi

targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  mapfile -t targets < <(grep -E '^[A-Za-z]' "$here/targets.txt" | awk '{print $1}')
fi

# One build directory: one run at a time.
exec 9>"$out/.lock"
flock 9

launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
echo "run_fuzz: configuring $out with $cxx"
if ! cmake -S "$here" -B "$out" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" "${launcher[@]}" \
    >"$out/configure.log" 2>&1; then
  cat "$out/configure.log"
  echo "run_fuzz: FAIL: configure"
  exit 1
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

cd "$out" || exit 1  # libFuzzer writes fuzz-<n>.log into the working directory with -jobs
failed=()
summary=()
for t in "${targets[@]}"; do
  if ! grep -qE "^$t( |$)" "$here/targets.txt"; then
    echo "run_fuzz: FAIL $t: not listed in targets.txt"
    failed+=("$t")
    continue
  fi
  echo "run_fuzz: building $t"
  start=$(date +%s)
  if ! cmake --build "$out" -j2 --target "$t" >"$out/$t.build.log" 2>&1; then
    tail -n 40 "$out/$t.build.log"
    echo "run_fuzz: FAIL $t: does not build (full log: $out/$t.build.log)"
    failed+=("$t")
    summary+=("$t: build failed")
    continue
  fi
  built=$(date +%s)
  mkdir -p "$out/corpus/$t" "$out/artifacts/$t"
  args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
        -artifact_prefix="$out/artifacts/$t/")
  [[ -f $here/$t.dict ]] && args+=(-dict="$here/$t.dict")
  seeds=()
  [[ -d $here/corpus/$t ]] && seeds=("$here/corpus/$t")
  echo "run_fuzz: running $t for ${seconds}s (built in $((built - start))s)"
  # shellcheck disable=SC2086  # TANDEM_FUZZ_ARGS is a list of flags
  "$out/$t" "${args[@]}" ${TANDEM_FUZZ_ARGS:-} "$out/corpus/$t" "${seeds[@]}" >"$out/$t.log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$t.log" | tail -n 1)
  secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$out/$t.log" | tail -n 1)
  cov=$(grep -oE 'cov: [0-9]+' "$out/$t.log" | tail -n 1)
  rate="?"
  if [[ -n $runs && -n $secs && $secs -gt 0 ]]; then rate=$((runs / secs)); fi
  if [[ $rc -ne 0 ]]; then
    tail -n 60 "$out/$t.log"
    echo "run_fuzz: FAIL $t: exit $rc; reproducer: $(ls "$out/artifacts/$t" | head -n 3 | tr '\n' ' ')"
    echo "run_fuzz: replay with: $out/$t $out/artifacts/$t/<file>"
    failed+=("$t")
    summary+=("$t: FAILED (exit $rc) after ${runs:-?} runs")
    continue
  fi
  summary+=("$t: ${runs:-?} runs in ${secs:-?}s (${rate} exec/s), ${cov:-cov: ?}, built in $((built - start))s")
done

echo "run_fuzz: summary"
for line in "${summary[@]}"; do echo "  $line"; done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "run_fuzz: FAILED: ${failed[*]}"
  exit 1
fi
echo "run_fuzz: all passed"

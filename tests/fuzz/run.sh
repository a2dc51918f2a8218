#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang, build-fuzz/) and runs each for SECONDS (default 20),
# one after the other, on a fresh copy of its seed corpus. Prints per harness the runs executed,
# the final coverage and "ok" or the crash, then "N passed, M failed"; exits 1 if any failed.
#
#   tests/fuzz/run.sh [SECONDS]
#
# Environment: CTC_FUZZ_BUILD_DIR (default <repo>/build-fuzz), JOBS (build parallelism, default
# nproc), HARNESSES (space-separated subset, default all).
# Crash inputs are kept in <build>/tests/fuzz/artifacts/, full logs in <build>/tests/fuzz/logs/.
set -uo pipefail

SECONDS_EACH="${1:-20}"
if ! [[ "$SECONDS_EACH" =~ ^[0-9]+$ ]] || [ "$SECONDS_EACH" -lt 1 ]; then
  echo "usage: $0 [SECONDS]   (a positive number of seconds per harness)" >&2
  exit 2
fi
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUILD="${CTC_FUZZ_BUILD_DIR:-$ROOT/build-fuzz}"
JOBS="${JOBS:-$(nproc)}"

for tool in clang clang++ cmake; do
  if ! command -v "$tool" >/dev/null; then
    echo "$0: $tool not found; the fuzz harnesses need clang/libFuzzer (Debian: apt-get install clang)" >&2
    exit 2
  fi
done

if [ -z "${HARNESSES:-}" ]; then
  HARNESSES=""
  for f in "$HERE"/fuzz_*.cpp; do HARNESSES="$HARNESSES $(basename "$f" .cpp)"; done
fi

echo "== configuring and building $BUILD"
CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCTC_FUZZ=ON -DCTC_FUZZ_SECONDS="$SECONDS_EACH" >"$BUILD.configure.log" 2>&1 || {
  cat "$BUILD.configure.log" >&2
  echo "0 passed, 1 failed (configure)"
  exit 1
}
# shellcheck disable=SC2086
if ! cmake --build "$BUILD" -j"$JOBS" --target $HARNESSES; then
  echo "0 passed, 1 failed (build)"
  exit 1
fi

OUT="$BUILD/tests/fuzz"
mkdir -p "$OUT/artifacts" "$OUT/logs" "$OUT/run-corpus"
passed=0
failed=0
for h in $HARNESSES; do
  corpus="$OUT/run-corpus/$h"
  log="$OUT/logs/$h.log"
  rm -rf "$corpus"
  mkdir -p "$corpus"
  cp -R "$HERE/${h}_corpus/." "$corpus/" 2>/dev/null || true
  start=$(date +%s)
  timeout --kill-after=30 $((SECONDS_EACH + 120)) "$OUT/$h" \
    -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$OUT/artifacts/$h-" "$corpus" >"$log" 2>&1
  rc=$?
  elapsed=$(( $(date +%s) - start ))
  runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -1)
  [ -n "$runs" ] || runs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
  if [ "$rc" -eq 0 ] && grep -q '^Done [0-9]* runs' "$log"; then
    passed=$((passed + 1))
    printf '%-26s runs: %-9s %-24s %4ss  ok\n' "$h" "${runs:-?}" "${cov:-cov: ?}" "$elapsed"
  else
    failed=$((failed + 1))
    why=$(grep -m1 -E 'fuzz property violated|ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer)|runtime error:|SUMMARY:' "$log")
    [ -n "$why" ] || why="exit status $rc (see $log)"
    unit=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
    printf '%-26s runs: %-9s %-24s %4ss  CRASH: %s\n' "$h" "${runs:-?}" "${cov:-cov: ?}" "$elapsed" "$why"
    where=$(grep -m1 -E '^ +#[0-9]+ .* in .*/(src|include)/' "$log" | sed -E 's/^ +#[0-9]+ 0x[0-9a-f]+ in //')
    [ -n "$where" ] && echo "    at:    $where"
    [ -n "$unit" ] && echo "    input: $unit"
    echo "    log:   $log"
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

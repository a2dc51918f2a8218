#!/usr/bin/env bash
# API description parse + plan time and peak memory, in process (no server, no network).
#   bench/spec-plan.sh [ctc_spec_plan_bench options: --paths N --chains N --depth N --runs N
#                       --format json|yaml|both]
# Builds ctc_spec_plan_bench (bench/spec_plan_bench.cpp) in a Release build directory
# (BUILD_DIR, default build/) and runs it: a generated OpenAPI 3.0 document of 2,000 operations
# (500 paths x 4 methods) whose request bodies are $ref chains 8 deep, as JSON and as YAML. For
# each it prints the document size, operations, the median of 3 runs of parse, plan and total
# time, the endpoints and insertion points planned and the peak RSS of that format's process;
# then "goal: total < 1000 ms: met|NOT met" for the slower of the two.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-build}
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$ROOT/$BUILD_DIR" ;; esac
command -v cmake >/dev/null || { echo "needs cmake (make deps)"; exit 1; }

LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
# Quiet unless the build fails (compiler warnings from unrelated sources are not the figures).
{ cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release &&
  cmake --build "$BUILD_DIR" --target ctc_spec_plan_bench -j"$(nproc)"; } >"$LOG" 2>&1 ||
  { cat "$LOG"; echo "build failed"; exit 1; }
echo "ctc_spec_plan_bench ($(grep -m1 'CMAKE_BUILD_TYPE:' "$BUILD_DIR/CMakeCache.txt" | cut -d= -f2)), $(nproc) cores"
"$BUILD_DIR/bench/ctc_spec_plan_bench" "$@"

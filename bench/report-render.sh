#!/usr/bin/env bash
# Report rendering: time and size per format for 1,000 findings (in process), then what a
# server's API does while 8 clients download a 1,000-finding PDF over and over: /health
# latency (p50/p99, wrk, one connection) before and during the downloads, and downloads/s.
#   bench/report-render.sh [findings, default 1000] [seconds, default 10]
# Loopback only. Builds ctc_report_render_bench and the server in BUILD_DIR (default build/).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-build}
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$ROOT/$BUILD_DIR" ;; esac
N=${1:-1000}
SECS=${2:-10}
for t in cmake wrk curl jq sqlite3; do command -v $t >/dev/null || { echo "needs $t (apt-get install $t)"; exit 1; }; done
LOG=$(mktemp)
WORK=$(mktemp -d)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$WORK" "$LOG"' EXIT
{ cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release &&
  cmake --build "$BUILD_DIR" --target ctc_report_render_bench crashtest-compat -j"$(nproc)"; } >"$LOG" 2>&1 ||
  { cat "$LOG"; echo "build failed"; exit 1; }
echo "== in process, $(nproc) cores"
"$BUILD_DIR/bench/ctc_report_render_bench" --findings "$N"

echo "== server: /health while 8 clients download the PDF"
"$BUILD_DIR/crashtest-compat" serve --listen 127.0.0.1:0 --db "$WORK/data/crashtest.db" \
  --port-file "$WORK/port" --log-level warn --rate-limit 0 --allow-private-targets 2>"$WORK/server.log" & PIDS+=($!)
for _ in $(seq 1 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
BASE="http://127.0.0.1:$(cat "$WORK/port")"; KEY=$(cat "$WORK/data/initial-api-key")
P=$(curl -s -H "API_KEY: $KEY" -H 'Content-Type: application/json' \
  -d '{"title":"bench","url":"http://127.0.0.1:9/"}' "$BASE/api/v1/teams/1/projects" | jq .data.id)
# A finished scan with N findings, written straight into the database (no target is scanned).
sqlite3 "$WORK/data/crashtest.db" <<SQL
INSERT INTO scans(id, target_id, status_code, progress, created_at, started_at, finished_at)
  VALUES (1, $P, 200, 100, '2026-12-07T12:00:00Z', '2026-12-07T12:00:01Z', '2026-12-07T12:09:41Z');
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $N)
INSERT INTO findings(scan_id, check_id, family, title, severity, cwe, owasp, url, method,
  parameter, evidence_request, evidence_response, description, recommendation, references_json)
SELECT 1, 'xss.reflected' || (i % 50), 'xss', 'Reflected cross-site scripting', 'high', 79,
  'A03:2021-Injection', 'https://shop.example.com/catalogue/item-' || i || '?q=1', 'GET',
  'q' || (i % 7), 'GET https://shop.example.com/catalogue/item-' || i || '?q=%3Cb%3E',
  'the payload became executable markup: <b>', 'User input is written into the page unescaped.',
  'Encode output for its HTML context.', '["https://owasp.org/www-community/attacks/xss/"]'
FROM n;
SQL
URL="$BASE/api/v1/teams/1/scans/1/report/pdf"
T0=$(date +%s.%N); SIZE=$(curl -s -H "API_KEY: $KEY" -o "$WORK/first.pdf" -w '%{size_download}' "$URL"); T1=$(date +%s.%N)
echo "first download (rendered on demand: no worker ended this scan): $(python3 -c "print('%.0f' % (($T1-$T0)*1000))") ms, $((SIZE / 1024)) KiB"
T0=$(date +%s.%N); curl -s -H "API_KEY: $KEY" -o /dev/null "$URL"; T1=$(date +%s.%N)
echo "second download (stored): $(python3 -c "print('%.0f' % (($T1-$T0)*1000))") ms"
health() { wrk -t1 -c1 -d"${SECS}s" --latency "$BASE/health" | awk '$1 == "50%" {p50=$2} $1 == "99%" {p99=$2} /Requests\/sec/ {rps=$2} END {print "p50 " p50 ", p99 " p99 ", " rps " req/s"}'; }
echo "/health alone: $(health)"
: > "$WORK/downloads"
for _ in $(seq 1 8); do
  ( end=$(( $(date +%s) + SECS + 1 )); while [ "$(date +%s)" -lt "$end" ]; do
      curl -s -H "API_KEY: $KEY" -o /dev/null "$URL" && echo >> "$WORK/downloads"; done ) & PIDS+=($!)
done
sleep 0.5
echo "/health during 8 PDF downloaders: $(health)"
wait "${PIDS[@]:1}" 2>/dev/null || true
echo "PDF downloads completed meanwhile: $(wc -l < "$WORK/downloads") ($(python3 -c "print('%.1f' % ($(wc -l < "$WORK/downloads") / ($SECS + 1)))")/s)"

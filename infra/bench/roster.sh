#!/usr/bin/env bash
# Roster import benchmark: time to import N (default 10,000) participants into Keycloak and the
# range, then the same file again (idempotent re-run). Targets: 10,000 rows in under 5 minutes,
# the re-run in under 1 minute.
#
# Usage: infra/bench/roster.sh [rows] [concurrency]
#   Starts Keycloak with infra/keycloak/start.sh (port B2C_KEYCLOAK_PORT, default 8180) if it is
#   not running, builds the range if target/quarkus-app is missing, starts it on a free loopback
#   port with an embedded PostgreSQL in a temp folder, and prints a table. All traffic stays on
#   127.0.0.1. Users are named bench-<run>-<n>, so runs do not collide.
set -euo pipefail
ROWS="${1:-10000}"
CONCURRENCY="${2:-16}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PORT_KC="${B2C_KEYCLOAK_PORT:-8180}"
KC="http://127.0.0.1:$PORT_KC"
RUN="$(date +%s)"
WORK="$(mktemp -d /tmp/b2c-bench-roster.XXXXXX)"
APP_PID=""
cleanup() {
  if [ -n "$APP_PID" ]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# The demo Keycloak and its demo secrets: the range runs in run.sh's demo mode (B2C_DEMO).
eval "$("$ROOT/infra/keycloak/start.sh" --port "$PORT_KC" | grep '^export ')"
if [ ! -f "$ROOT/target/quarkus-app/quarkus-run.jar" ]; then
  (cd "$ROOT" && ./mvnw -q package -DskipTests)
fi
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
APP_PORT="$(free_port)"
B2C_DATA_DIR="$WORK/data" B2C_HTTP_PORT="$APP_PORT" B2C_HTTP_HOST=127.0.0.1 B2C_LOG_JSON=false \
  B2C_MANAGEMENT_PORT="$(free_port)" B2C_DEMO=true \
  B2C_CATALOG_PATH="$ROOT/challenges" \
  java -Db2c.identity.roster-concurrency="$CONCURRENCY" -jar "$ROOT/target/quarkus-app/quarkus-run.jar" \
  >"$WORK/range.log" 2>&1 &
APP_PID=$!
APP="http://127.0.0.1:$APP_PORT"
for _ in $(seq 1 300); do
  curl -fsS -o /dev/null "$APP/q/health/ready" 2>/dev/null && break
  kill -0 "$APP_PID" 2>/dev/null || { tail -30 "$WORK/range.log"; exit 1; }
  sleep 1
done

TOKEN="$(curl -fsS -d grant_type=password -d client_id=range-cli -d username=instructor1 \
  -d password=demo-instructor1 "$KC/realms/born2control/protocol/openid-connect/token" \
  | python3 -c 'import sys,json;print(json.load(sys.stdin)["access_token"])')"

python3 - "$ROWS" "$RUN" >"$WORK/roster.csv" <<'PY'
import sys
rows, run = int(sys.argv[1]), sys.argv[2]
print("participant_id,full_name,email,cohort")
for i in range(rows):
    print(f"bench-{run}-{i:05d},Peserta {i} Latihan,bench-{run}-{i}@example.org,bench-{run}-c{i % 20:02d}")
PY

import_once() {
  local start end job state status
  start=$(date +%s.%N)
  job=$(curl -fsS -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/csv' \
    --data-binary @"$WORK/roster.csv" "$APP/api/admin/roster" \
    | python3 -c 'import sys,json;print(json.load(sys.stdin)["jobId"])')
  while :; do
    # tokens live 5 minutes: refresh before each poll burst is not needed for polling every 2 s
    # within a run shorter than that; a longer run refreshes below.
    status=$(curl -fsS -H "Authorization: Bearer $TOKEN" "$APP/api/admin/roster/$job" || true)
    if [ -z "$status" ]; then
      TOKEN="$(curl -fsS -d grant_type=password -d client_id=range-cli -d username=instructor1 \
        -d password=demo-instructor1 "$KC/realms/born2control/protocol/openid-connect/token" \
        | python3 -c 'import sys,json;print(json.load(sys.stdin)["access_token"])')"
      continue
    fi
    state=$(echo "$status" | python3 -c 'import sys,json;print(json.load(sys.stdin)["state"])')
    [ "$state" = done ] || [ "$state" = failed ] && break
    sleep 2
  done
  end=$(date +%s.%N)
  echo "$status" | python3 -c "
import sys,json
s=json.load(sys.stdin); secs=$end-$start
print(f\"| $1 | {s['total']} | {s['created']} | {s['updated']} | {s['unchanged']} | {s['failed']} | {secs:.1f} | {s['total']/secs:.1f} |\")"
}

echo "Roster import, $ROWS rows, concurrency $CONCURRENCY, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| run | rows | created | updated | unchanged | failed | seconds | rows/s |"
echo "|---|---|---|---|---|---|---|---|"
import_once first
import_once again
echo "load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
# The range's own account of each import (time to read the directory, totals).
grep -h "roster import" "$WORK/range.log" | sed 's/^/# /' | cut -c1-220

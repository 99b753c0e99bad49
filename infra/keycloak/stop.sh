#!/usr/bin/env bash
# Stops the Keycloak started by infra/keycloak/start.sh (its process group, by the recorded pid).
set -euo pipefail
CACHE="${B2C_CACHE:-$HOME/.cache/b2c}"
PID_FILE="$CACHE/keycloak.pid"
[ -f "$PID_FILE" ] || { echo "no Keycloak pid file in $CACHE"; exit 0; }
PID="$(cat "$PID_FILE")"
if kill -0 "$PID" 2>/dev/null; then
  pkill -TERM -P "$PID" 2>/dev/null || true
  kill -TERM "$PID" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$PID" 2>/dev/null || break; sleep 1; done
fi
rm -f "$PID_FILE"
echo "Keycloak stopped"

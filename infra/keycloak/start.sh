#!/usr/bin/env bash
# Starts the Born2Control Keycloak (DEMO realm) on 127.0.0.1 and waits until it answers.
#
# Usage: infra/keycloak/start.sh [--port 8180] [--foreground]
#   Downloads org.keycloak:keycloak-quarkus-dist (through Maven) into ~/.cache/b2c on first use,
#   imports infra/keycloak/born2control-realm.json (only if the realm does not exist yet), starts
#   Keycloak in the background with its log in ~/.cache/b2c/keycloak-<version>.log, and prints
#   the environment the range needs (B2C_OIDC_*). Stop it with: infra/keycloak/stop.sh
# Environment: B2C_KEYCLOAK_PORT (8180), B2C_CACHE (~/.cache/b2c),
#   KC_BOOTSTRAP_ADMIN_USERNAME / KC_BOOTSTRAP_ADMIN_PASSWORD (admin / admin-demo, first start only).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# The one Keycloak version of the project: pom.xml's keycloak.version (also what the tests run).
VERSION=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' "$ROOT/pom.xml" | head -1)
[ -n "$VERSION" ] || { echo "no <keycloak.version> in $ROOT/pom.xml" >&2; exit 1; }
CACHE="${B2C_CACHE:-$HOME/.cache/b2c}"
PORT="${B2C_KEYCLOAK_PORT:-8180}"
FOREGROUND=false
while [ $# -gt 0 ]; do
  case "$1" in
    --port) PORT="$2"; shift 2 ;;
    --foreground) FOREGROUND=true; shift ;;
    *) echo "unknown option $1 (use --port N, --foreground)" >&2; exit 2 ;;
  esac
done
HOME_DIR="$CACHE/keycloak-$VERSION"
PID_FILE="$CACHE/keycloak.pid"
LOG="$CACHE/keycloak-$VERSION.log"
URL="http://127.0.0.1:$PORT"

if curl -fsS -o /dev/null "$URL/realms/born2control/.well-known/openid-configuration" 2>/dev/null; then
  echo "Keycloak already answers on $URL"
else
  mkdir -p "$CACHE"
  if [ ! -x "$HOME_DIR/bin/kc.sh" ]; then
    ZIP="$CACHE/keycloak-quarkus-dist-$VERSION.zip"
    if [ ! -f "$ZIP" ]; then
      echo "Fetching keycloak-quarkus-dist $VERSION through Maven..."
      MVN="$ROOT/mvnw"; [ -x "$MVN" ] || MVN=mvn
      "$MVN" -q -f "$ROOT/pom.xml" dependency:copy \
        -Dartifact="org.keycloak:keycloak-quarkus-dist:$VERSION:zip" -DoutputDirectory="$CACHE"
    fi
    (cd "$CACHE" && unzip -q -o "$ZIP")
  fi
  # The range's login theme (infra/keycloak/themes/born2control), selected by the realm file.
  cp -R "$HERE/themes/." "$HOME_DIR/themes/"
  mkdir -p "$HOME_DIR/data/import"
  cp "$HERE/born2control-realm.json" "$HOME_DIR/data/import/born2control-realm.json"
  export KC_BOOTSTRAP_ADMIN_USERNAME="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}"
  export KC_BOOTSTRAP_ADMIN_PASSWORD="${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin-demo}"
  ARGS=(start-dev --http-host=127.0.0.1 --http-port="$PORT" --import-realm --health-enabled=false)
  if $FOREGROUND; then
    exec "$HOME_DIR/bin/kc.sh" "${ARGS[@]}"
  fi
  echo "Starting Keycloak $VERSION on $URL (log: $LOG)"
  nohup "$HOME_DIR/bin/kc.sh" "${ARGS[@]}" >"$LOG" 2>&1 &
  echo $! >"$PID_FILE"
  for _ in $(seq 1 180); do
    if curl -fsS -o /dev/null "$URL/realms/born2control/.well-known/openid-configuration" 2>/dev/null; then
      break
    fi
    if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
      echo "Keycloak exited; last lines of $LOG:" >&2; tail -20 "$LOG" >&2; exit 1
    fi
    sleep 1
  done
  curl -fsS -o /dev/null "$URL/realms/born2control/.well-known/openid-configuration" \
    || { echo "Keycloak did not answer within 180 s; see $LOG" >&2; exit 1; }
  echo "Keycloak is up on $URL"
fi
cat <<ENV
# Environment for the range (demo values, see infra/keycloak/README.md):
export B2C_OIDC_ENABLED=true
export B2C_OIDC_URL=$URL/realms/born2control
export B2C_OIDC_CLIENT_ID=range-web
export B2C_OIDC_CLIENT_SECRET=demo-range-web-secret-not-for-production
export B2C_KEYCLOAK_ADMIN_URL=$URL
export B2C_KEYCLOAK_ROSTER_SECRET=demo-range-roster-secret-not-for-production
ENV

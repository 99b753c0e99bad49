#!/usr/bin/env bash
# Brings the whole range up on this machine: installs what is missing (Debian, as root), starts
# the Docker engine, builds the offline base images, starts Keycloak, packages and starts the
# service with its embedded PostgreSQL, and prints the URL. Ctrl-C stops what it started.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. infra/lib.sh

data_dir="${B2C_DATA_DIR:-$root/data}"
export B2C_DATA_DIR="$data_dir"
mkdir -p "$data_dir/logs"

b2c_install_packages openjdk-17-jdk-headless maven docker.io debootstrap busybox-static unzip curl
b2c_ensure_docker "$data_dir/logs"
b2c_close_lab_bridges
b2c_start_ipam "$data_dir/logs"
infra/images/build.sh
b2c_check_engine

pids=()
keycloak_started=false
cleanup() {
  trap - INT TERM EXIT
  b2c_log "stopping"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if $keycloak_started; then infra/keycloak/stop.sh || true; fi
}
trap cleanup INT TERM EXIT

if [ -z "${B2C_OIDC_URL:-}" ]; then
  # The demo Keycloak (infra/keycloak): sign-in for the demo users listed in the README.
  keycloak_env=$(infra/keycloak/start.sh)
  eval "$(printf '%s\n' "$keycloak_env" | grep '^export B2C_')"
  keycloak_started=true
  # Explicit demo mode: the service accepts the demo secrets and marks every page "demo".
  export B2C_DEMO=true
  # The shipped firewall-block challenge needs NET_ADMIN, which only the operator can allow.
  export B2C_CATALOG_ALLOWED_CAPABILITIES="${B2C_CATALOG_ALLOWED_CAPABILITIES:-NET_ADMIN}"
fi

if [ ! -f target/quarkus-app/quarkus-run.jar ] || [ -n "$(find src pom.xml scoreboard-ui/src scoreboard-ui/index.html -newer target/quarkus-app/quarkus-run.jar -print -quit)" ]; then
  b2c_log "packaging the service"
  ./mvnw -q -DskipTests package
fi

port="${B2C_HTTP_PORT:-8080}"
b2c_log "starting the service on http://localhost:$port (data in $data_dir)"
java ${B2C_JAVA_OPTS:--Xmx1g} -jar target/quarkus-app/quarkus-run.jar &
pids+=($!)
for i in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1; then
    b2c_log "Born2Control Range is up: http://localhost:$port  (API docs and metrics on this machine only: http://127.0.0.1:${B2C_MANAGEMENT_PORT:-9000}/q/swagger-ui, /q/metrics)"
    break
  fi
  kill -0 "${pids[-1]}" 2>/dev/null || { b2c_log "the service stopped; see the output above"; exit 1; }
  sleep 1
done
wait "${pids[-1]}"

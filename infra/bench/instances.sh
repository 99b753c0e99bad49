#!/usr/bin/env bash
# Several-instances benchmark (issues 8 and 17): submissions and solves per second and SSE fan-out
# latency with 1 and then 2 service instances behind nginx (infra/cluster/instances.sh), on one
# PostgreSQL, in one run, 127.0.0.1 only. Real sign-in: bench trainees are created in the demo
# Keycloak (infra/keycloak/start.sh) and submit with their own bearer tokens.
#   - submissions/s: wrk, CONNECTIONS connections for DURATION, wrong flags rotating over TRAINEES
#     trainees (the per-trainee rate limit is lifted for the run);
#   - solves/s: wrk, CONNECTIONS connections for SOLVE_DURATION, right flags for new (trainee,
#     challenge) pairs only (TRAINEES x SOLVE_CHALLENGES pairs, a fresh set of challenges per
#     instance count), so every answer stores a solve; solves/s counts the correct answers;
#   - fan-out: CLIENTS SSE clients on /api/scoreboard/stream through nginx, SOLVES solves; the
#     time from sending a solve until the last client has an event naming the solver.
# Prints a table and appends it to infra/bench/RESULTS.md under HEADING ("Several instances").
# Each instance count starts with WARMUP of wrong flags: two instances on one 2-core machine share
# the cores for their JIT compilers too, and after a 60 s warm-up C2 was still 43-50 % of each
# instance's samples in the measured phase (2026-12-04).
# INSTANCE_CPUS (cores, e.g. 0.5) gives each instance a CPU budget of its own (a cgroup quota, see
# infra/cluster/instances.sh), as on nodes of their own: on one machine without it, a second
# instance shares the same cores with the first (and with PostgreSQL, nginx and wrk).
# Usage: infra/bench/instances.sh   (env: COUNTS ("1 2": instance counts to run) INSTANCE_CPUS TRAINEES WARMUP
#        CONNECTIONS DURATION SOLVE_DURATION SOLVE_CHALLENGES CLIENTS SOLVES HEAP LB_PORT BASE_PORT DB_PORT HEADING KEEP=1;
#        needs target/quarkus-app from ./mvnw package, nginx, wrk, python3)
set -euo pipefail

COUNTS=${COUNTS:-1 2}
HEADING=${HEADING:-Several instances}
TRAINEES=${TRAINEES:-40}
CONNECTIONS=${CONNECTIONS:-32}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-180s}
SOLVE_DURATION=${SOLVE_DURATION:-10s}
SOLVE_CHALLENGES=${SOLVE_CHALLENGES:-1000} # 40,000 pairs: more than one instance solves in 10 s
CLIENTS=${CLIENTS:-200}
SOLVES=${SOLVES:-15}
export HEAP=${HEAP:-384m}
export LB_PORT=${LB_PORT:-18480} BASE_PORT=${BASE_PORT:-18480} DB_PORT=${DB_PORT:-18432}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/b2c-instances-bench-XXXXXX)
export RUN_DIR="$WORK/cluster"
KC=http://127.0.0.1:${B2C_KEYCLOAK_PORT:-8180}
LB="http://127.0.0.1:$LB_PORT"

for tool in nginx wrk python3 curl; do
  command -v "$tool" >/dev/null || { echo "$tool is missing" >&2; exit 1; }
done
[[ -f "$ROOT/target/quarkus-app/quarkus-run.jar" ]] || { echo "run ./mvnw package first" >&2; exit 1; }
KC_STARTED=0
curl -fsS -o /dev/null "$KC/realms/born2control/.well-known/openid-configuration" 2>/dev/null || KC_STARTED=1
cleanup() {
  "$ROOT/infra/cluster/instances.sh" down >/dev/null 2>&1 || true
  [[ "$KC_STARTED" == 1 ]] && "$ROOT/infra/keycloak/stop.sh" >/dev/null 2>&1 || true
  [[ "${KEEP:-0}" == 1 ]] && echo "work folder kept: $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT
chmod 755 "$WORK"

eval "$("$ROOT/infra/keycloak/start.sh" | grep '^export ')"
# Admin tokens live 60 s: a fresh one for each trainee.
admin_token() {
  curl -fsS "$KC/realms/master/protocol/openid-connect/token" -d grant_type=password \
    -d client_id=admin-cli -d username="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}" \
    -d password="${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin-demo}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
admin=$(admin_token)
role=$(curl -fsS -H "Authorization: Bearer $admin" "$KC/admin/realms/born2control/roles/trainee")
run=$(date +%s)
token_of() {
  curl -fsS "$KC/realms/born2control/protocol/openid-connect/token" -d grant_type=password \
    -d client_id=range-cli -d username="$1" -d password="bench-$1" -d scope=openid \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
new_trainee() {
  admin=$(admin_token)
  curl -fsS -o /dev/null -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    "$KC/admin/realms/born2control/users" -d "{\"username\":\"$1\",\"enabled\":true,\"emailVerified\":true,
    \"email\":\"$1@example.org\",\"firstName\":\"$1\",\"lastName\":\"Bench\",\"groups\":[\"/cohorts/cohort-a\"],
    \"credentials\":[{\"type\":\"password\",\"value\":\"bench-$1\",\"temporary\":false}]}"
  local id
  id=$(curl -fsS -H "Authorization: Bearer $admin" "$KC/admin/realms/born2control/users?username=$1&exact=true" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
  curl -fsS -o /dev/null -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    "$KC/admin/realms/born2control/users/$id/role-mappings/realm" -d "[$role]"
}
echo "creating $TRAINEES submitters and $SOLVES solvers per instance count in Keycloak..." >&2
for i in $(seq 1 "$TRAINEES"); do new_trainee "b$run-s$i"; done
for n in $COUNTS; do
  : >"$WORK/solvers-$n"
  for i in $(seq 1 "$SOLVES"); do new_trainee "b$run-f$n-$i"; echo "b$run-f$n-$i" >>"$WORK/solvers-$n"; done
done
# Access tokens are short-lived: fetched right before each measurement.
fresh_tokens() {
  : >"$WORK/tokens"
  for i in $(seq 1 "$TRAINEES"); do token_of "b$run-s$i" >>"$WORK/tokens"; done
  : >"$WORK/solver-tokens-$1"
  while read -r u; do token_of "$u" >>"$WORK/solver-tokens-$1"; done <"$WORK/solvers-$1"
}

# The service as packaged now (a build running meanwhile does not change it under the bench).
cp -r "$ROOT/target/quarkus-app" "$WORK/app"
export B2C_JAR="$WORK/app/quarkus-run.jar"

# A copy of the catalog with the bench challenges.
cp -r "$ROOT/challenges" "$WORK/challenges"
for slug in bench-flag $(for n in $COUNTS; do echo "bench-fan$n"; done); do
  mkdir -p "$WORK/challenges/$slug"
  printf 'name: "%s"\ncategory: bench\ndescription: "Benchmark."\nvalue: 100\nflags:\n  - "B2C{bench}"\n' \
    "$slug" >"$WORK/challenges/$slug/challenge.yml"
done
for n in $COUNTS; do
  for ((c = 0; c < SOLVE_CHALLENGES; c++)); do
    slug=$(printf 'bench-s%s-%03d' "$n" "$c"); mkdir -p "$WORK/challenges/$slug"
    printf 'name: "%s"\ncategory: bench\ndescription: "Benchmark."\nvalue: 100\nflags:\n  - "B2C{bench}"\n' \
      "$slug" >"$WORK/challenges/$slug/challenge.yml"
  done
done
# The demo Keycloak's public secrets: the range refuses them unless in demo mode (as run.sh).
export B2C_DEMO=true
export B2C_CATALOG_PATH="$WORK/challenges" B2C_LABS_BUILD_ON_START=false B2C_COOKIE_SECURE=false
export B2C_SCORING_RATE_LIMIT_SUBMISSIONS=1000000 B2C_SCORING_RATE_LIMIT_SECONDS=1
export B2C_LABS_INSTALLATION="bench-$run" B2C_DB_POOL=${B2C_DB_POOL:-24}
ulimit -n "$(ulimit -Hn)"

declare -A SUBS SOLVED FAN LOAD
for n in $COUNTS; do
  "$ROOT/infra/cluster/instances.sh" up "$n" >&2
  fresh_tokens "$n"
  # Every token signs in once (creates the trainee record), and the JIT warms up.
  while read -r t; do curl -fsS -o /dev/null -H "Authorization: Bearer $t" "$LB/api/me"; done <"$WORK/tokens"
  TOKENS="$WORK/tokens" wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s "$ROOT/infra/bench/instances/submit.lua" "$LB" >/dev/null
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  SUBS[$n]=$(TOKENS="$WORK/tokens" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency \
    -s "$ROOT/infra/bench/instances/submit.lua" "$LB" | grep '^RESULT' | cut -d' ' -f2-)
  SOLVED[$n]=$(TOKENS="$WORK/tokens" THREADS=2 PREFIX="bench-s$n" CHALLENGES=$SOLVE_CHALLENGES \
    wrk -t2 -c"$CONNECTIONS" -d"$SOLVE_DURATION" -s "$ROOT/infra/bench/instances/solve.lua" "$LB" \
    | grep '^SOLVES' | cut -d' ' -f2-)
  FAN[$n]=$(CLIENTS=$CLIENTS SOLVER_USERS="$WORK/solvers-$n" SOLVER_TOKENS="$WORK/solver-tokens-$n" \
    python3 "$ROOT/infra/bench/instances/fanout.py" "$LB/api/scoreboard/stream" \
    "$LB/api/challenges/bench-fan$n/submissions" | grep '^RESULT' | cut -d' ' -f2-)
  LOAD[$n]="$load_before -> $(cut -d' ' -f1-3 /proc/loadavg)"
  "$ROOT/infra/cluster/instances.sh" down >&2
done

table=$(
  printf '%-10s %14s %9s %9s %11s %9s %24s %22s  %s\n' instances "submissions/s" "p50 ms" "p99 ms" "non-2xx" \
    "solves/s" "correct/already/other" "fan-out p50/p95/max" "load (1/5/15 min) before -> after"
  for n in $COUNTS; do
    read -r rps p50 p99 total non2xx <<<"${SUBS[$n]}"
    read -r f50 f95 fmax clients solves <<<"${FAN[$n]}"
    read -r correct already other requests seconds <<<"${SOLVED[$n]}"
    printf '%-10s %14s %9s %9s %11s %9s %24s %22s  %s\n' "$n" "$rps" "$p50" "$p99" "$non2xx/$total" \
      "$(awk -v c="$correct" -v s="$seconds" 'BEGIN{printf "%.0f", c/s}')" "$correct/$already/$other" \
      "$f50/$f95/$fmax ms" "${LOAD[$n]}"
  done)
echo "$table"
{
  echo
  echo "## $HEADING"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(free -m | awk '/Mem:/ {print $2}') MiB;" \
    "nginx in front of N instances (heap $HEAP, pool ${B2C_DB_POOL}) on one PostgreSQL, all on this host;" \
    "$([[ -n "${INSTANCE_CPUS:-}" ]] && echo "each instance at most $INSTANCE_CPUS CPU (INSTANCE_CPUS)" || echo "no CPU limit per instance")."
  echo "Submissions: wrk, $CONNECTIONS connections, $DURATION, wrong flags over $TRAINEES trainees."
  echo "Solves: wrk, $CONNECTIONS connections, $SOLVE_DURATION, right flags for new pairs only ($TRAINEES trainees x $SOLVE_CHALLENGES challenges)."
  echo "Fan-out: $CLIENTS SSE clients through nginx; time from sending a solve to the last client."
  echo
  echo '```'
  echo "$table"
  echo '```'
} >>"$ROOT/infra/bench/RESULTS.md"

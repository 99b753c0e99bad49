#!/usr/bin/env bash
# Shared by the HTTP benchmarks (scoreboard.sh, submissions.sh): a bench copy of the service, its
# generated challenges, start/stop on 127.0.0.1, and wrk measurements. Source it; it expects
# ROOT, WORK, PORT and HEAP to be set, and sets SERVICE_PID and JAVA_PID.

SERVICE_PID=""
JAVA_PID=""

# Builds a copy of the service with infra/bench/scoreboard/src added (header-trusting auth, the
# seeder, the static route): bench-only code that is never part of the range's own build. A work
# folder kept from an earlier run (KEEP=1, WORK=...) that holds a build is reused as it is.
bench_build() {
  if [[ -f "$WORK/build/target/quarkus-app/quarkus-run.jar" ]]; then
    echo "== reusing the bench copy built in $WORK"; return
  fi
  echo "== building the bench copy in $WORK"
  mkdir -p "$WORK/build" "$WORK/static" "$WORK/challenges"
  (cd "$ROOT" && tar --exclude=./target --exclude=./.git --exclude=./data \
    --exclude=./scoreboard-ui/node_modules -cf - .) | tar -C "$WORK/build" -xf -
  cp -r "$ROOT/infra/bench/scoreboard/src/." "$WORK/build/src/main/java/"
  (cd "$WORK/build" && ./mvnw -q ${MVN_FLAGS:--o} package -DskipTests -Dskip.ui) \
    > "$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log"; exit 1; }
}

# Writes $1 challenges bench-00.. with static flags B2C{bench-<n>} (every fourth dynamic-scored).
bench_challenges() {
  local count="$1" c slug scoring
  echo "== writing $count challenges (every fourth dynamic)"
  for ((c = 0; c < count; c++)); do
    slug=$(printf 'bench-%02d' "$c"); mkdir -p "$WORK/challenges/$slug"
    if (( c % 4 == 3 )); then
      scoring=$'type: dynamic\nextra:\n  initial: 500\n  decay: 30\n  minimum: 100\n  function: logarithmic'
    else
      scoring="value: $(( 100 + (c % 5) * 50 ))"$'\ntype: standard'
    fi
    cat > "$WORK/challenges/$slug/challenge.yml" <<YML
name: "Bench $c"
author: "bench"
category: bench
description: "Benchmark challenge $c."
$scoring
flags:
  - "B2C{bench-$c}"
state: visible
YML
  done
}

# Starts the bench copy (extra JVM options as arguments) and waits until it is ready.
bench_start() {
  echo "== starting the service on 127.0.0.1:$PORT (heap $HEAP)"
  local start_ms; start_ms=$(date +%s%3N)
  B2C_DATA_DIR="$WORK/data" B2C_CATALOG_PATH="$WORK/challenges" B2C_HTTP_PORT=$PORT \
    B2C_HTTP_HOST=127.0.0.1 B2C_LOG_JSON=false B2C_MANAGEMENT_PORT=${MANAGEMENT_PORT:-$((PORT + 1000))} \
    java -Xmx"$HEAP" -Dbench.static.dir="$WORK/static" "$@" \
    -jar "$WORK/build/target/quarkus-app/quarkus-run.jar" > "$WORK/service.log" 2>&1 &
  SERVICE_PID=$!
  for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1 && break
    kill -0 "$SERVICE_PID" 2>/dev/null || { tail -40 "$WORK/service.log"; exit 1; }
    sleep 0.5
  done
  STARTED_S=$(awk "BEGIN{printf \"%.1f\", ($(date +%s%3N) - $start_ms)/1000}")
  JAVA_PID=$(pgrep -P "$SERVICE_PID" java || echo "$SERVICE_PID")
}

bench_stop() {
  if [[ -n "$SERVICE_PID" ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
  fi
  [[ "${KEEP:-0}" == 1 ]] && echo "work folder kept: $WORK" || rm -rf "$WORK"
}

to_ms() {
  awk -v v="$1" 'BEGIN{ if (v ~ /us$/) {sub(/us/,"",v); printf "%.2f", v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v); printf "%.2f", v} else {sub(/s/,"",v); printf "%.2f", v*1000} }'
}

# wrk with the given arguments; prints "req/s p50 p99" (latencies in ms), keeps wrk's output.
wrk_measure() {
  local out rps p50 p99
  out=$(wrk --latency "$@" 2>&1)
  echo "$out" >> "$WORK/wrk.log"
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}'); p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  echo "$rps $(to_ms "$p50") $(to_ms "$p99")"
}

# CPU ticks (1/100 s) used so far by the service JVM and by its embedded PostgreSQL (postmaster
# and every backend): a per-request cost that shared-machine load does not inflate as much as time.
cpu_ticks() {
  local pg total=0 p
  total=$(awk '{print $14+$15}' "/proc/$JAVA_PID/stat")
  pg=$(head -1 "$WORK/data/postgres/postmaster.pid" 2>/dev/null || true)
  if [[ -n "$pg" ]]; then
    for p in "$pg" $(pgrep -P "$pg"); do
      total=$(( total + $(awk '{print $14+$15+$16+$17}' "/proc/$p/stat" 2>/dev/null || echo 0) ))
    done
  fi
  echo "$total"
}

# Holds CLIENTS SSE clients for ROUNDS solves with infra/bench/scoreboard/FanOut.java (its
# FANOUT_* settings from the environment: the team mode's stream and fire endpoints) while reading
# the service's resident memory every half second. Sets RSS_BEFORE_KIB (before the clients),
# RSS_MAX_KIB (the most with them) and FAN (the client's RESULT line); keeps its log in WORK.
# FANOUT=0 skips it (only the page reads are wanted: a run then takes minutes less).
bench_fanout() {
  local clients="$1" rounds="$2" fan_pid r
  rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$JAVA_PID/status"; }
  RSS_BEFORE_KIB=$(rss_kib)
  if [[ "${FANOUT:-1}" == 0 ]]; then
    RSS_MAX_KIB=$RSS_BEFORE_KIB; FAN="skipped: FANOUT=0"; return
  fi
  FANOUT_HOLD_SECONDS=5 java -Xss256k "$ROOT/infra/bench/scoreboard/FanOut.java" "$PORT" \
    "$clients" "$rounds" > "$WORK/fanout.log" 2>&1 &
  fan_pid=$!
  RSS_MAX_KIB=0
  while kill -0 "$fan_pid" 2>/dev/null; do
    r=$(rss_kib); (( r > RSS_MAX_KIB )) && RSS_MAX_KIB=$r
    sleep 0.5
  done
  wait "$fan_pid" || { cat "$WORK/fanout.log"; exit 1; }
  cat "$WORK/fanout.log"
  FAN=$(grep '^RESULT' "$WORK/fanout.log")
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }

machine() {
  echo "$(lscpu | awk -F: '/Model name/ {gsub(/^ +/,"",$2); print $2; exit}'), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; load average $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
}

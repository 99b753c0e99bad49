#!/usr/bin/env bash
# Live-fire benchmark (issue 19, "Performance"): as many concurrent scenario labs as this machine
# holds, all on one live-fire exercise clock (every lab's tick ends at the same instant; the range
# runs each participant's ticks a fixed phase after they end, up to a third of the tick and at
# most 10 s, so they do not all run in one burst), and what the ticks cost.
#
# It builds the bench copy (infra/bench/lib.sh: header-trusting auth, the seeder, and a read of the
# stored tick rows; nothing else changed), writes one small scenario challenge into the bench
# catalog (4 busybox hosts on two networks: web and db for the trainee, a hidden attacker and a
# hidden checker; two checks run by the checker every tick, one adversary step every tick), seeds
# LABS trainees in one cohort and schedules a live-fire exercise of that challenge for the cohort
# through the instructors' API. The range itself provisions every participant's lab (in waves),
# runs the clock, the adversary steps and the checks, and stores every tick. After every lab is
# ready and one tick has passed, MEASURE_TICKS ticks are measured:
#   - how late each tick ran, from the stored rows: time from when the tick was due (its end
#     plus its participant's phase) to its adversary step stored, and to its checks stored (the
#     range starts a tick, runs the step, then the checks); the time from the tick's end to its
#     checks stored (phase included: when the trainee sees the tick's lights); and the range's
#     own count of ticks started more than a tenth of the tick late
#     (b2c_scenario_ticks_late_total on the management interface);
#   - CPU per lab per tick: the service JVM's CPU time (/proc) over the window divided by the lab
#     ticks stored in it; the same for embedded PostgreSQL and for the engine (dockerd and its
#     containerd), which on this shared machine also serve other users;
#     (and the JVM's CPU less its idle CPU without labs, measured for a tick's length before);
#   - memory: the JVM's resident set, and the machine's used memory with the labs vs before.
# Settings raised for the run (everything else is the production configuration): the global lab
# limit (b2c.labs.global-limit, LABS + 50), the scenario threads (b2c.labs.scenario-threads,
# THREADS), the exercise's provisioning waves and start workers (live-fire-concurrency,
# start-workers: WAVE), and its own subnet pool (b2c.labs.subnet-pool, POOL, a /16 of /28
# networks: 4096 networks, two per lab) so it never shares addresses with another installation
# on the engine. Each participant has one lab, so the per-trainee limit (2) is not reached.
# Every container and network of the run's installation (label b2c.installation=INSTALL) and
# the scenario's images are removed at exit, whatever happened.
#
# Usage: infra/bench/livefire.sh   (env: LABS=100 TICK=30 MEASURE_TICKS=6 THREADS=128 WAVE=8
#        PROVISION_TIMEOUT=1200 PORT HEAP MVN_FLAGS JAVA_OPTS KEEP=1 WORK=<kept folder to reuse>)
set -euo pipefail

LABS=${LABS:-100}
TICK=${TICK:-30}
MEASURE_TICKS=${MEASURE_TICKS:-6}
THREADS=${THREADS:-128} # the production default since ticks go through long-lived runners
WAVE=${WAVE:-8}
PROVISION_TIMEOUT=${PROVISION_TIMEOUT:-1200}
PORT=${PORT:-18790}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-19790}
HEAP=${HEAP:-1g}
POOL=${POOL:-10.231.0.0/16}
INSTALL="bench-livefire-$$"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-$(mktemp -d /tmp/b2c-livefire-bench-XXXXXX)}
BASE="http://127.0.0.1:$PORT"
SLUG=fire-bench
. "$ROOT/infra/bench/lib.sh"

# Removes what the run's installation left on the engine (containers, then their networks).
cleanup() {
  bench_stop
  local ids
  ids=$(docker ps -aq --filter "label=b2c.installation=$INSTALL")
  [[ -z "$ids" ]] || docker rm -f $ids >/dev/null 2>&1 || true
  # A network can stay "in use" for a moment after 400 containers went (and under set -e one
  # refusal ended this function, leaving the rest): try again a few times, never fail here.
  local attempt left
  for attempt in 1 2 3 4 5 6; do
    left=0
    for label in "b2c.installation=$INSTALL" "b2c.spare=$INSTALL"; do
      ids=$(docker network ls -q --filter "label=$label")
      [[ -z "$ids" ]] || docker network rm $ids >/dev/null 2>&1 || left=1
    done
    (( left == 0 )) && break
    sleep 5
  done
  # the scenario's images (b2c/fire-bench, b2c/fire-bench-db), built by this run's service
  ids=$(docker images --format '{{.Repository}}:{{.Tag}}' | grep -E "^b2c/$SLUG(-[a-z]+)?:" || true)
  [[ -z "$ids" ]] || docker rmi $ids >/dev/null 2>&1 || true
  echo "== removed: $(docker ps -aq --filter "label=b2c.installation=$INSTALL" | wc -l) containers and $(docker network ls -q --filter "label=b2c.installation=$INSTALL" | wc -l) networks of $INSTALL remain"
}
trap cleanup EXIT
trap "exit 143" TERM INT # a timeout or Ctrl-C still cleans up (through the EXIT trap)

# The scenario: web (serves a page and a secret) and db for the trainee; the attacker takes the
# secret every tick (it succeeds: nobody defends); the checker checks web's page and db's answer.
write_challenge() {
  local dir="$WORK/challenges/$SLUG"
  mkdir -p "$dir/checks" "$dir/adversary" "$dir/db"
  cat > "$dir/challenge.yml" <<YML
name: "Live-fire bench"
author: "bench"
category: bench
description: "Benchmark scenario: a web server and its database, an attacker and a checker."
value: 100
state: visible
lab:
  ttl: 4h
  networks:
    dmz:
    lan:
  hosts:
    web:
      build: .
      access: trainee
      networks: [dmz, lan]
      ports: [{port: 8080, protocol: http}]
      limits: {cpus: 0.25, memory: 32m, pids: 32}
    db:
      build: db
      access: trainee
      networks: [lan]
      limits: {cpus: 0.25, memory: 32m, pids: 32}
    attacker:
      image: b2c/busybox:latest
      access: hidden
      networks: [dmz]
      limits: {cpus: 0.25, memory: 32m, pids: 32}
    checker:
      image: b2c/busybox:latest
      access: hidden
      networks: [dmz, lan]
      limits: {cpus: 0.25, memory: 32m, pids: 32}
  flag:
    template: "B2C{firebench_{{token}}}"
    file: /www/flag.txt
    mode: "0444"
scenario:
  tick: ${TICK}s
  checks:
    - {name: web-up, from: checker, run: checks/web.sh, on: web}
    - {name: db-up, from: checker, run: checks/db.sh, on: db}
  adversary:
    - {name: take-secret, technique: T1005, every: ${TICK}s, from: attacker, run: adversary/steal.sh}
  points: {check: 1, stopped: 10, succeeded: 20, compromised: 2}
YML
  cat > "$dir/Dockerfile" <<'DOCKER'
FROM b2c/busybox:latest
RUN mkdir -p /www
CMD ["sh", "-c", "hostname > /www/index.html; echo payroll-2026 > /www/secret.txt; exec httpd -f -p 8080 -h /www"]
DOCKER
  cat > "$dir/db/Dockerfile" <<'DOCKER'
FROM b2c/busybox:latest
CMD ["sh", "-c", "mkdir -p /db; echo rows-42 > /db/index.html; exec httpd -f -p 5432 -h /db"]
DOCKER
  cat > "$dir/checks/web.sh" <<'SH'
page=$(wget -q -O - "http://$1:8080/") || { echo "no answer on port 8080"; exit 1; }
case "$page" in
  "$1") echo "answers" ;;
  *) echo "defaced"; exit 2 ;;
esac
SH
  cat > "$dir/checks/db.sh" <<'SH'
rows=$(wget -q -O - "http://$1:5432/") || { echo "no answer on port 5432"; exit 1; }
[ "$rows" = "rows-42" ] && echo "answers" || { echo "data lost"; exit 2; }
SH
  cat > "$dir/adversary/steal.sh" <<'SH'
if wget -q -O - "http://web:8080/secret.txt"; then echo "secret taken"; exit 0; fi
echo "the secret is not served"; exit 1
SH
}

jvm_ticks() { awk '{print $14+$15}' "/proc/$JAVA_PID/stat"; }
pg_ticks() { echo $(( $(cpu_ticks) - $(jvm_ticks) )); }
engine_ticks() { # dockerd and its children (containerd): field 14-17 with reaped children
  local d total=0 p; d=$(cat /var/run/docker.pid)
  for p in "$d" $(pgrep -P "$d"); do
    total=$(( total + $(awk '{print $14+$15+$16+$17}' "/proc/$p/stat" 2>/dev/null || echo 0) ))
  done
  echo "$total"
}
machine_ticks() { awk '/^cpu / {print $2+$3+$4+$7+$8}' /proc/stat; } # busy jiffies, all cores
late_count() { { curl -sf "http://127.0.0.1:$MANAGEMENT_PORT/q/metrics" | awk '/^b2c_scenario_ticks_late_total/ {print int($2)}' | head -1; } || true; }
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$JAVA_PID/status"; }
used_mib() { free -m | awk '/Mem:/ {print $3}'; }
labs_hosts() { docker ps -q --filter "label=b2c.installation=$INSTALL" | wc -l; }
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
# "p50 p90 p99 max" of the numbers on stdin
pct() { sort -n | awk '{v[NR]=$1} function at(q, i) {i=int(NR*q+0.5); if (i<1) i=1; return v[i]}
  END {if (!NR) {print "- - - -"; exit}; printf "%d %d %d %d\n", at(0.5), at(0.9), at(0.99), v[NR]}'; }

command -v curl >/dev/null && command -v docker >/dev/null || { echo "needs curl and docker" >&2; exit 1; }
machine_before="$(machine)"
used_before=$(used_mib)
bench_build
rm -rf "$WORK/data" "$WORK/challenges" # a kept work folder's earlier run: start from nothing
write_challenge
bench_start -Db2c.labs.installation="$INSTALL" -Db2c.labs.subnet-pool="$POOL" \
  -Db2c.labs.global-limit=$((LABS + 50)) -Db2c.labs.scenario-threads="$THREADS" \
  -Db2c.labs.live-fire-concurrency="$WAVE" -Db2c.labs.start-workers="$WAVE" \
  -Db2c.labs.spare-networks=0 ${JAVA_OPTS:-}
echo "== service ready in ${STARTED_S}s; seeding $LABS trainees in cohort-00"
curl -sf -X POST "$BASE/bench/seed?trainees=$LABS&cohorts=1&challenges=1&solves=0" >/dev/null
# The JVM's own CPU without labs (scheduler sweeps, reaper, live feed), over one tick's length.
echo "== idle baseline: the service's CPU over ${TICK}s without labs"
i0=$(jvm_ticks); sleep "$TICK"; idle=$(( $(jvm_ticks) - i0 ))

now=$(date +%s)
starts=$((now + 10))
body=$(printf '{"name":"livefire bench %s","challenge":"%s","cohorts":["cohort-00"],"startsAt":"%s","endsAt":"%s","debriefSeconds":60}' \
  "$INSTALL" "$SLUG" "$(iso $starts)" "$(iso $((now + 4 * 3600)))")
created=$(curl -sS -X POST -H 'X-Bench-User: bench-instructor' -H 'X-Bench-Role: instructor' \
  -H 'Content-Type: application/json' -d "$body" "$BASE/api/admin/live-fires")
exercise=$(echo "$created" | sed -nE 's/.*"exercise":([0-9]+).*/\1/p')
[[ -n "$exercise" ]] || { echo "scheduling failed: $created" >&2; exit 1; }
echo "== exercise $exercise starts at $(iso $starts); provisioning $LABS labs in waves of $WAVE"

progress() { curl -sf -H 'X-Bench-User: bench-instructor' -H 'X-Bench-Role: instructor' \
  "$BASE/api/admin/live-fires/$exercise" | sed -nE 's/.*"total":([0-9]+),"ready":([0-9]+),"provisioning":([0-9]+),"waiting":([0-9]+),"failed":([0-9]+).*/\1 \2 \3 \4 \5/p'; }
deadline=$((starts + PROVISION_TIMEOUT))
while :; do
  read -r total ready provisioning waiting failed <<<"$(progress || echo "0 0 0 0 0")"
  echo "   $(date -u +%H:%M:%S) ready $ready of $total, provisioning $provisioning, waiting $waiting, failed $failed; load $(cut -d' ' -f1 /proc/loadavg)"
  (( total > 0 && ready + failed == total )) && break
  (( $(date +%s) > deadline )) && { echo "   provisioning not finished after ${PROVISION_TIMEOUT}s: measuring what runs"; break; }
  sleep 10
done
provisioned_s=$(( $(date +%s) - starts ))
hosts=$(labs_hosts)

# The window: from the second tick boundary after every lab is ready, MEASURE_TICKS ticks long.
now=$(date +%s)
from=$(( starts + ((now - starts) / TICK + 2) * TICK ))
to=$(( from + MEASURE_TICKS * TICK ))
echo "== measuring ticks ending in [$(iso $from), $(iso $to)) ($MEASURE_TICKS ticks of ${TICK}s)"
sleep $(( from - $(date +%s) ))
j0=$(jvm_ticks); p0=$(pg_ticks); e0=$(engine_ticks); m0=$(machine_ticks); l0=$(late_count)
load_from=$(cut -d' ' -f1-3 /proc/loadavg)
rss_max=0; used_max=0
while (( $(date +%s) < to )); do
  r=$(rss_mib); u=$(used_mib)
  (( r > rss_max )) && rss_max=$r; (( u > used_max )) && used_max=$u
  sleep 5
done
j1=$(jvm_ticks); p1=$(pg_ticks); e1=$(engine_ticks); m1=$(machine_ticks)
load_to=$(cut -d' ' -f1-3 /proc/loadavg)
hosts_end=$(labs_hosts)
# the window's last ticks are still running at its end: give them up to a tick to be stored
sleep "$TICK"
l1=$(late_count)
curl -sf "$BASE/bench/ticks?from=$((from * 1000))&to=$((to * 1000))&tick=$TICK" > "$WORK/ticks.txt"
lab_ticks=$(wc -l < "$WORK/ticks.txt")
(( lab_ticks > 0 )) || { echo "no tick stored in the window" >&2; exit 1; }
read -r s50 s90 s99 smax <<<"$(awk '$4 >= 0 {print $4}' "$WORK/ticks.txt" | pct)"
read -r c50 c90 c99 cmax <<<"$(awk '{print $5}' "$WORK/ticks.txt" | pct)"
read -r e50 e90 e99 emax <<<"$(awk '{print $5 + $10}' "$WORK/ticks.txt" | pct)"
read -r f50 f90 f99 fmax <<<"$(awk '{print $10}' "$WORK/ticks.txt" | pct)"
read -r ok bad unchecked missed <<<"$(awk '{o+=$6; f+=$7; u+=$8; m+=$9} END {print o+0, f+0, u+0, m+0}' "$WORK/ticks.txt")"
over=$(awk -v lim=$((TICK * 100)) '$4 > lim {n++} END {print n+0}' "$WORK/ticks.txt")
over_c=$(awk -v lim=$((TICK * 100)) '$5 > lim {n++} END {print n+0}' "$WORK/ticks.txt")
per() { awk -v t="$1" -v n="$lab_ticks" 'BEGIN{printf "%.1f ms", t*10/n}'; }
window_s=$(( to - from ))
{
  echo "### Live-fire benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $machine_before; service heap -Xmx$HEAP. Load average over the measured window: $load_from → $load_to."
  echo "One live-fire exercise of a 4-host, 2-network scenario (web, db: trainee; attacker, checker: hidden), tick ${TICK} s, 2 checks and 1 adversary step per lab per tick, all labs on the exercise's clock. Settings raised: global-limit $((LABS + 50)), scenario-threads $THREADS, live-fire-concurrency and start-workers $WAVE, subnet-pool $POOL."
  echo
  echo "| measure | value |"
  echo "| --- | --- |"
  echo "| labs ready / asked (failed) | **$ready / $LABS** ($failed failed) |"
  echo "| containers running (hosts): after provisioning / at the window's end | $hosts / $hosts_end |"
  echo "| provisioning, exercise start to every lab ready | ${provisioned_s} s |"
  echo "| lab ticks stored in the window ($MEASURE_TICKS ticks × labs) | $lab_ticks |"
  echo "| participants' phases (a tick is due its phase after it ends), p50 / p90 / p99 / max | $f50 / $f90 / $f99 / $fmax ms |"
  echo "| tick due → adversary step stored, p50 / p90 / p99 / max | $s50 / $s90 / $s99 / **$smax ms** |"
  echo "| tick due → checks stored, p50 / p90 / p99 / max | $c50 / $c90 / $c99 / **$cmax ms** |"
  echo "| lab ticks with the step / the checks stored more than $((TICK * 100)) ms (10 % of the tick) after the tick was due | $over / $over_c of $lab_ticks |"
  echo "| tick end → checks stored (phase included: when the lights change), p50 / p90 / p99 / max | $e50 / $e90 / $e99 / $emax ms |"
  echo "| ticks the range counted as started late (b2c_scenario_ticks_late_total, > 10 % of the tick) | **$(( ${l1:-0} - ${l0:-0} ))** |"
  echo "| checks: ok / down or faulty / not checked (of which missed by the range) | $ok / $bad / $unchecked ($missed) |"
  echo "| **service JVM CPU per lab per tick** (over ${window_s} s) | **$(per $((j1 - j0)))** ($(awk -v t=$((j1 - j0)) -v s=$window_s 'BEGIN{printf "%.0f", t/s}') % of a core) |"
  echo "| service JVM CPU per lab per tick less its idle CPU (no labs, $(awk -v t=$idle -v s=$TICK 'BEGIN{printf "%.1f", t/s}') % of a core) | $(per $((j1 - j0 - idle * window_s / TICK))) |"
  echo "| embedded PostgreSQL CPU per lab per tick | $(per $((p1 - p0))) |"
  echo "| engine (dockerd + containerd) CPU per lab per tick (shared engine) | $(per $((e1 - e0))) ($(awk -v t=$((e1 - e0)) -v s=$window_s 'BEGIN{printf "%.0f", t/s}') % of a core) |"
  echo "| whole machine busy CPU per lab per tick (everything on it, other users included) | $(per $((m1 - m0))) ($(awk -v t=$((m1 - m0)) -v s=$window_s -v c="$(nproc)" 'BEGIN{printf "%.0f", t/s/c}') % of all cores) |"
  echo "| service JVM resident memory, max in the window | $rss_max MiB |"
  echo "| machine used memory: before the run / max in the window | $used_before / $used_max MiB |"
} | tee "$WORK/results.md"
echo
echo "(append to infra/bench/RESULTS.md by hand or with: cat $WORK/results.md >> infra/bench/RESULTS.md; KEEP=1 keeps $WORK)"

#!/usr/bin/env bash
# Scoreboard benchmark (issue 5): ranking reads, live fan-out, memory and rebuild time at
# 10,000 trainees in 20 cohorts, 40 challenges and ~100,000 solves, on 127.0.0.1 only.
#
# It builds a bench copy of the service with infra/bench/scoreboard/src added (a seeder that fires
# SolveRecorded through the real event path, a header-trusting auth for `me`, and a static route
# for the same-size static file), starts it with the embedded PostgreSQL, seeds, then measures:
#   - GET /api/scoreboard?limit=100 and GET /api/scoreboard/me with wrk (req/s, p50, p99) as a
#     ratio to a static file of the same size served by the same service;
#   - 10,000 SSE clients on /api/scoreboard/stream: time from a solve to the last client;
#   - the service's resident memory with all clients connected; the ranking rebuild time.
# Usage: infra/bench/scoreboard.sh   (env: TRAINEES COHORTS CHALLENGES SOLVES CLIENTS ROUNDS
#        DURATION PORT HEAP MVN_FLAGS KEEP=1 to keep the work folder, WORK=<kept folder> to reuse
#        its build with a fresh database, FANOUT=0 to measure the reads only)
# Team mode: TEAMS=2000 infra/bench/scoreboard.sh  (also MEMBERS=5 TEAM_SOLVES=TEAMS*20): the
#        team board instead, seeded and measured by infra/bench/scoreboard/teams.sh.
set -euo pipefail

TRAINEES=${TRAINEES:-10000}
COHORTS=${COHORTS:-20}
CHALLENGES=${CHALLENGES:-40}
SOLVES=${SOLVES:-100000}
CLIENTS=${CLIENTS:-10000}
ROUNDS=${ROUNDS:-20}
DURATION=${DURATION:-15s}
PORT=${PORT:-18765}
HEAP=${HEAP:-512m}
MVN_FLAGS=${MVN_FLAGS:--o}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-$(mktemp -d /tmp/b2c-scoreboard-bench-XXXXXX)}
BASE="http://127.0.0.1:$PORT"
. "$ROOT/infra/bench/lib.sh"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
trap bench_stop EXIT
# The service and the fan-out client each hold one socket per SSE client (the service held two
# while it looked its trusted proxies up with DNS per request: RESULTS.md, 2026-12-03). A hard
# limit below what CLIENTS need is raised where the shell may (root); otherwise say so.
want_fds=$((CLIENTS + 5000))
(( $(ulimit -Hn) >= want_fds )) || ulimit -Hn "$want_fds" 2>/dev/null || true
ulimit -n "$(ulimit -Hn)"
(( $(ulimit -n) > CLIENTS + 1000 )) || { echo "ulimit -n $(ulimit -n) is too low for $CLIENTS clients" >&2; exit 1; }

bench_build
rm -rf "$WORK/data" "$WORK/challenges" # a reused work folder's earlier run: start from nothing
bench_challenges "$CHALLENGES"
bench_start
started_s=$STARTED_S

if [[ -n "${TEAMS:-}" ]]; then
  . "$ROOT/infra/bench/scoreboard/teams.sh"
  exit 0
fi

echo "== seeding $TRAINEES trainees, $SOLVES solves through the event path"
seed=$(curl -sf -X POST "$BASE/bench/seed?trainees=$TRAINEES&cohorts=$COHORTS&challenges=$CHALLENGES&solves=$SOLVES")
echo "$seed"
seed_ms=$(echo "$seed" | sed -E 's/.*"seedMillis":([0-9]+).*/\1/')
rebuild_ms=$(echo "$seed" | sed -E 's/.*"millis":([0-9]+).*/\1/')
ranked=$(echo "$seed" | sed -E 's/.*"rankedTrainees":([0-9]+).*/\1/')

# the static files are the exact bytes of the answers they are compared with
curl -sf "$BASE/api/scoreboard?limit=100" > "$WORK/static/page.json"
curl -sf -H "X-Bench-User: t04242" "$BASE/api/scoreboard/me" > "$WORK/static/me.json"
page_bytes=$(stat -c %s "$WORK/static/page.json"); me_bytes=$(stat -c %s "$WORK/static/me.json")

measure() { wrk_measure -t2 -c64 -d"$DURATION" "$@"; }

echo "== warming up"
wrk -t2 -c64 -d5s "$BASE/api/scoreboard?limit=100" >/dev/null
wrk -t2 -c64 -d5s -s "$ROOT/infra/bench/scoreboard/me.lua" "$BASE" >/dev/null
wrk -t2 -c64 -d5s "$BASE/bench/static/page.json" >/dev/null
echo "== measuring reads ($DURATION each, 64 connections)"
read -r page_rps page_p50 page_p99 <<<"$(measure "$BASE/api/scoreboard?limit=100")"
read -r spage_rps spage_p50 spage_p99 <<<"$(measure "$BASE/bench/static/page.json")"
read -r me_rps me_p50 me_p99 <<<"$(measure -s "$ROOT/infra/bench/scoreboard/me.lua" "$BASE")"
read -r sme_rps sme_p50 sme_p99 <<<"$(measure "$BASE/bench/static/me.json")"

echo "== live fan-out: $CLIENTS SSE clients, $ROUNDS solves"
bench_fanout "$CLIENTS" "$ROUNDS"

# a second rebuild with everything warm, as after a ban or a repair
rebuild2_ms=$(curl -sf -X POST "$BASE/bench/seed?trainees=0&cohorts=1&challenges=$CHALLENGES&solves=0" \
  | sed -E 's/.*"millis":([0-9]+).*/\1/')

{
  echo "### Scoreboard benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(machine);"
  echo "service heap -Xmx$HEAP; $TRAINEES trainees in $COHORTS cohorts, $CHALLENGES challenges, $SOLVES solves ($ranked ranked)."
  echo
  echo "| measure | value |"
  echo "| --- | --- |"
  echo "| service start (JVM + embedded PostgreSQL + catalog) | ${started_s} s |"
  echo "| seeding through the event path (trainees + solves) | ${seed_ms} ms |"
  echo "| ranking rebuild from ${SOLVES} facts held in memory (cold / warm) | ${rebuild_ms} ms / ${rebuild2_ms} ms |"
  echo "| GET /api/scoreboard?limit=100 (${page_bytes} B) | ${page_rps} req/s, p50 ${page_p50} ms, p99 ${page_p99} ms |"
  echo "| static file of the same size | ${spage_rps} req/s, p50 ${spage_p50} ms, p99 ${spage_p99} ms |"
  echo "| **page / static ratio** | **$(ratio "$page_rps" "$spage_rps")** |"
  echo "| GET /api/scoreboard/me (${me_bytes} B, 10,000 users rotating) | ${me_rps} req/s, p50 ${me_p50} ms, p99 ${me_p99} ms |"
  echo "| static file of the same size | ${sme_rps} req/s, p50 ${sme_p50} ms, p99 ${sme_p99} ms |"
  echo "| **me / static ratio** | **$(ratio "$me_rps" "$sme_rps")** |"
  echo "| live fan-out, solve to client ($FAN) | see row |"
  echo "| service RSS before clients / max with $CLIENTS SSE clients | $((RSS_BEFORE_KIB / 1024)) MiB / $((RSS_MAX_KIB / 1024)) MiB |"
} | tee "$WORK/results.md"

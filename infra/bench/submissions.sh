#!/usr/bin/env bash
# Submission benchmark (issue 5): flag submissions per second with p50/p99 over loopback, 100
# connections spread over 10,000 trainees and 40 challenges, a mix of wrong and right flags,
# against a static file served by the same service (the HTTP limit), in one run.
#
# It builds the bench copy (infra/bench/lib.sh: header-trusting auth, nothing else changed on the
# submission path: rate limit, judging, solve, score change and audit entry all run), seeds
# 10,000 trainees in 20 cohorts, then:
#   1. solve phase: right flags for new (trainee, challenge) pairs, which stores solves through
#      the real submission path (SOLVE_SECONDS);
#   2. mixed phase: three wrong flags for each right one (DURATION), measured;
#   3. a static file of the same answer size, measured the same way.
# Every answer is counted by status, and the submissions stored are counted against the answers.
# The per-trainee rate limit is raised for the run (each simulated trainee submits far faster
# than a person); everything else is the production configuration.
# Usage: infra/bench/submissions.sh   (env: TRAINEES COHORTS CHALLENGES CONNECTIONS DURATION
#        SOLVE_SECONDS WARMUP PORT HEAP MVN_FLAGS KEEP=1)
set -euo pipefail

TRAINEES=${TRAINEES:-10000}
COHORTS=${COHORTS:-20}
CHALLENGES=${CHALLENGES:-40}
CONNECTIONS=${CONNECTIONS:-100}
DURATION=${DURATION:-20s}
SOLVE_SECONDS=${SOLVE_SECONDS:-30}
WARMUP=${WARMUP:-30s}
PORT=${PORT:-18766}
HEAP=${HEAP:-512m}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/b2c-submissions-bench-XXXXXX)
BASE="http://127.0.0.1:$PORT"
THREADS=2
. "$ROOT/infra/bench/lib.sh"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
trap bench_stop EXIT

bench_build
bench_challenges "$CHALLENGES"
bench_start -Db2c.scoring.rate-limit-submissions=1000000 -Db2c.scoring.rate-limit-seconds=1

echo "== seeding $TRAINEES trainees"
curl -sf -X POST "$BASE/bench/seed?trainees=$TRAINEES&cohorts=$COHORTS&challenges=$CHALLENGES&solves=0" >/dev/null
export TRAINEES CHALLENGES THREADS
stored() { curl -sf "$BASE/bench/submissions" ; }

run() { # mode duration -> "req/s p50 p99" and the ANSWERS line in $WORK/answers-<mode>
  local out
  out=$(MODE="$1" wrk --latency --timeout 10s -t$THREADS -c"$CONNECTIONS" -d"$2" \
    -s "$ROOT/infra/bench/submissions.lua" "$BASE" 2>&1)
  echo "$out" >> "$WORK/wrk.log"
  echo "$out" | grep '^ANSWERS' > "$WORK/answers-$1"
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(to_ms "$(echo "$out" | awk '$1=="50%" {print $2}')") $(to_ms "$(echo "$out" | awk '$1=="99%" {print $2}')")"
}

# The JIT compilers need a while on a busy 2-core machine before the path is compiled.
echo "== warming up ($WARMUP of mixed flags)"
MODE=mix wrk -t$THREADS -c"$CONNECTIONS" -d"$WARMUP" -s "$ROOT/infra/bench/submissions.lua" "$BASE" >/dev/null
before=$(stored)
storage() { curl -sf "$BASE/bench/storage"; }
storage > "$WORK/storage-before"
echo "== solve phase (${SOLVE_SECONDS}s of right flags for new pairs)"
read -r solve_rps solve_p50 solve_p99 <<<"$(run solve "${SOLVE_SECONDS}s")"
echo "== mixed phase ($DURATION, $CONNECTIONS connections, 1 right : 3 wrong)"
cpu_before=$(cpu_ticks)
read -r mix_rps mix_p50 mix_p99 <<<"$(run mix "$DURATION")"
cpu_after=$(cpu_ticks)
after=$(stored)
storage > "$WORK/storage-after"
mix_requests=$(sed -E 's/^ANSWERS //' "$WORK/answers-mix" | tr ' ' '\n' | awk -F= '{n+=$2} END {print n}')

# the static file holds the exact bytes of a wrong-flag answer
curl -sf -X POST -H 'X-Bench-User: t00001' -H 'Content-Type: application/json' \
  -d '{"flag":"B2C{nope}"}' "$BASE/api/challenges/bench-00/submissions" > "$WORK/static/answer.json"
bytes=$(stat -c %s "$WORK/static/answer.json")
wrk -t$THREADS -c"$CONNECTIONS" -d5s "$BASE/bench/static/answer.json" >/dev/null
read -r static_rps static_p50 static_p99 <<<"$(wrk_measure -t$THREADS -c"$CONNECTIONS" -d"$DURATION" "$BASE/bench/static/answer.json")"

answers() { sed -E 's/^ANSWERS //' "$WORK/answers-$1"; }
judged() { awk '{n=0; for (i=1;i<=NF;i++) {split($i,kv,"="); if (kv[1]=="correct"||kv[1]=="wrong"||kv[1]=="already_solved") n+=kv[2]} print n}' "$WORK/answers-$1"; }
answered=$(( $(judged solve) + $(judged mix) + 1 ))
{
  echo "### Submissions benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(machine); service heap -Xmx$HEAP."
  echo "$TRAINEES trainees in $COHORTS cohorts, $CHALLENGES challenges, $CONNECTIONS connections, wrk -t$THREADS on the same machine."
  echo
  echo "| measure | value |"
  echo "| --- | --- |"
  echo "| solve phase: right flags, new pairs (${SOLVE_SECONDS} s) | ${solve_rps} req/s, p50 ${solve_p50} ms, p99 ${solve_p99} ms; $(answers solve) |"
  echo "| **mixed phase: 1 right : 3 wrong ($DURATION)** | **${mix_rps} req/s, p50 ${mix_p50} ms, p99 ${mix_p99} ms**; $(answers mix) |"
  echo "| static file of the answer's size (${bytes} B) | ${static_rps} req/s, p50 ${static_p50} ms, p99 ${static_p99} ms |"
  echo "| mixed / static ratio | $(ratio "$mix_rps" "$static_rps") |"
  echo "| CPU per mixed-phase submission (service JVM + PostgreSQL) | $(awk -v t=$((cpu_after - cpu_before)) -v n="$mix_requests" 'BEGIN{printf "%.2f ms", t*10/n}') |"
  echo "| judged answers (200) / submissions stored | ${answered} / $(( after - before )) |"
  echo
  echo "Storage grown by the run (PostgreSQL, table + indexes + TOAST; pg_total_relation_size):"
  echo
  echo "| table | rows added | bytes added | bytes per row |"
  echo "| --- | --- | --- | --- |"
  join <(sort "$WORK/storage-before") <(sort "$WORK/storage-after") | awk '{dr=$4-$2; db=$5-$3;
    printf "| %s | %d | %.1f MiB | %s |\n", $1, dr, db/1048576, (dr>0 && $1!="database") ? sprintf("%.0f", db/dr) : "-"}'
  join <(sort "$WORK/storage-before") <(sort "$WORK/storage-after") | awk -v n=$(( after - before )) '$1=="database" {
    per=($5-$3)/n; printf "\nWhole database per stored submission (everything it wrote: submission, solve, audit, live event, indexes): **%.0f bytes**; 10,000 trainees x 300 submissions: **%.1f GiB**.\n", per, per*3000000/1073741824}'
} | tee "$WORK/results.md"
echo
echo "(append to infra/bench/RESULTS.md by hand or with: cat $WORK/results.md >> infra/bench/RESULTS.md; KEEP=1 keeps $WORK)"

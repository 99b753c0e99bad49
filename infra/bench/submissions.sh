#!/usr/bin/env bash
# Submission benchmark (issues 5 and 17): flag submissions per second with p50/p99 over loopback,
# 50 connections spread over 10,000 trainees and 40 challenges, against a static file served by
# the same service (the HTTP limit), in one run.
#
# It builds the bench copy (infra/bench/lib.sh: header-trusting auth, nothing else changed on the
# submission path: rate limit, judging, solve, score change and audit entry all run), seeds
# 10,000 trainees in 20 cohorts, then:
#   1. solve phase: right flags for new (trainee, challenge) pairs only, which stores solves
#      through the real submission path (SOLVE_SECONDS): solves per second;
#   2. mixed phase: one right flag for a pair nobody solved yet in every five requests (so 20 %
#      of the requests store a solve), four wrong flags (DURATION), measured;
#   3. a static file of the same answer size, measured the same way.
# The pairs a right flag may solve (trainee i % 10,000 and one of its challenges; each trainee's
# wrong flags all go to one more challenge, which no right flag solves: submissions.lua) are split
# into ranges, one per phase (the warm-up's, the solve phase's, the mixed phase's), so no right
# flag repeats an earlier solve and no wrong flag meets a solved pair.
# Every answer is counted by status, and the rows stored (submissions, solves) are counted against
# the answers. CPU per submission is the service JVM's plus PostgreSQL's CPU time (/proc) over the
# phase divided by its requests. The per-trainee rate limit is raised for the run (each simulated
# trainee submits far faster than a person); everything else is the production configuration.
# Usage: infra/bench/submissions.sh   (env: TRAINEES COHORTS CHALLENGES CONNECTIONS DURATION
#        SOLVE_SECONDS WARMUP PORT HEAP MVN_FLAGS JAVA_OPTS KEEP=1, WORK=<kept folder> to reuse its
#        build with a fresh database)
set -euo pipefail

TRAINEES=${TRAINEES:-10000}
COHORTS=${COHORTS:-20}
CHALLENGES=${CHALLENGES:-40}
CONNECTIONS=${CONNECTIONS:-50}
DURATION=${DURATION:-20s}
SOLVE_SECONDS=${SOLVE_SECONDS:-20}
WARMUP=${WARMUP:-30s}
PORT=${PORT:-18766}
HEAP=${HEAP:-512m}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-$(mktemp -d /tmp/b2c-submissions-bench-XXXXXX)}
BASE="http://127.0.0.1:$PORT"
THREADS=2
. "$ROOT/infra/bench/lib.sh"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
trap bench_stop EXIT

bench_build
rm -rf "$WORK/data" "$WORK/challenges" # a reused work folder's earlier run: start from nothing
mkdir -p "$WORK/static"
bench_challenges "$CHALLENGES"
bench_start -Db2c.scoring.rate-limit-submissions=1000000 -Db2c.scoring.rate-limit-seconds=1 ${JAVA_OPTS:-}

echo "== seeding $TRAINEES trainees"
curl -sf -X POST "$BASE/bench/seed?trainees=$TRAINEES&cohorts=$COHORTS&challenges=$CHALLENGES&solves=0" >/dev/null
export TRAINEES CHALLENGES THREADS

PAIRS=$(( TRAINEES * (CHALLENGES - 1) ))
# The pair ranges: a quarter for the warm-up, then the solve phase's, then the mixed phase's.
WARM_FROM=0; SOLVE_FROM=$(( PAIRS / 4 )); MIX_FROM=$(( PAIRS * 5 / 8 ))

run() { # mode duration pairs_from pairs_to -> "req/s p50 p99" and the ANSWERS line in $WORK/answers-<mode>
  local out
  out=$(MODE="$1" PAIRS_FROM="$3" PAIRS_TO="$4" wrk --latency --timeout 10s -t$THREADS -c"$CONNECTIONS" -d"$2" \
    -s "$ROOT/infra/bench/submissions.lua" "$BASE" 2>&1)
  echo "$out" >> "$WORK/wrk.log"
  echo "$out" | grep '^ANSWERS' > "$WORK/answers-$1"
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(to_ms "$(echo "$out" | awk '$1=="50%" {print $2}')") $(to_ms "$(echo "$out" | awk '$1=="99%" {print $2}')")"
}
storage() { curl -sf "$BASE/bench/storage"; }
rows() { storage | awk -v t="$1" '$1==t {print $2}'; } # rows of table $1
answered() { local key="${2:-}"; sed -E 's/^ANSWERS //' "$WORK/answers-$1" | tr ' ' '\n' | awk -F= -v k="$key" 'k=="" || $1==k {n+=$2} END {print n+0}'; }

# The JIT compilers need a while on a busy 2-core machine before the path is compiled.
echo "== warming up ($WARMUP of mixed flags)"
MODE=mix PAIRS_FROM=$WARM_FROM PAIRS_TO=$SOLVE_FROM wrk -t$THREADS -c"$CONNECTIONS" -d"$WARMUP" \
  -s "$ROOT/infra/bench/submissions.lua" "$BASE" >/dev/null
storage > "$WORK/storage-before"

echo "== solve phase (${SOLVE_SECONDS}s of right flags for new pairs)"
subs0=$(rows submission); solves0=$(rows solve); cpu0=$(cpu_ticks)
read -r solve_rps solve_p50 solve_p99 <<<"$(run solve "${SOLVE_SECONDS}s" $SOLVE_FROM $MIX_FROM)"
cpu1=$(cpu_ticks); subs1=$(rows submission); solves1=$(rows solve)

echo "== mixed phase ($DURATION, $CONNECTIONS connections, 1 right flag for a new pair : 4 wrong)"
load_mix="$(cut -d' ' -f1-3 /proc/loadavg)"
read -r mix_rps mix_p50 mix_p99 <<<"$(run mix "$DURATION" $MIX_FROM $PAIRS)"
cpu2=$(cpu_ticks); subs2=$(rows submission); solves2=$(rows solve)
storage > "$WORK/storage-after"
solve_s=$(awk -v s="$SOLVE_SECONDS" 'BEGIN{print s}')
mix_s=$(awk -v d="$DURATION" 'BEGIN{sub(/s$/,"",d); print d}')

# the static file holds the exact bytes of a wrong-flag answer
curl -sf -X POST -H 'X-Bench-User: t00001' -H 'Content-Type: application/json' \
  -d '{"flag":"B2C{nope}"}' "$BASE/api/challenges/bench-00/submissions" > "$WORK/static/answer.json"
bytes=$(stat -c %s "$WORK/static/answer.json")
wrk -t$THREADS -c"$CONNECTIONS" -d5s "$BASE/bench/static/answer.json" >/dev/null
read -r static_rps static_p50 static_p99 <<<"$(wrk_measure -t$THREADS -c"$CONNECTIONS" -d"$DURATION" "$BASE/bench/static/answer.json")"

answers() { sed -E 's/^ANSWERS //' "$WORK/answers-$1"; }
judged() { echo $(( $(answered "$1" correct) + $(answered "$1" wrong) + $(answered "$1" already_solved) )); }
cpu_per() { awk -v t="$1" -v n="$2" 'BEGIN{printf "%.3f ms", t*10/n}'; }
{
  echo "### Submissions benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(machine); service heap -Xmx$HEAP. Load average when the mixed phase began: $load_mix."
  echo "$TRAINEES trainees in $COHORTS cohorts, $CHALLENGES challenges, $CONNECTIONS connections, wrk -t$THREADS on the same machine."
  echo
  echo "| measure | value |"
  echo "| --- | --- |"
  echo "| solve phase: right flags, new pairs only (${SOLVE_SECONDS} s) | ${solve_rps} req/s, p50 ${solve_p50} ms, p99 ${solve_p99} ms; $(answers solve) |"
  echo "| solves stored per second (solve phase) | $(awk -v n=$((solves1 - solves0)) -v s="$solve_s" 'BEGIN{printf "%.0f", n/s}') |"
  echo "| **mixed phase: 1 right flag for a new pair : 4 wrong ($DURATION)** | **${mix_rps} req/s, p50 ${mix_p50} ms, p99 ${mix_p99} ms**; $(answers mix) |"
  echo "| solves stored per second (mixed phase) | $(awk -v n=$((solves2 - solves1)) -v s="$mix_s" 'BEGIN{printf "%.0f", n/s}') |"
  echo "| static file of the answer's size (${bytes} B) | ${static_rps} req/s, p50 ${static_p50} ms, p99 ${static_p99} ms |"
  echo "| mixed / static ratio | $(ratio "$mix_rps" "$static_rps") |"
  echo "| CPU per submission, service JVM + PostgreSQL: mixed phase / solve phase | **$(cpu_per $((cpu2 - cpu1)) "$(answered mix)")** / $(cpu_per $((cpu1 - cpu0)) "$(answered solve)") |"
  echo "| judged answers (200) / submissions stored: solve phase, mixed phase | $(judged solve) / $((subs1 - subs0)), $(judged mix) / $((subs2 - subs1)) |"
  echo "| correct answers / solves stored: solve phase, mixed phase | $(answered solve correct) / $((solves1 - solves0)), $(answered mix correct) / $((solves2 - solves1)) |"
  echo
  echo "Storage grown by the solve and mixed phases (PostgreSQL, table + indexes + TOAST; pg_total_relation_size):"
  echo
  echo "| table | rows added | bytes added | bytes per row |"
  echo "| --- | --- | --- | --- |"
  join <(sort "$WORK/storage-before") <(sort "$WORK/storage-after") | awk '{dr=$4-$2; db=$5-$3;
    printf "| %s | %d | %.1f MiB | %s |\n", $1, dr, db/1048576, (dr>0 && $1!="database") ? sprintf("%.0f", db/dr) : "-"}'
  join <(sort "$WORK/storage-before") <(sort "$WORK/storage-after") | awk -v n=$(( subs2 - subs0 )) '$1=="database" {
    per=($5-$3)/n; printf "\nWhole database per stored submission (everything it wrote: submission, solve, audit, live event, indexes): **%.0f bytes**; 10,000 trainees x 300 submissions: **%.1f GiB**.\n", per, per*3000000/1073741824}'
} | tee "$WORK/results.md"
echo
echo "(append to infra/bench/RESULTS.md by hand or with: cat $WORK/results.md >> infra/bench/RESULTS.md; KEEP=1 keeps $WORK)"

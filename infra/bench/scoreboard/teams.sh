# Team mode of infra/bench/scoreboard.sh (TEAMS set), sourced by it once the bench copy is
# running: TEAMS teams of MEMBERS trainees (TEAMS * MEMBERS trainees, TEAMS a multiple of
# COHORTS), one running team exercise and TEAM_SOLVES team solves, then the team board measured
# as the trainee board is:
#   - GET /api/scoreboard/teams?limit=100 with wrk as a ratio to a static file of the same size;
#   - CLIENTS SSE clients on /api/scoreboard/teams/stream: time from a team solve to the last one;
#   - the service's resident memory with all clients connected; the team board rebuild time from
#     the stored team facts (cold after seeding, then warm).
# There is no JSON endpoint for a team's own placing (only the member's /me page shows it), so
# there is no team counterpart of the `me` measurement.

MEMBERS=${MEMBERS:-5}
TEAM_SOLVES=${TEAM_SOLVES:-$((TEAMS * 20))}
(( TEAMS % COHORTS == 0 )) || { echo "TEAMS ($TEAMS) must be a multiple of COHORTS ($COHORTS)" >&2; exit 1; }
TRAINEES=$((TEAMS * MEMBERS))
json_number() { sed -E "s/.*\"$1\":([0-9]+).*/\\1/"; }

echo "== seeding $TRAINEES trainees (no individual solves)"
seed=$(curl -sf -X POST "$BASE/bench/seed?trainees=$TRAINEES&cohorts=$COHORTS&challenges=$CHALLENGES&solves=0")
echo "$seed"
trainee_ms=$(echo "$seed" | json_number seedMillis)

echo "== seeding $TEAMS teams of $MEMBERS, a team exercise, $TEAM_SOLVES team solves through the event path"
seed=$(curl -sf -X POST "$BASE/bench/teams/seed?teams=$TEAMS&members=$MEMBERS&cohorts=$COHORTS&challenges=$CHALLENGES&solves=$TEAM_SOLVES")
echo "$seed"
team_ms=$(echo "$seed" | json_number teamMillis)
solve_ms=$(echo "$seed" | json_number solveMillis)
bloods=$(echo "$seed" | json_number firstBloods)
rebuild_ms=$(echo "$seed" | json_number millis)
ranked=$(echo "$seed" | json_number rankedTeams)
rebuilt_solves=$(echo "$seed" | sed -E 's/.*"rebuild":\{"solves":([0-9]+).*/\1/')
# the rebuild reads the stored rows: it must find every solve that was fired
(( rebuilt_solves == TEAM_SOLVES )) || { echo "rebuild found $rebuilt_solves of $TEAM_SOLVES team solves" >&2; exit 1; }

# the static file is the exact bytes of the answer it is compared with
curl -sf "$BASE/api/scoreboard/teams?limit=100" > "$WORK/static/teams.json"
page_bytes=$(stat -c %s "$WORK/static/teams.json")

echo "== warming up"
wrk -t2 -c64 -d5s "$BASE/api/scoreboard/teams?limit=100" >/dev/null
wrk -t2 -c64 -d5s "$BASE/bench/static/teams.json" >/dev/null
echo "== measuring reads ($DURATION each, 64 connections)"
read -r page_rps page_p50 page_p99 <<<"$(wrk_measure -t2 -c64 -d"$DURATION" "$BASE/api/scoreboard/teams?limit=100")"
read -r spage_rps spage_p50 spage_p99 <<<"$(wrk_measure -t2 -c64 -d"$DURATION" "$BASE/bench/static/teams.json")"

echo "== live fan-out: $CLIENTS SSE clients on the team stream, $ROUNDS team solves"
FANOUT_STREAM=/api/scoreboard/teams/stream FANOUT_FIRE=/bench/teams/fire \
  FANOUT_PREPARE=/bench/teams/prepare bench_fanout "$CLIENTS" "$ROUNDS"

# a second rebuild with everything warm, as a rename or an official's rebuild does
rebuild2_ms=$(curl -sf -X POST "$BASE/bench/teams/rebuild" | json_number millis)

{
  echo "### Scoreboard benchmark, team mode, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(machine);"
  echo "service heap -Xmx$HEAP; $TEAMS teams of $MEMBERS ($TRAINEES trainees) in $COHORTS cohorts, $CHALLENGES challenges, $TEAM_SOLVES team solves and $bloods first bloods ($ranked teams ranked)."
  echo
  echo "| measure | value |"
  echo "| --- | --- |"
  echo "| service start (JVM + embedded PostgreSQL + catalog) | ${STARTED_S} s |"
  echo "| seeding $TRAINEES trainees / $TEAMS teams (TeamService#create) | ${trainee_ms} ms / ${team_ms} ms |"
  echo "| seeding $TEAM_SOLVES team solves (stored rows + events) | ${solve_ms} ms |"
  echo "| team board rebuild from the stored team facts (cold / warm) | ${rebuild_ms} ms / ${rebuild2_ms} ms |"
  echo "| GET /api/scoreboard/teams?limit=100 (${page_bytes} B) | ${page_rps} req/s, p50 ${page_p50} ms, p99 ${page_p99} ms |"
  echo "| static file of the same size | ${spage_rps} req/s, p50 ${spage_p50} ms, p99 ${spage_p99} ms |"
  echo "| **team page / static ratio** | **$(ratio "$page_rps" "$spage_rps")** |"
  echo "| live fan-out on the team stream, team solve to client ($FAN) | see row |"
  echo "| service RSS before clients / max with $CLIENTS SSE clients | $((RSS_BEFORE_KIB / 1024)) MiB / $((RSS_MAX_KIB / 1024)) MiB |"
} | tee "$WORK/results.md"

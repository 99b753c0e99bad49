#!/usr/bin/env bash
# Swarm benchmark, on the local three-node swarm of infra/cluster/swarm-local.sh (built and torn
# down by the harness): start latency of a range lab through the Swarm backend vs a bare
# `docker service create` of the same image, and labs held with 3 nodes vs 1.
#
#   infra/bench/swarm.sh [rounds=10] [node-memory-MiB=160]
#
# Bounded: each node offers node-memory MiB to labs (b2c.labs.swarm.node-memory), so with the
# 32 MiB test lab the capacity rounds start at most (3 x 160 / 32) + 1 labs. Like labs.sh, it
# drives the service-side start path in-process (a Quarkus test-profile harness, SwarmBench).
# Prints a table and appends it to infra/bench/RESULTS.md under a "Swarm" heading.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS="${1:-10}"
NODE_MEMORY="${2:-160}"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
# The suite leaves bench-tagged tests out (pom.xml b2c.test.excluded); this run selects one.
./mvnw -B -q -Dskip.ui test -Dtest=SwarmBench -Dsurefire.failIfNoSpecifiedTests=false -Db2c.test.excluded= \
  -DbenchRounds="$ROUNDS" -DbenchNodeMemory="$NODE_MEMORY" >/tmp/b2c-swarm-bench.log 2>&1 || {
  tail -50 /tmp/b2c-swarm-bench.log; exit 1; }
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
cat target/swarm-bench.txt
{
  echo
  echo "## Swarm ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, Docker $(docker version --format '{{.Server.Version}}'), load average before/after: $load_before / $load_after)"
  echo
  echo "\`infra/bench/swarm.sh $ROUNDS $NODE_MEMORY\`: manager + 2 workers, each its own dockerd in a network namespace on this one machine"
  echo
  echo '```'
  cat target/swarm-bench.txt
  echo '```'
} >> infra/bench/RESULTS.md

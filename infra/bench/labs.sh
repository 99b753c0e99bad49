#!/usr/bin/env bash
# Lab benchmark: start latency of a range lab vs a bare `docker run` of the same image, and how
# many small busybox labs one host holds, with the service's memory at that point.
#
#   infra/bench/labs.sh [rounds=20] [capacity=300]
#
# The OIDC tenant is off and the range has no authentication bypass, so the benchmark drives the
# service-side path of POST /api/labs/{c} in-process (a Quarkus test-profile harness, LabBench)
# against the real Docker engine. It prints a table and appends it to infra/bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS="${1:-20}"
CAPACITY="${2:-300}"
# The suite leaves bench-tagged tests out (pom.xml b2c.test.excluded); this run selects one.
./mvnw -q test -Dtest=LabBench -Dsurefire.failIfNoSpecifiedTests=false -Db2c.test.excluded= \
  -DbenchRounds="$ROUNDS" -DbenchCapacity="$CAPACITY" >/tmp/b2c-lab-bench.log 2>&1 || {
  tail -50 /tmp/b2c-lab-bench.log; exit 1; }
cat target/lab-bench.txt
{
  echo
  echo "## Labs ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, Docker $(docker version --format '{{.Server.Version}}'))"
  echo
  echo '```'
  cat target/lab-bench.txt
  echo '```'
} >> infra/bench/RESULTS.md

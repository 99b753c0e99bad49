#!/usr/bin/env bash
# Terminal recording benchmark: bytes of terminal output per second that one core turns into
# asciicast v2 events (labs.TerminalCast), for 4 KiB reads as the engine's exec stream hands them
# over. The recording runs on the stream's reader; its chunks are stored by a worker.
#
#   infra/bench/recording.sh [MiB=512]
#
# Prints a table and appends it to infra/bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
MIB="${1:-512}"
# The suite leaves bench-tagged tests out (pom.xml b2c.test.excluded); this run selects one.
./mvnw -q test -Dskip.ui -Dtest=TerminalCastBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Db2c.test.excluded= -DbenchBytes=$((MIB * 1024 * 1024)) >/tmp/b2c-recording-bench.log 2>&1 || {
  tail -50 /tmp/b2c-recording-bench.log; exit 1; }
cat target/recording-bench.txt
{
  echo
  echo "## Terminal recording ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, ${MIB} MiB of output per kind)"
  echo
  echo '```'
  cat target/recording-bench.txt
  echo '```'
} >> infra/bench/RESULTS.md

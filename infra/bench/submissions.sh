#!/usr/bin/env bash
# Submissions benchmark (issue 5): submissions per second (and SSE fan-out latency) on ONE
# service instance behind nginx, with real bearer tokens; the same harness as instances.sh.
# Usage: infra/bench/submissions.sh   (env: as instances.sh)
exec env COUNTS=1 HEADING="${HEADING:-Submissions (one instance)}" "$(dirname "$0")/instances.sh"

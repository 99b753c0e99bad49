#!/usr/bin/env bash
# Solution: find the client that ran commands through a web shell (HTTP 200
# on an uploaded script with a cmd= parameter). Scanners only get 404s.
set -euo pipefail
LOG="${B2C_CHALLENGE_DIR:?B2C_CHALLENGE_DIR not set}/dist/access.log"

echo "Requests to /uploads/*.php?cmd=... and their status, per client:" >&2
awk '$7 ~ /^\/uploads\/.*\.php\?cmd=/ {print $1, $9}' "$LOG" | sort | uniq -c >&2

ip="$(awk '$7 ~ /^\/uploads\/.*\.php\?cmd=/ && $9 == 200 {print $1}' "$LOG" | sort | uniq -c | sort -rn | awk 'NR==1{print $2}')"
[ -n "$ip" ] || { echo "no successful web-shell request found" >&2; exit 1; }
echo "B2C{$ip}"

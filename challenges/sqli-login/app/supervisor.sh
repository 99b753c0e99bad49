#!/bin/bash
# Lab entrypoint (PID 1): runs the SIMPEG web app and restarts it whenever a
# file in /opt/app/*.py changes (or the app dies), so a patch takes effect
# without any privilege.
set -u
LOG=/var/log/webapp/app.log
PID=
sig() { stat -c '%y %i %s' /opt/app/*.py 2>/dev/null | md5sum; }
start() { python3 /opt/app/app.py >>"$LOG" 2>&1 & PID=$!; }
stop() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; PID=; }
trap 'stop; exit 0' TERM INT

start
last="$(sig)"
while true; do
  sleep 2 & wait $!
  now="$(sig)"
  if [ "$now" != "$last" ]; then
    echo "[supervisor] $(date -Is) change detected in /opt/app, restarting" >>"$LOG"
    stop; start; last="$now"
  elif ! kill -0 "$PID" 2>/dev/null; then
    echo "[supervisor] $(date -Is) app exited, restarting" >>"$LOG"
    wait "$PID" 2>/dev/null; start
  fi
done

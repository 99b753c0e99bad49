# Defense checks, run by the range's own busybox as root inside the lab (copied in at check
# time: nothing of the lab interprets them).
#   checks.sh implant     - no implant/watchdog process, and none comes back within 8 s
#   checks.sh persistence - the dropped files and the rc.local hook are gone
fail() { echo "FAIL: $*"; exit 1; }
bad_procs() {
  for p in /proc/[0-9]*; do
    pid="${p#/proc/}"
    [ "$pid" = "$$" ] && continue
    cmd="$( { tr '\0' ' ' <"$p/cmdline"; } 2>/dev/null)" || continue
    stdin="$(readlink "$p/fd/0" 2>/dev/null)"
    bad=
    case "$cmd" in "[kworker"*|"/usr/sbin/cron -f"*) bad=1 ;; esac
    case "$stdin" in */fc-cache*|*/dbus-sync.sh*) bad=1 ;; esac
    if [ -z "$bad" ] && { tr '\0' '\n' <"$p/environ"; } 2>/dev/null | grep -q '^C2_SESSION='; then
      bad=1
    fi
    [ -n "$bad" ] && echo "$pid:$cmd"
  done
}
case "${1:-}" in
  implant)
    # Leftover children of a killed implant (e.g. its "sleep 5") die within seconds;
    # a respawned implant does not. Pass only if nothing is left 8 s or later.
    i=0
    while [ "$i" -le 15 ]; do
      b="$(bad_procs)"
      if [ -z "$b" ] && [ "$i" -ge 8 ]; then echo "PASS: no implant or watchdog process running"; exit 0; fi
      sleep 1; i=$((i + 1))
    done
    fail "malicious process still running (or respawned): $(echo $b)"
    ;;
  persistence)
    for f in /var/tmp/.font-unix/fc-cache /var/lib/.syscache/dbus-sync.sh; do
      [ -e "$f" ] && fail "malicious file still present: $f"
    done
    grep -qE 'dbus-sync|\.syscache|exec -a' /etc/rc.local 2>/dev/null && fail "/etc/rc.local still starts the malware"
    echo "PASS: implant files and rc.local hook removed"
    ;;
  *) echo "usage: checks.sh implant|persistence"; exit 2 ;;
esac

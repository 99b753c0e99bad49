#!/usr/bin/env bash
# Solution (terminal user: root inside the lab, no extra capabilities):
#  - kernel threads are invisible inside a container, so a "[kworker...]" process is fake;
#  - its /proc/<pid>/environ holds C2_SESSION (the flag), fd/0 shows the script it runs;
#  - its parent, disguised as "/usr/sbin/cron -f" (cron is not even installed), is the
#    watchdog that respawns it, started from /etc/rc.local.
# Kill the watchdog, then the implant; delete both files; remove the rc.local hook.
set -euo pipefail
: "${B2C_LAB_EXEC:?}"
$B2C_LAB_EXEC bash -s <<'SH'
set -eu
impl=
for i in $(seq 1 20); do
  for p in /proc/[0-9]*; do
    case "$( { tr '\0' ' ' <"$p/cmdline"; } 2>/dev/null)" in "[kworker"*) impl="${p#/proc/}" ;; esac
  done
  [ -n "$impl" ] && break; sleep 1
done
[ -n "$impl" ] || { echo "implant not found" >&2; exit 1; }
flag="$(tr '\0' '\n' <"/proc/$impl/environ" | sed -n 's/^C2_SESSION=//p')"
impl_file="$(readlink "/proc/$impl/fd/0")"
wd="$(awk '/^PPid:/ {print $2}' "/proc/$impl/status")"
wd_file="$(readlink "/proc/$wd/fd/0")"
echo "implant pid=$impl file=$impl_file; watchdog pid=$wd ($(tr '\0' ' ' <"/proc/$wd/cmdline")) file=$wd_file" >&2
kill -STOP "$wd"; kill -KILL "$wd" "$impl"
rm -f -- "$impl_file" "$wd_file"
rmdir "$(dirname "$impl_file")" 2>/dev/null || true
grep -n 'dbus-sync' /etc/rc.local >&2 || true
sed -i '/dbus-sync/d' /etc/rc.local
echo "$flag"
SH

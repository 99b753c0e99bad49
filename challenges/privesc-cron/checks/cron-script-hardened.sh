# Defense check, run by the range's own busybox as root inside the lab (copied in at check
# time): the root cron job can no longer be hijacked, and the backup still runs.
S=/opt/scripts/backup-home.sh
fail() { echo "FAIL: $*"; exit 1; }
[ -f "$S" ] || fail "$S is missing (the backup job must keep working)"
[ "$(stat -c %u "$S")" = 0 ] || fail "$S is not owned by root"
mode=$(stat -c %a "$S")
[ $(( 0$mode & 022 )) -eq 0 ] || fail "$S is still writable by group/others (mode $mode)"
for d in /opt/scripts /opt; do
  dm=$(stat -c %a "$d")
  [ "$(stat -c %u "$d")" = 0 ] && [ $(( 0$dm & 022 )) -eq 0 ] || fail "directory $d is writable by non-root (mode $dm)"
done
grep -q '/root' "$S" && fail "$S still contains a payload touching /root"
# The job must still run: wait up to 25 s for a backup newer than 20 seconds.
i=0
while [ $i -lt 25 ]; do
  made=$(stat -c %Y /var/backups/etc.tar.gz 2>/dev/null || echo 0)
  if [ $(( $(date +%s) - made )) -le 20 ]; then
    echo "PASS: backup script is root-owned, not writable by others, and the job still runs"; exit 0
  fi
  sleep 1; i=$((i + 1))
done
fail "the backup job no longer produces /var/backups/etc.tar.gz"

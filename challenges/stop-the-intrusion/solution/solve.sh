#!/usr/bin/env bash
# Solution: close the intrusion path before the adversary comes back (a trainee does the same
# from the terminals of jump and files), then name last night's password guesser.
#  1. the operator's guessable password becomes a strong one (brute force);
#  2. the file server credentials stored in the operator's home are removed, and the file
#     server account they open gets a new password (lateral movement);
#  3. the operator's crontab is emptied and crond told to read it again; what the operator
#     runs is ended (persistence).
set -euo pipefail
: "${B2C_LAB_EXEC:?}" "${B2C_LAB_EXEC_FILES:?}"
strong() { head -c 24 /dev/urandom | base64 | tr -d '/+='; }
$B2C_LAB_EXEC bash -s "$(strong)" <<'JUMP' >&2
set -euo pipefail
remsh-passwd operator "$1"
rm -f /home/operator/.fileserver
: > /var/spool/cron/crontabs/operator
echo operator >> /var/spool/cron/crontabs/cron.update
pkill -u operator || true
JUMP
$B2C_LAB_EXEC_FILES bash -s "$(strong)" <<'FILES' >&2
set -euo pipefail
remsh-passwd arsip "$1"
FILES
echo "[+] jump and files hardened" >&2
ip=$($B2C_LAB_EXEC sh -c "grep 'Failed password' /var/log/auth.log | awk '{print \$(NF-2)}' | sort | uniq -c | sort -rn | awk 'NR==1 {print \$2}'")
[ -n "$ip" ] || { echo "no password guessing in the auth log" >&2; exit 1; }
echo "B2C{$ip}"

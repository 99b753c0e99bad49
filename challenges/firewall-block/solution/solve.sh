#!/usr/bin/env bash
# Solution: find the client with a burst of failed logins (401 on POST /login)
# in the portal's access log, drop its traffic with iptables, verify, print the flag.
set -euo pipefail
: "${B2C_LAB_EXEC:?}"
sleep 5   # let some traffic accumulate
ip="$($B2C_LAB_EXEC sh -c 'awk '\''$6 == "\"POST" && $7 == "/login" && $9 == 401 {print $1}'\'' /var/log/portal/access.log | sort | uniq -c | sort -rn' | tee /dev/stderr | awk 'NR==1 {print $2}')"
[ -n "$ip" ] || { echo "no brute force found in the log" >&2; exit 1; }
echo "[+] attacker: $ip" >&2
$B2C_LAB_EXEC sh -c "iptables -C INPUT -s $ip -j DROP 2>/dev/null || iptables -I INPUT 1 -s $ip -j DROP; iptables -S INPUT" >&2
# The portal still answers locally and on its published port (if any).
$B2C_LAB_EXEC curl -fsS -m 3 -o /dev/null http://127.0.0.1:8080/health
if [ -n "${B2C_LAB_PORT_8080:-}" ]; then curl -fsS -m 5 -o /dev/null "http://${B2C_LAB_HOST:-127.0.0.1}:${B2C_LAB_PORT_8080}/"; fi
echo "B2C{$ip}"

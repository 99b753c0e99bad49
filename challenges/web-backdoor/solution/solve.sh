#!/usr/bin/env bash
# Solution: the proxy log shows 203.0.113.45 abusing the old feedback form to drop
# two CGI scripts and running commands via /cgi-bin/stats.cgi?c=...
# Remove every CGI that executes its query string (including the dot-file one),
# keep the legitimate status.cgi, verify, and print the URL as the flag.
set -euo pipefail
: "${B2C_LAB_EXEC:?}"
url="$($B2C_LAB_EXEC sh -c "grep -o '\"GET /cgi-bin/[^ ?]*?c=' /var/log/httpd/access.log | sort | uniq -c | sort -rn | head -n1" \
       | sed 's/.*GET \(\/cgi-bin\/[^?]*\)?c=/\1/')"
[ -n "$url" ] || { echo "web shell URL not found in the log" >&2; exit 1; }
echo "[+] web shell used by the attacker: $url" >&2
$B2C_LAB_EXEC sh -c '
  for f in $(grep -lE "eval|sh -c" /www/cgi-bin/* /www/cgi-bin/.[!.]* 2>/dev/null); do
    echo "removing $f" >&2; rm -f "$f"
  done
  ls -la /www/cgi-bin >&2
  wget -q -O - http://127.0.0.1:8080/cgi-bin/status.cgi >/dev/null'
if [ -n "${B2C_LAB_PORT_8080:-}" ]; then curl -fsS -m 5 -o /dev/null "http://${B2C_LAB_HOST:-127.0.0.1}:${B2C_LAB_PORT_8080}/"; fi
echo "B2C{$url}"

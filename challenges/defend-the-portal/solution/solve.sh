#!/usr/bin/env bash
# Solution: harden the portal before the adversary comes (a trainee does the same from the
# web host's terminal), then name the scanner of last night's log as the indicator.
#  1. a strong admin password instead of one from every password list (brute force);
#  2. the search passes the visitor's text as a query parameter (SQL injection);
#  3. uploads need a signed-in admin, and uploaded files are served, never run (web shell);
#  4. any script already uploaded is removed; the portal restarts with the fixed code.
set -euo pipefail
: "${B2C_LAB_EXEC:?}"
$B2C_LAB_EXEC bash -s <<'FIX' >&2
set -euo pipefail
head -c 24 /dev/urandom | base64 | tr -d '/+=' > /etc/portal/admin.pass
python3 - <<'PY'
path = "/srv/portal/app.py"
code = open(path).read()
fixes = [
    ("""dbclient.query("SELECT title, body FROM announcements WHERE title LIKE '%" + q + "%'")""",
     """dbclient.query("SELECT title, body FROM announcements WHERE title LIKE ?", ("%" + q + "%",))"""),
    ("""    def upload(self, form):
""", """    def upload(self, form):
        if not self.signed_in():
            return self.send(403, page("<p>Masuk sebagai admin dahulu.</p>"))
"""),
    ("""        if name.endswith(".py"):
            # report scripts of the old portal run as CGI
            out = subprocess.run(["python3", path], capture_output=True, timeout=10,
                                 env=dict(os.environ, QUERY_STRING=query)).stdout
            return self.send(200, out, "text/plain; charset=utf-8")
""", ""),
]
for old, new in fixes:
    assert code.count(old) == 1, "not found once: " + old
    code = code.replace(old, new)
open(path, "w").write(code)
PY
rm -f /srv/portal/uploads/*.py
echo '<p class=banner>Selamat datang di layanan publik daring Kota Contoh.</p>' > /srv/portal/static/banner.html
pkill -f 'python3 /srv/portal/app.py' || true
for i in $(seq 1 30); do
  curl -fs -m 2 -o /dev/null http://127.0.0.1:8080/ && break
  sleep 1
done
curl -fs -m 2 -o /dev/null http://127.0.0.1:8080/
FIX
echo "[+] portal hardened" >&2
# The scanner of last night's log (sqlmap probing the search and the admin pages).
ip=$($B2C_LAB_EXEC sh -c "grep -i sqlmap /var/log/portal/access.log | awk '{print \$1}' | sort | uniq -c | sort -rn | awk 'NR==1 {print \$2}'")
[ -n "$ip" ] || { echo "no scanner in the access log" >&2; exit 1; }
echo "B2C{$ip}"

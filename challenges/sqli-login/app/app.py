#!/usr/bin/env python3
"""SIMPEG staff portal - deliberately vulnerable training app (Born2Control).

Runs on port 8080. The lab's supervisor restarts this server automatically a
couple of seconds after you save a change to any /opt/app/*.py file.
"""
import hashlib
import html
import sqlite3
import sys
import urllib.parse
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DB_PATH = "/opt/app/data/users.db"
FLAG_PATH = "/flag.txt"

PAGE = """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>SIMPEG - Portal Pegawai</title>
<style>body{{font-family:sans-serif;background:#f3f4f6;margin:0}}header{{background:#b91c1c;color:#fff;padding:14px 24px}}
main{{max-width:440px;margin:40px auto;background:#fff;padding:24px;border-radius:8px;box-shadow:0 1px 4px #0002}}
input{{width:100%;padding:8px;margin:6px 0 14px;box-sizing:border-box}}button{{background:#b91c1c;color:#fff;border:0;padding:10px 18px;border-radius:4px}}
.err{{color:#b91c1c}}code{{background:#eee;padding:2px 4px}}</style></head>
<body><header><b>SIMPEG</b> &mdash; Sistem Informasi Kepegawaian</header><main>{body}</main></body></html>"""

LOGIN_FORM = """<h2>Masuk / Sign in</h2>{error}
<form method="post" action="/login">
<label>Username</label><input name="username" autocomplete="username">
<label>Password</label><input name="password" type="password" autocomplete="current-password">
<button type="submit">Masuk</button></form>"""


def read_flag():
    # Read lazily, on every request: the range writes the flag before start-up.
    try:
        with open(FLAG_PATH) as f:
            return f.read().strip()
    except OSError:
        return "(flag not provisioned)"


def check_login(username, password):
    pw_hash = hashlib.sha256(password.encode()).hexdigest()
    db = sqlite3.connect(DB_PATH)
    try:
        query = ("SELECT username, role FROM users "
                 "WHERE username = '%s' AND password_hash = '%s'" % (username, pw_hash))
        row = db.execute(query).fetchone()
    finally:
        db.close()
    return row


class Handler(BaseHTTPRequestHandler):
    server_version = "SIMPEG/2.3"

    def send_page(self, body, status=200):
        data = PAGE.format(body=body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        path = urllib.parse.urlsplit(self.path).path
        if path == "/health":
            data = b"ok\n"
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        elif path in ("/", "/login"):
            self.send_page(LOGIN_FORM.format(error=""))
        else:
            self.send_page("<p>404 - halaman tidak ditemukan</p>", 404)

    def do_POST(self):
        if urllib.parse.urlsplit(self.path).path != "/login":
            return self.send_page("<p>404</p>", 404)
        length = int(self.headers.get("Content-Length") or 0)
        form = urllib.parse.parse_qs(self.rfile.read(length).decode(errors="replace"))
        username = form.get("username", [""])[0]
        password = form.get("password", [""])[0]
        try:
            row = check_login(username, password)
        except sqlite3.Error as e:
            # Verbose errors: another bad habit of this legacy app.
            return self.send_page(LOGIN_FORM.format(
                error=f'<p class="err">Database error: {html.escape(str(e))}</p>'), 500)
        if not row:
            return self.send_page(LOGIN_FORM.format(
                error='<p class="err">Username atau password salah / Invalid credentials.</p>'), 401)
        user, role = row
        body = f"<h2>Welcome, {html.escape(user)}</h2><p>Role: <b>{html.escape(role)}</b></p>"
        if role == "admin":
            body += f"<p>Kunci arsip rahasia / archive key: <code>{html.escape(read_flag())}</code></p>"
        else:
            body += "<p>Tidak ada pengumuman baru. No new announcements.</p>"
        self.send_page(body)

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s %s\n" % (self.client_address[0], datetime.now().isoformat(timespec="seconds"), fmt % args))


if __name__ == "__main__":
    ThreadingHTTPServer.allow_reuse_address = True
    ThreadingHTTPServer.daemon_threads = True
    srv = ThreadingHTTPServer(("0.0.0.0", 8080), Handler)
    print("SIMPEG listening on :8080", file=sys.stderr, flush=True)
    srv.serve_forever()

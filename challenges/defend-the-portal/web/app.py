#!/usr/bin/env python3
"""Portal Layanan Warga: the city's public services portal (port 8080).

Citizens read announcements, search them, file service requests and follow them by ticket;
staff sign in at /admin to upload documents. Data lives on the database host (dbclient).
"""
import html
import os
import secrets
import subprocess
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import dbclient

ROOT = "/srv/portal"
UPLOADS = ROOT + "/uploads"
PASSWORD_FILE = "/etc/portal/admin.pass"
LOG = "/var/log/portal/access.log"
SESSIONS = set()
TITLE = "Portal Layanan Warga Kota Contoh"


def page(body):
    return ("<!doctype html><html lang=id><meta charset=utf-8><title>%s</title>"
            "<h1>%s</h1>%s</html>" % (TITLE, TITLE, body)).encode()


def admin_password():
    with open(PASSWORD_FILE) as f:
        return f.read().strip()


class Portal(BaseHTTPRequestHandler):
    server_version = "PortalWarga/2.1"

    def log_message(self, fmt, *args):
        pass

    def log_request(self, code="-", size="-"):
        with open(LOG, "a") as f:
            f.write('%s - - [%s] "%s" %s %s "%s"\n' % (
                self.client_address[0], time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime()),
                self.requestline, code, size, self.headers.get("User-Agent", "-")))

    def send(self, code, body, kind="text/html; charset=utf-8", headers=()):
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def form(self):
        length = min(int(self.headers.get("Content-Length") or 0), 1 << 20)
        return dict(urllib.parse.parse_qsl(self.rfile.read(length).decode(errors="replace")))

    def signed_in(self):
        cookies = self.headers.get("Cookie", "")
        return any(c.strip().startswith("session=") and c.strip()[8:] in SESSIONS
                   for c in cookies.split(";"))

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        args = dict(urllib.parse.parse_qsl(url.query))
        try:
            if url.path == "/":
                return self.home()
            if url.path == "/search":
                return self.search(args.get("q", ""))
            if url.path.startswith("/request/"):
                return self.request_status(url.path[len("/request/"):])
            if url.path == "/status":
                return self.status()
            if url.path == "/admin/login":
                return self.send(200, page("<form method=post><input name=user>"
                                           "<input name=password type=password>"
                                           "<button>Masuk</button></form>"))
            if url.path == "/admin":
                if not self.signed_in():
                    return self.send(302, b"", headers=[("Location", "/admin/login")])
                return self.send(200, page("<h2>Dashboard admin</h2><form method=post "
                                           "action=/admin/upload><input name=name>"
                                           "<textarea name=data></textarea>"
                                           "<button>Unggah</button></form>"))
            if url.path.startswith("/uploads/"):
                return self.upload_file(os.path.basename(url.path), url.query)
            self.send(404, page("<p>Halaman tidak ditemukan.</p>"))
        except Exception as e:
            self.send(500, page("<p>Kesalahan: %s</p>" % html.escape(str(e))))

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        try:
            if url.path == "/request":
                return self.new_request(self.form())
            if url.path == "/admin/login":
                return self.login(self.form())
            if url.path == "/admin/upload":
                return self.upload(self.form())
            self.send(404, page("<p>Halaman tidak ditemukan.</p>"))
        except Exception as e:
            self.send(500, page("<p>Kesalahan: %s</p>" % html.escape(str(e))))

    def home(self):
        with open(ROOT + "/static/banner.html") as f:
            banner = f.read()
        items = dbclient.query("SELECT title, body FROM announcements ORDER BY id")
        self.send(200, page(banner + "<ul>" + "".join(
            "<li><b>%s</b>: %s</li>" % (html.escape(t), html.escape(b)) for t, b in items)
            + "</ul><form action=/search><input name=q><button>Cari</button></form>"))

    def search(self, q):
        rows = dbclient.query("SELECT title, body FROM announcements WHERE title LIKE '%" + q + "%'")
        self.send(200, page("<ul>" + "".join(
            "<li><b>%s</b>: %s</li>" % (html.escape(str(t)), html.escape(str(b)))
            for t, b in rows) + "</ul>"))

    def new_request(self, form):
        ticket = "REQ-%04d" % (secrets.randbelow(9000) + 1000)
        dbclient.query("INSERT INTO requests (ticket, name, need, status) VALUES (?, ?, ?, ?)",
                       (ticket, form.get("name", ""), form.get("need", ""), "diterima"))
        self.send(200, page("<p>Permohonan diterima. Tiket: <b>%s</b></p>" % ticket))

    def request_status(self, ticket):
        rows = dbclient.query("SELECT ticket, need, status FROM requests WHERE ticket = ?",
                              (ticket,))
        if not rows:
            return self.send(404, page("<p>Tiket tidak ditemukan.</p>"))
        self.send(200, page("<p>%s: %s (%s)</p>" % tuple(html.escape(str(v)) for v in rows[0])))

    def status(self):
        citizens = dbclient.query("SELECT COUNT(*) FROM citizens")[0][0]
        requests = dbclient.query("SELECT COUNT(*) FROM requests")[0][0]
        self.send(200, ('{"db":"up","citizens":%d,"requests":%d}' % (citizens, requests))
                  .encode(), "application/json")

    def login(self, form):
        if form.get("user") == "admin" and form.get("password") == admin_password():
            token = secrets.token_hex(16)
            SESSIONS.add(token)
            return self.send(302, b"", headers=[("Location", "/admin"),
                                                ("Set-Cookie", "session=%s; HttpOnly" % token)])
        self.send(401, page("<p>Login gagal.</p>"))

    def upload(self, form):
        name = os.path.basename(form.get("name", ""))
        if not name:
            return self.send(400, page("<p>Nama berkas kosong.</p>"))
        with open(os.path.join(UPLOADS, name), "w") as f:
            f.write(form.get("data", ""))
        self.send(200, page("<p>Berkas diunggah: /uploads/%s</p>" % html.escape(name)))

    def upload_file(self, name, query):
        path = os.path.join(UPLOADS, name)
        if not os.path.isfile(path):
            return self.send(404, page("<p>Berkas tidak ditemukan.</p>"))
        if name.endswith(".py"):
            # report scripts of the old portal run as CGI
            out = subprocess.run(["python3", path], capture_output=True, timeout=10,
                                 env=dict(os.environ, QUERY_STRING=query)).stdout
            return self.send(200, out, "text/plain; charset=utf-8")
        with open(path, "rb") as f:
            self.send(200, f.read(), "application/octet-stream")


if __name__ == "__main__":
    ThreadingHTTPServer(("0.0.0.0", 8080), Portal).serve_forever()

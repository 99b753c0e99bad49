#!/usr/bin/env python3
"""Citizen services portal (lab service). Logs every request in Combined Log
Format to /var/log/portal/access.log."""
import sys
import urllib.parse
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOG = open("/var/log/portal/access.log", "a", buffering=1)
PAGE = (b"<!doctype html><html lang='id'><head><meta charset='utf-8'><title>Layanan Publik</title></head>"
        b"<body><h1>Portal Layanan Publik</h1><form method='post' action='/login'>"
        b"<input name='user' placeholder='NIK'> <input name='pass' type='password'> <button>Masuk</button>"
        b"</form></body></html>")


class H(BaseHTTPRequestHandler):
    server_version = "portal/1.4"
    protocol_version = "HTTP/1.0"

    def reply(self, status, body, ctype="text/html; charset=utf-8"):
        self.size = len(body)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = urllib.parse.urlsplit(self.path).path
        if path == "/health":
            self.reply(200, b"ok\n", "text/plain")
        elif path == "/":
            self.reply(200, PAGE)
        else:
            self.reply(404, b"not found\n", "text/plain")

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(n)
        if urllib.parse.urlsplit(self.path).path == "/login":
            self.reply(401, b"NIK atau kata sandi salah\n", "text/plain")
        else:
            self.reply(404, b"not found\n", "text/plain")

    def log_request(self, code="-", size="-"):
        ts = datetime.now(timezone.utc).astimezone().strftime("%d/%b/%Y:%H:%M:%S %z")
        ua = self.headers.get("User-Agent", "-") if self.headers else "-"
        LOG.write(f'{self.client_address[0]} - - [{ts}] "{self.requestline}" {code} {getattr(self, "size", 0)} "-" "{ua}"\n')

    def log_message(self, fmt, *args):
        sys.stderr.write(fmt % args + "\n")


ThreadingHTTPServer.allow_reuse_address = True
ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("0.0.0.0", 8080), H).serve_forever()

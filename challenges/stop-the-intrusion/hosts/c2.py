#!/usr/bin/env python3
"""The adversary's command-and-control listener: implants beacon to TCP 4444 with one line
("beacon <host> <user>"); GET /last on TCP 8081 answers, per host, the seconds since its
last beacon as JSON ({"jump": 12}), or {} when nothing ever beaconed."""
import json
import socketserver
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LAST = {}


class Beacon(socketserver.StreamRequestHandler):
    timeout = 5

    def handle(self):
        words = self.rfile.readline(256).decode(errors="replace").split()
        if len(words) >= 2 and words[0] == "beacon":
            LAST[words[1][:32]] = time.time()


class Report(BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        body = json.dumps({h: int(time.time() - t) for h, t in LAST.items()}).encode()
        self.send_response(200 if self.path == "/last" else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Listener(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


if __name__ == "__main__":
    threading.Thread(target=Listener(("0.0.0.0", 4444), Beacon).serve_forever,
                     daemon=True).start()
    ThreadingHTTPServer(("0.0.0.0", 8081), Report).serve_forever()

#!/usr/bin/env python3
"""remshd: the office's remote login service (TCP 2222), a small SSH stand-in.

A client sends its user name, its password and one command line; the command runs as that
user (its own uid, gid and home) and its output comes back, then the connection closes:

    printf 'user\\npassword\\ncommand\\n' | nc -w 5 HOST 2222

Passwords are in /etc/remsh/passwd (user:salt:sha256(salt+password)), read on every login:
change one with `remsh-passwd USER`. Every login is logged to /var/log/auth.log.
"""
import hashlib
import hmac
import os
import pwd
import socket
import socketserver
import subprocess
import time

PASSWD = "/etc/remsh/passwd"
LOG = "/var/log/auth.log"
HOST = socket.gethostname()


def log(line):
    with open(LOG, "a") as f:
        f.write("%s %s remshd[%d]: %s\n" % (time.strftime("%b %d %H:%M:%S"), HOST, os.getpid(),
                                            line))


def valid(user, password):
    try:
        with open(PASSWD) as f:
            for entry in f:
                name, salt, digest = (entry.strip().split(":") + ["", ""])[:3]
                if name == user and digest:
                    given = hashlib.sha256((salt + password).encode()).hexdigest()
                    return hmac.compare_digest(given, digest)
    except OSError:
        pass
    return False


class Session(socketserver.StreamRequestHandler):
    timeout = 15

    def line(self, prompt):
        self.wfile.write(prompt.encode())
        return self.rfile.readline(4096).decode(errors="replace").rstrip("\r\n")

    def handle(self):
        peer = self.client_address[0]
        user = self.line("login: ")
        password = self.line("password: ")
        if not valid(user, password):
            log("Failed password for %s from %s port 2222" % (user[:32], peer))
            time.sleep(0.2)
            self.wfile.write(b"Login incorrect\n")
            return
        log("Accepted password for %s from %s port 2222" % (user, peer))
        account = pwd.getpwnam(user)
        self.wfile.write(("Welcome to %s, %s\n" % (HOST, user)).encode())
        command = self.line("$ ")
        try:
            out = subprocess.run(["/bin/sh", "-c", command], capture_output=True, timeout=10,
                                 user=account.pw_uid, group=account.pw_gid, extra_groups=[],
                                 cwd=account.pw_dir,
                                 env={"HOME": account.pw_dir, "USER": user, "LOGNAME": user,
                                      "PATH": "/usr/local/bin:/usr/bin:/bin"})
            self.wfile.write(out.stdout + out.stderr)
        except subprocess.TimeoutExpired:
            self.wfile.write(b"timed out\n")


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


if __name__ == "__main__":
    Server(("0.0.0.0", 2222), Session).serve_forever()

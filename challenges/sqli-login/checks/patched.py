#!/usr/bin/env python3
"""Defense check (runs inside the lab as root): the login is patched.

PASS (exit 0) when: the app answers on 127.0.0.1:8080, none of the injection
payloads logs in or leaks the flag, and the legitimate account still works.
"""
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

BASE = "http://127.0.0.1:8080"
INJECTIONS = [
    "admin' -- ", "admin'--", "admin'/*", "' OR '1'='1' -- ", "' OR 1=1 -- ", "x' OR 'a'='a' -- ",
    "' UNION SELECT 'admin','admin' -- ", "admin' OR '1'='1",
]


def post(user, pw):
    data = urllib.parse.urlencode({"username": user, "password": pw}).encode()
    try:
        with urllib.request.urlopen(BASE + "/login", data=data, timeout=5) as r:
            return r.status, r.read().decode(errors="replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")


def wait_up(seconds=15):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(BASE + "/", timeout=3) as r:
                if r.status == 200:
                    return True
        except Exception:
            pass
        time.sleep(1)
    return False


def main():
    if not wait_up():
        print("FAIL: the login page on 127.0.0.1:8080 does not answer")
        return 1
    try:
        flag = open("/flag.txt").read().strip()
    except OSError:
        flag = None
    for inj in INJECTIONS:
        status, body = post(inj, "x")
        if "Welcome" in body or (flag and flag in body):
            print(f"FAIL: SQL injection still works with username {inj!r}")
            return 1
    status, body = post("analyst", "Welcome2B2C!")
    if status != 200 or "Welcome, analyst" not in body:
        print(f"FAIL: the legitimate login analyst/Welcome2B2C! no longer works (HTTP {status})")
        return 1
    status, body = post("analyst", "wrong-password")
    if "Welcome" in body:
        print("FAIL: a wrong password is accepted")
        return 1
    print("PASS: injection blocked, legitimate login works")
    return 0


if __name__ == "__main__":
    sys.exit(main())

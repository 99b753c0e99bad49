#!/usr/bin/env python3
"""Lab traffic simulator: plays internet clients from addresses routed locally
(on lo), so no packet ever leaves the lab. Leave it running.
  198.51.100.23  attacker: password brute force on /login (about 2 requests/s)
  198.51.100.99  monitoring: GET /health every 5 s
  192.0.2.31/44  citizens: browse and log in now and then
"""
import http.client
import random
import threading
import time

TARGET = "192.0.2.10"
PASSWORDS = ["123456", "password", "admin", "qwerty", "indonesia", "merdeka45", "garuda", "P@ssw0rd",
             "jakarta2024", "rahasia", "bismillah", "sayang", "admin123", "letmein", "welcome1"]


def request(src, method, path, body=None, ua="Mozilla/5.0"):
    try:
        c = http.client.HTTPConnection(TARGET, 8080, timeout=3, source_address=(src, 0))
        c.request(method, path, body=body, headers={"User-Agent": ua, "Content-Type": "application/x-www-form-urlencoded"})
        c.getresponse().read()
        c.close()
    except OSError:
        pass


def attacker():
    i = 0
    while True:
        pw = PASSWORDS[i % len(PASSWORDS)] + ("" if i < len(PASSWORDS) else str(i))
        request("198.51.100.23", "POST", "/login", f"user=3171012503800001&pass={pw}", "python-requests/2.31.0")
        i += 1
        time.sleep(0.5)


def monitor():
    while True:
        request("198.51.100.99", "GET", "/health", ua="Zabbix")
        time.sleep(5)


def citizen(src):
    rnd = random.Random(src)
    while True:
        request(src, "GET", "/")
        if rnd.random() < 0.3:
            request(src, "POST", "/login", "user=3273014411900002&pass=salah", "Mozilla/5.0 (Android 14)")
        time.sleep(rnd.uniform(4, 12))


time.sleep(2)
for fn, args in [(attacker, ()), (monitor, ()), (citizen, ("192.0.2.31",)), (citizen, ("192.0.2.44",))]:
    threading.Thread(target=fn, args=args, daemon=True).start()
while True:
    time.sleep(3600)

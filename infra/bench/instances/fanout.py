"""SSE fan-out latency: CLIENTS stream clients spread over the given stream URLs; SOLVES trainees
each submit the right flag (through SUBMIT_URL); for each solve, the time from sending it to the
moment the LAST client has received an event naming the solver. Prints one line:
RESULT p50_ms p95_ms max_ms clients solves
"""
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse
import urllib.request

streams = sys.argv[1].split(",")
submit = sys.argv[2]
clients = int(os.environ.get("CLIENTS", "100"))
tokens = [t.strip() for t in open(os.environ["SOLVER_TOKENS"]) if t.strip()]
users = [u.strip() for u in open(os.environ["SOLVER_USERS"]) if u.strip()]

seen = {}  # username -> {client: first arrival time}
lock = threading.Lock()
ready = threading.Barrier(clients + 1)


def listen(client, url):
    u = urllib.parse.urlparse(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
    conn.request("GET", u.path, headers={"Accept": "text/event-stream"})
    resp = conn.getresponse()
    first = True
    for raw in resp:
        line = raw.decode("utf-8", "replace").strip()
        if first and line.startswith("data:"):
            first = False
            ready.wait()
            continue
        if line.startswith("data:"):
            now = time.monotonic()
            with lock:
                for user in users:
                    if '"' + user + '"' in line:
                        seen.setdefault(user, {}).setdefault(client, now)


for i in range(clients):
    threading.Thread(target=listen, args=(i, streams[i % len(streams)]), daemon=True).start()
ready.wait()
latencies = []
for user, token in zip(users, tokens):
    body = json.dumps({"flag": "B2C{bench}"}).encode()
    req = urllib.request.Request(submit, data=body, method="POST", headers={
        "Content-Type": "application/json", "Authorization": "Bearer " + token})
    sent = time.monotonic()
    urllib.request.urlopen(req, timeout=30).read()
    deadline = sent + 10
    while time.monotonic() < deadline:
        with lock:
            arrived = list(seen.get(user, {}).values())
        if len(arrived) >= clients:
            break
        time.sleep(0.005)
    with lock:
        arrived = list(seen.get(user, {}).values())
    if len(arrived) < clients:
        print("WARN only %d of %d clients got the solve of %s" % (len(arrived), clients, user),
              file=sys.stderr)
        continue
    latencies.append((max(arrived) - sent) * 1000)
    time.sleep(0.3)
latencies.sort()
if not latencies:
    print("RESULT nan nan nan %d 0" % clients)
    sys.exit(1)
p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
print("RESULT %.0f %.0f %.0f %d %d" % (p(0.5), p(0.95), latencies[-1], clients, len(latencies)))

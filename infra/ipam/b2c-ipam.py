#!/usr/bin/env python3
"""b2c-ipam: the Docker IPAM driver that lets many labs on one engine use the same fixed subnet.

A lab network with a fixed subnet (lab.networks.NAME.subnet, e.g. 203.0.113.0/24) is created by
the range as an internal bridge whose pool is a unique "shadow" subnet from the lab pool, with
this driver and the option b2c.map listing every address the network hands out:
"shadow=fixed/prefix,...". The engine then only ever sees unique pools (its overlap checks pass),
the bridge gets no address (com.docker.network.bridge.inhibit_ipv4: no host route), and each
container gets its fixed address. The driver keeps no state: the map travels in the pool id, and
an address the range did not name is refused. Standard library only; one thread per request.

  b2c-ipam.py SOCKET      serve the Docker plugin API on the unix socket SOCKET
"""
import http.server
import json
import os
import signal
import socketserver
import sys

MAP_OPTION = "b2c.map"
GATEWAY = "com.docker.network.gateway"


def parse_map(text):
    """shadow=fixed/prefix,... as a dict; ValueError when malformed."""
    entries = {}
    for item in (text or "").split(","):
        shadow, _, fixed = item.partition("=")
        if not shadow or "/" not in fixed:
            raise ValueError("b2c-ipam: option %s item '%s' is not shadow=address/prefix"
                             % (MAP_OPTION, item))
        entries[shadow.strip()] = fixed.strip()
    return entries


def answer(path, req):
    if path == "/Plugin.Activate":
        return {"Implements": ["IpamDriver"]}
    if path == "/IpamDriver.GetCapabilities":
        return {"RequiresMACAddress": False}
    if path == "/IpamDriver.GetDefaultAddressSpaces":
        return {"LocalDefaultAddressSpace": "b2c-local", "GlobalDefaultAddressSpace": "b2c-global"}
    if path == "/IpamDriver.RequestPool":
        pool = req.get("Pool")
        mapping = (req.get("Options") or {}).get(MAP_OPTION)
        if req.get("V6") or not pool or not mapping:
            return {"Err": "b2c-ipam serves IPv4 lab networks created by the range (subnet and"
                           " option %s)" % MAP_OPTION}
        parse_map(mapping)
        return {"PoolID": pool + "|" + mapping, "Pool": pool, "Data": {}}
    if path == "/IpamDriver.RequestAddress":
        mapping = parse_map(req.get("PoolID", "").partition("|")[2])
        fixed = mapping.get(req.get("Address") or "")
        if fixed is None:
            return {"Err": "b2c-ipam: address %s is not one the range named for this network"
                           % (req.get("Address") or "(any)")}
        return {"Address": fixed, "Data": {}}
    if path in ("/IpamDriver.ReleasePool", "/IpamDriver.ReleaseAddress"):
        return {}
    return {"Err": "b2c-ipam: unknown call " + path}


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        try:
            out = answer(self.path, json.loads(self.rfile.read(length) or b"{}"))
        except (ValueError, AttributeError) as e:
            out = {"Err": str(e)}
        data = json.dumps(out).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/vnd.docker.plugins.v1+json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

    def get_request(self):
        conn, _ = super().get_request()
        return conn, ("unix", 0)


if __name__ == "__main__":
    socket_path = sys.argv[1]
    if os.path.exists(socket_path):
        os.unlink(socket_path)
    os.makedirs(os.path.dirname(socket_path), exist_ok=True)
    server = Server(socket_path, Handler)
    os.chmod(socket_path, 0o600)

    def stop(*_):
        # no socket file of a driver that does not answer: the range checks it before each lab
        try:
            os.unlink(socket_path)
        except OSError:
            pass
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    server.serve_forever()

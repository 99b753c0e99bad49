#!/usr/bin/env python3
"""Regenerate dist/capture.pcap deterministically (instructor tool, not shipped).

Writes a classic libpcap file (Ethernet/IPv4/TCP+UDP) with correct checksums
using only the standard library. All addresses are documentation ranges.
Usage: python3 src/make_pcap.py dist/capture.pcap
"""
import base64
import struct
import sys

T0 = 1741932000.0  # 2025-03-14 06:00:00 UTC
packets = []
clock = [T0]


def csum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ip4(a: str) -> bytes:
    return bytes(int(x) for x in a.split("."))


MAC = {}


def mac(ip: str) -> bytes:
    return MAC.setdefault(ip, bytes([0x02, 0x42, 0xC0, 0x00, len(MAC) + 1, int(ip.split(".")[-1])]))


ipid = [0x1000]


def emit(src, dst, proto, l4: bytes, dt=0.0004):
    ipid[0] += 1
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(l4), ipid[0], 0x4000, 64, proto, 0, ip4(src), ip4(dst))
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    frame = mac(dst) + mac(src) + b"\x08\x00" + hdr + l4
    clock[0] += dt
    packets.append((clock[0], frame))


def l4sum(src, dst, proto, seg):
    pseudo = ip4(src) + ip4(dst) + struct.pack("!BBH", 0, proto, len(seg))
    return csum(pseudo + seg)


def udp(src, sport, dst, dport, payload, dt=0.001):
    seg = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    c = l4sum(src, dst, 17, seg) or 0xFFFF
    emit(src, dst, 17, seg[:6] + struct.pack("!H", c) + seg[8:], dt)


class TCP:
    def __init__(self, c, cport, s, sport, isn_c, isn_s):
        self.c, self.cp, self.s, self.sp = c, cport, s, sport
        self.seq = {c: isn_c, s: isn_s}

    def _send(self, frm, flags, payload=b"", dt=0.0004):
        to = self.s if frm == self.c else self.c
        sp, dp = (self.cp, self.sp) if frm == self.c else (self.sp, self.cp)
        ack = self.seq[to] if flags != 0x02 else 0
        seg = struct.pack("!HHIIBBHHH", sp, dp, self.seq[frm], ack, 5 << 4, flags, 64240, 0, 0) + payload
        c = l4sum(frm, to, 6, seg)
        emit(frm, to, 6, seg[:16] + struct.pack("!H", c) + seg[18:], dt)
        self.seq[frm] = (self.seq[frm] + len(payload) + (1 if flags & 0x03 else 0)) & 0xFFFFFFFF

    def handshake(self):
        self._send(self.c, 0x02, dt=0.5)            # SYN
        self._send(self.s, 0x12, dt=0.0009)         # SYN-ACK
        self._send(self.c, 0x10)                    # ACK

    def data(self, frm, payload, dt=0.002):
        self._send(frm, 0x18, payload, dt)          # PSH-ACK
        self._send(self.s if frm == self.c else self.c, 0x10)

    def close(self):
        self._send(self.c, 0x11, dt=0.01)           # FIN-ACK
        self._send(self.s, 0x11)
        self._send(self.c, 0x10)


def dns_query(qid, name):
    q = b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0" + struct.pack("!HH", 1, 1)
    return struct.pack("!HHHHHH", qid, 0x0100, 1, 0, 0, 0) + q, q


def dns_answer(qid, q, addr):
    return struct.pack("!HHHHHH", qid, 0x8180, 1, 1, 0, 0) + q + \
        struct.pack("!HHHIH", 0xC00C, 1, 1, 300, 4) + ip4(addr)


ADMIN = "192.0.2.15"        # the admin's workstation
ROUTER = "198.51.100.1"     # core router web UI
DNS = "198.51.100.53"
FTP = "203.0.113.21"
WEB = "203.0.113.80"

# Name lookups.
for qid, name, addr in [(0x3A11, "router.mgmt.example.net", ROUTER), (0x3A12, "mirror.example.org", FTP),
                        (0x3A13, "intranet.example.net", WEB)]:
    qry, q = dns_query(qid, name)
    udp(ADMIN, 53001 + qid % 16, DNS, 53, qry, dt=0.3)
    udp(DNS, 53, ADMIN, 53001 + qid % 16, dns_answer(qid, q, addr), dt=0.004)

# Unrelated intranet browsing (no credentials).
t = TCP(ADMIN, 51544, WEB, 80, 0x11223344, 0x55667788)
t.handshake()
t.data(ADMIN, b"GET /news/index.html HTTP/1.1\r\nHost: intranet.example.net\r\nUser-Agent: Mozilla/5.0\r\nAccept: */*\r\n\r\n")
body = b"<html><body><h1>Berita Internal</h1><p>Apel pagi pukul 07.30.</p></body></html>"
t.data(WEB, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
t.close()

# Anonymous FTP (decoy: cleartext, but no real secret).
f = TCP(ADMIN, 51560, FTP, 21, 0x0BADF00D, 0x0DDBA11)
f.handshake()
for who, line in [(FTP, b"220 mirror.example.org FTP server ready\r\n"), (ADMIN, b"USER anonymous\r\n"),
                  (FTP, b"331 Please specify the password.\r\n"), (ADMIN, b"PASS guest@example.net\r\n"),
                  (FTP, b"230 Login successful.\r\n"), (ADMIN, b"QUIT\r\n"), (FTP, b"221 Goodbye.\r\n")]:
    f.data(who, line, dt=0.05)
f.close()


def router_get(port, isn, auth=None, split=False, ok=False):
    s = TCP(ADMIN, port, ROUTER, 80, isn, isn ^ 0x5A5A5A5A)
    s.handshake()
    req = b"GET /admin/ HTTP/1.1\r\nHost: router.mgmt.example.net\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64)\r\n"
    if auth:
        req += b"Authorization: Basic " + base64.b64encode(auth.encode()) + b"\r\n"
    req += b"Accept: text/html\r\nConnection: close\r\n\r\n"
    if split:  # the header is split over two TCP segments: reassemble the stream!
        cut = req.index(b"Authorization: Basic ") + 28
        s.data(ADMIN, req[:cut])
        s.data(ADMIN, req[cut:], dt=0.03)
    else:
        s.data(ADMIN, req)
    if ok:
        body = b"<html><head><title>CoreRouter</title></head><body>Welcome, admin. Firmware 4.2.1</body></html>"
        s.data(ROUTER, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
    else:
        body = b"<html><body>401 Unauthorized</body></html>"
        s.data(ROUTER, b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"CoreRouter\"\r\n"
                       b"Content-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
    s.close()


router_get(51570, 0x70000001)                                   # no credentials -> 401
router_get(51572, 0x70100001, auth="admin:admin123")            # wrong password -> 401
router_get(51574, 0x70200001, auth="admin:Garuda2024")          # wrong password -> 401
router_get(51576, 0x70300001, auth="admin:Bh1nneka_Tunggal_1ka", split=True, ok=True)  # success

with open(sys.argv[1], "wb") as out:
    out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    for ts, frame in packets:
        sec = int(ts)
        out.write(struct.pack("<IIII", sec, int(round((ts - sec) * 1e6)), len(frame), len(frame)))
        out.write(frame)
print(f"wrote {len(packets)} packets to {sys.argv[1]}", file=sys.stderr)

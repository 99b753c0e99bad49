#!/usr/bin/env bash
# Solution: reassemble the TCP streams of dist/capture.pcap (stdlib only),
# decode every HTTP Basic Authorization header and keep the credentials whose
# response on the same connection was "200 OK".
set -euo pipefail
PCAP="${B2C_CHALLENGE_DIR:?B2C_CHALLENGE_DIR not set}/dist/capture.pcap"
python3 - "$PCAP" <<'PY'
import base64, re, socket, struct, sys
from collections import defaultdict

data = open(sys.argv[1], "rb").read()
magic = struct.unpack("<I", data[:4])[0]
end = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
linktype = struct.unpack(end + "I", data[20:24])[0]
assert linktype == 1, "expected Ethernet captures"
off, segs = 24, defaultdict(dict)          # (src, sport, dst, dport) -> {seq: payload}
while off + 16 <= len(data):
    _, _, incl, _ = struct.unpack(end + "IIII", data[off:off + 16])
    frame = data[off + 16:off + 16 + incl]
    off += 16 + incl
    if frame[12:14] != b"\x08\x00":
        continue
    ip = frame[14:]
    ihl, proto = (ip[0] & 15) * 4, ip[9]
    if proto != 6:
        continue
    total = struct.unpack("!H", ip[2:4])[0]
    tcp = ip[ihl:total]
    sport, dport, seq = struct.unpack("!HHI", tcp[:8])
    payload = tcp[(tcp[12] >> 4) * 4:]
    if payload:
        segs[(socket.inet_ntoa(ip[12:16]), sport, socket.inet_ntoa(ip[16:20]), dport)][seq] = payload

streams = {k: b"".join(v[s] for s in sorted(v)) for k, v in segs.items()}
found = None
for (src, sp, dst, dp), req in streams.items():
    for m in re.finditer(rb"Authorization: Basic ([A-Za-z0-9+/=]+)", req):
        user, _, pw = base64.b64decode(m.group(1)).decode().partition(":")
        resp = streams.get((dst, dp, src, sp), b"")
        status = resp.split(b"\r\n", 1)[0].decode(errors="replace")
        print(f"{src}:{sp} -> {dst}:{dp}  {user}:{pw}  => {status}", file=sys.stderr)
        if " 200 " in status:
            found = pw
if not found:
    sys.exit("no successful Basic-auth login found")
print(f"B2C{{{found}}}")
PY

#!/usr/bin/env bash
# Solution: known-plaintext attack on repeating-key XOR.
# The banner "CONFIDENTIAL//" gives 14 bytes of keystream; the key repeats with
# a period shorter than that, so the whole key falls out.
set -euo pipefail
F="${B2C_CHALLENGE_DIR:?B2C_CHALLENGE_DIR not set}/dist/intercepted.b64"
python3 - "$F" <<'PY'
import base64, re, sys
ct = base64.b64decode(open(sys.argv[1]).read())
crib = b"CONFIDENTIAL//"
ks = bytes(c ^ p for c, p in zip(ct, crib))
for n in range(1, len(ks) + 1):
    if all(ks[i] == ks[i + n] for i in range(len(ks) - n)):
        key = ks[:n]
        break
else:
    sys.exit("no key period found within the crib")
pt = bytes(c ^ key[i % len(key)] for i, c in enumerate(ct)).decode("utf-8", "replace")
print(f"key = {key!r}", file=sys.stderr)
print(pt, file=sys.stderr)
m = re.search(r"B2C\{[^}]+\}", pt)
if not m:
    sys.exit("flag not found in plaintext")
print(m.group(0))
PY

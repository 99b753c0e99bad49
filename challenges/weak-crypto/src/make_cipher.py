#!/usr/bin/env python3
"""Regenerate dist/intercepted.b64 (instructor tool, not shipped).
Repeating-key XOR with a short key, base64-encoded.
Usage: python3 src/make_cipher.py > dist/intercepted.b64
"""
import base64
import textwrap

KEY = b"Nusantara"
PLAIN = """CONFIDENTIAL//OPS-7
To: all cells
From: Wayang

Operation LAYANG-LAYANG moves to phase two on Friday 21:00 WIB.
The staging server is ready; use the usual drop for the loader.
Do not reuse last month's credentials, they were burned.
Verification phrase for the handover: B2C{r3pe4t1ng_x0r_k3ys_l34k_th31r_l3ngth}

Rapat berikutnya hari Sabtu. Hapus pesan ini setelah dibaca.
"""

data = PLAIN.encode()
ct = bytes(b ^ KEY[i % len(KEY)] for i, b in enumerate(data))
print("\n".join(textwrap.wrap(base64.b64encode(ct).decode(), 76)))

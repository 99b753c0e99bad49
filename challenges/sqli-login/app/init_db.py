#!/usr/bin/env python3
"""Create the user database at image build time (run by the Dockerfile)."""
import hashlib
import os
import secrets
import sqlite3

os.makedirs("/opt/app/data", exist_ok=True)
db = sqlite3.connect("/opt/app/data/users.db")
db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT UNIQUE, password_hash TEXT, role TEXT)")
users = [
    ("admin", secrets.token_hex(24), "admin"),      # random, unknown to anyone
    ("analyst", "Welcome2B2C!", "user"),            # the trainee's own account
    ("budi.santoso", secrets.token_hex(12), "user"),
    ("siti.rahma", secrets.token_hex(12), "user"),
]
for name, pw, role in users:
    db.execute("INSERT INTO users (username, password_hash, role) VALUES (?, ?, ?)",
               (name, hashlib.sha256(pw.encode()).hexdigest(), role))
db.commit()
db.close()

#!/usr/bin/env python3
"""The portal's database server: SQLite behind a small line protocol on TCP 5432.

A client sends one JSON line {"sql": "...", "params": [...]} and gets one JSON line back:
{"rows": [[...], ...]} or {"error": "..."}. Like any SQL server it runs what it is sent:
keeping injected SQL out is the application's job.
"""
import json
import socketserver
import sqlite3
import threading

PATH = "/var/lib/portal-db/portal.db"
LOCK = threading.Lock()


def seed(db):
    db.executescript("""
        CREATE TABLE IF NOT EXISTS announcements (id INTEGER PRIMARY KEY, title TEXT, body TEXT);
        CREATE TABLE IF NOT EXISTS citizens (id INTEGER PRIMARY KEY, nik TEXT, name TEXT,
            phone TEXT, address TEXT);
        CREATE TABLE IF NOT EXISTS requests (id INTEGER PRIMARY KEY, ticket TEXT UNIQUE,
            name TEXT, need TEXT, status TEXT);
    """)
    if db.execute("SELECT COUNT(*) FROM announcements").fetchone()[0] == 0:
        db.executemany("INSERT INTO announcements (title, body) VALUES (?, ?)", [
            ("Jadwal layanan KTP", "Perekaman KTP elektronik dibuka Senin-Jumat 08.00-15.00."),
            ("Pembayaran PBB", "Pembayaran Pajak Bumi dan Bangunan dapat dilakukan daring."),
            ("Vaksinasi anak", "Vaksinasi anak gratis di puskesmas kecamatan setiap Rabu."),
            ("Pengaduan banjir", "Laporkan genangan melalui formulir permohonan di portal ini."),
            ("Libur nasional", "Kantor layanan tutup pada hari libur nasional."),
        ])
    if db.execute("SELECT COUNT(*) FROM citizens").fetchone()[0] == 0:
        first = ["Agus", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gita", "Hadi", "Indah", "Joko"]
        last = ["Santoso", "Wijaya", "Lestari", "Pratama", "Siregar"]
        rows = []
        for i in range(50):
            nik = "317401%02d%02d%02d%04d" % (i % 28 + 1, i % 12 + 1, 80 + i % 20, 1000 + i * 37)
            rows.append((nik, "%s %s" % (first[i % 10], last[i // 10]),
                         "0812-5550-%04d" % (i * 131 % 10000), "Jl. Contoh No. %d" % (i + 1)))
        db.executemany("INSERT INTO citizens (nik, name, phone, address) VALUES (?, ?, ?, ?)", rows)
    if db.execute("SELECT COUNT(*) FROM requests").fetchone()[0] == 0:
        db.executemany("INSERT INTO requests (ticket, name, need, status) VALUES (?, ?, ?, ?)", [
            ("REQ-0001", "Agus Santoso", "Surat keterangan domisili", "selesai"),
            ("REQ-0002", "Dewi Wijaya", "Akta kelahiran", "diproses"),
            ("REQ-0003", "Hadi Lestari", "Izin keramaian", "diproses"),
        ])
    db.commit()


class Handler(socketserver.StreamRequestHandler):
    timeout = 10

    def handle(self):
        line = self.rfile.readline(65536)
        try:
            query = json.loads(line)
            with LOCK:
                cursor = DB.execute(query["sql"], query.get("params", []))
                rows = cursor.fetchmany(1000)
                DB.commit()
            answer = {"rows": rows}
        except Exception as e:  # the client sees the database's error, as with a real server
            answer = {"error": str(e)}
        self.wfile.write((json.dumps(answer) + "\n").encode())


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


if __name__ == "__main__":
    DB = sqlite3.connect(PATH, check_same_thread=False)
    seed(DB)
    Server(("0.0.0.0", 5432), Handler).serve_forever()

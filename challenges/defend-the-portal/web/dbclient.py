"""Client of the portal's database server (host database, TCP 5432): one JSON line each way."""
import json
import socket

HOST, PORT = "database", 5432


def query(sql, params=()):
    with socket.create_connection((HOST, PORT), timeout=5) as s:
        s.sendall((json.dumps({"sql": sql, "params": list(params)}) + "\n").encode())
        data = b""
        while not data.endswith(b"\n"):
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    answer = json.loads(data or b"{}")
    if "error" in answer:
        raise RuntimeError(answer["error"])
    return answer.get("rows", [])


if __name__ == "__main__":  # for the admins: python3 dbclient.py "SELECT ..."
    import sys
    for row in query(sys.argv[1]):
        print("|".join(str(v) for v in row))

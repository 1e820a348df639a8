#!/usr/bin/env python3
"""A tiny OpenLineage HTTP endpoint for the openlineage-http listener tests.

Listens on 127.0.0.1 on a free port and prints `PORT <n>` on its first line of output. Every POST is
recorded (path, headers, body, the status answered); the path chooses the answer:

    /ok/...              201
    /fail/<n>/...        500 for the first <n> POSTs to that exact path, then 201
    /status/<code>/...   always <code>
    /hang/...            never answers (the request's thread sleeps)

GET /requests returns the records so far as a JSON array, oldest first.

It exits when its standard input closes, so it never outlives the test process that started it.
"""

import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
records = []
failures_left = {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def answer(self, status, body=b"{}"):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path != "/requests":
            return self.answer(404, b'{"error":"only GET /requests"}')
        with lock:
            body = json.dumps(records).encode()
        self.answer(200, body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode("utf-8", "replace")
        parts = [p for p in self.path.split("/") if p]
        status = 404
        if parts and parts[0] == "ok":
            status = 201
        elif len(parts) >= 2 and parts[0] == "fail":
            with lock:
                left = failures_left.setdefault(self.path, int(parts[1]))
                failures_left[self.path] = max(0, left - 1)
            status = 500 if left > 0 else 201
        elif len(parts) >= 2 and parts[0] == "status":
            status = int(parts[1])
        elif parts and parts[0] == "hang":
            with lock:
                records.append({"path": self.path, "headers": dict(self.headers), "body": body, "status": None})
            time.sleep(3600)
            return
        with lock:
            records.append({"path": self.path, "headers": dict(self.headers), "body": body, "status": status})
        self.answer(status, b'{"error":"refused on purpose"}' if status >= 400 else b"{}")


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(f"PORT {server.server_address[1]}", flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()  # until the test closes our stdin (or dies)
    os._exit(0)


if __name__ == "__main__":
    main()

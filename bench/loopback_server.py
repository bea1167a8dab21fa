"""`demarche serve` on a free loopback port, for the bench scripts.

    with LoopbackServer(bin, db, ready_timeout) as srv:
        srv.get_json("/api/stats")

Starts the server, waits until it prints its address and /api/stats
answers (exits the script when it does not come up in time), and stops it
on leaving the block. Only 127.0.0.1 is contacted.
"""
import json
import socket
import subprocess
import sys
import time
import urllib.request


class LoopbackServer:
    def __init__(self, binary, db, ready_timeout=600.0, request_timeout=120.0):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"
        self.request_timeout = request_timeout
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            [binary, "--db", db, "serve", "--addr", f"127.0.0.1:{port}"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            self.proc.stdout.readline()
            deadline = time.time() + ready_timeout
            while True:
                try:
                    self.get("/api/stats")
                    break
                except Exception:
                    if time.time() > deadline or self.proc.poll() is not None:
                        sys.exit("server did not come up")
                    time.sleep(0.2)
        except BaseException:
            self.stop()
            raise
        # Seconds from start until the first answer.
        self.ready = time.perf_counter() - self.started

    def get(self, path):
        """(status, body) of a GET."""
        with urllib.request.urlopen(self.base + path, timeout=self.request_timeout) as r:
            return r.status, r.read()

    def get_json(self, path):
        return json.loads(self.get(path)[1])

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

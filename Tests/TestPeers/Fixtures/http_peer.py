#!/usr/bin/env python3
"""A scriptable HTTP/1.1 keep-alive peer for the HTTPTransport and LambdaRuntime tests (stdlib only).

Listens on 127.0.0.1 (port 0 unless --port), prints "PORT <n>" on stdout, serves until killed or until its
stdin closes (so it dies with the test process). Every request outside /__* is recorded.

  /echo...           200, JSON {method, path, headers: [[name, value]...], body}; sends X-Peer-MiXeD-Case
  /status/<code>     that status, a short body
  /sleep/<ms>        waits, then 200 "slept"
  /drop              closes the connection without answering
  /truncate          promises 100 bytes, sends 5, closes
  POST /__script     queue {method, path, status, headers: {}, body}: the next matching request gets it
  GET /__requests    the recorded requests: [{method, path, headers, body, clientPort, chunks, trailers}]
A chunked request body is read as sent: `chunks` lists each chunk's size and `trailers` the [name, value]
pairs after the last one (both null for a Content-Length body).
Unscripted Runtime API paths: GET .../invocation/next waits (long poll) until an answer is scripted; POSTs
under /2018-06-01/runtime/ answer 202 {"status":"OK"}. Anything else: 404.
"""
import argparse
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LONG_POLL_LIMIT_SECONDS = 30

state = threading.Condition()
recorded = []
scripts = []


def take_script(method, path):
    for index, script in enumerate(scripts):
        if script["method"] == method and script["path"] == path:
            return scripts.pop(index)
    return None


class Peer(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def answer(self, status, body=b"", headers=None, content_type="text/plain"):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def answer_json(self, status, document, headers=None):
        self.answer(status, json.dumps(document), headers, "application/json")

    def read_chunked(self):
        """A chunked body as sent: the data, each chunk's size, and the trailers."""
        body, sizes, trailers = b"", [], []
        while True:
            size = int(self.rfile.readline().split(b";")[0].strip(), 16)
            if size == 0:
                while (line := self.rfile.readline()) not in (b"\r\n", b"\n", b""):
                    name, _, value = line.decode("latin-1").partition(":")
                    trailers.append([name.strip(), value.strip()])
                return body, sizes, trailers
            body += self.rfile.read(size)
            sizes.append(size)
            self.rfile.readline()

    def handle_any(self):
        chunks, trailers = None, None
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            body, chunks, trailers = self.read_chunked()
        else:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
        text = body.decode("utf-8", errors="replace")

        if self.path == "/__script":
            with state:
                scripts.append(json.loads(text))
                state.notify_all()
            return self.answer_json(200, {"queued": True})
        if self.path == "/__requests":
            with state:
                return self.answer_json(200, recorded)

        with state:
            recorded.append({
                "method": self.command, "path": self.path, "headers": [[k, v] for k, v in self.headers.items()],
                "body": text, "clientPort": self.client_address[1], "chunks": chunks, "trailers": trailers,
            })
            script = take_script(self.command, self.path)
            if script is None and self.command == "GET" and self.path.endswith("/runtime/invocation/next"):
                deadline = time.monotonic() + LONG_POLL_LIMIT_SECONDS
                while script is None and time.monotonic() < deadline:
                    state.wait(deadline - time.monotonic())
                    script = take_script(self.command, self.path)
                if script is None:
                    return self.answer(504, "no invocation was scripted")
        if script is not None:
            return self.answer(script.get("status", 200), script.get("body", ""), script.get("headers"))

        if self.path.startswith("/echo"):
            echo = {"method": self.command, "path": self.path,
                    "headers": [[k, v] for k, v in self.headers.items()], "body": text, "chunks": chunks, "trailers": trailers}
            return self.answer_json(200, echo, {"X-Peer-MiXeD-Case": "yes"})
        if self.path.startswith("/status/"):
            return self.answer(int(self.path.split("/")[2]), "status " + self.path.split("/")[2])
        if self.path.startswith("/sleep/"):
            time.sleep(int(self.path.split("/")[2]) / 1000)
            return self.answer(200, "slept")
        if self.path == "/drop":
            self.close_connection = True
            return
        if self.path == "/truncate":
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.write(b"12345")
            self.wfile.flush()
            self.close_connection = True
            return
        if self.command == "POST" and self.path.startswith("/2018-06-01/runtime/"):
            return self.answer_json(202, {"status": "OK"})
        return self.answer(404, "no such path")

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = handle_any


def exit_when_parent_goes():
    sys.stdin.read()
    os._exit(0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    port = parser.parse_args().port
    server = ThreadingHTTPServer(("127.0.0.1", port), Peer)
    server.daemon_threads = True
    threading.Thread(target=exit_when_parent_goes, daemon=True).start()
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()

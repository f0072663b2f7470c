"""Small helpers shared by the local HTTP servers (Runtime API, API Gateway): reading a request body whether
sent with Content-Length or chunked, and writing a response that keeps the HTTP/1.1 connection usable."""

from __future__ import annotations

import http.server
import json
import sys
from typing import Callable


class KeepAliveHandler(http.server.BaseHTTPRequestHandler):
    """Base of the local servers' handlers: HTTP/1.1 keep-alive, as Lambda's Runtime API and API Gateway speak."""

    protocol_version = "HTTP/1.1"
    # http.server writes headers and body separately: without TCP_NODELAY every answer waits ~40 ms for
    # the peer's delayed ACK.
    disable_nagle_algorithm = True


def read_body(handler: http.server.BaseHTTPRequestHandler, limit: int | None = None) -> tuple[bytes, int]:
    """The request body and its full size; bytes beyond `limit` are read (to keep the connection in sync) and
    dropped."""
    chunks: list[bytes] = []
    kept = total = 0

    def read_exactly(count: int) -> None:
        nonlocal kept, total
        while count:
            data = handler.rfile.read(min(count, 1 << 20))
            if not data:
                raise ConnectionError("request body ended early")
            total += len(data)
            count -= len(data)
            if limit is None or kept + len(data) <= limit:
                chunks.append(data)
                kept += len(data)

    if is_chunked(handler):
        read_chunked(handler, read_exactly)
    else:
        read_exactly(int(handler.headers.get("Content-Length") or 0))
    return b"".join(chunks), total


def is_chunked(handler: http.server.BaseHTTPRequestHandler) -> bool:
    return "chunked" in handler.headers.get("Transfer-Encoding", "").lower()


def read_chunked(handler: http.server.BaseHTTPRequestHandler, read: Callable[[int], None]) -> dict[str, str]:
    """Reads a chunked request body, calling `read(size)` to consume each chunk's data as it arrives; the
    trailers (names as sent). ConnectionError when the body ends before its last chunk."""
    while True:
        line = handler.rfile.readline()
        if not line:
            raise ConnectionError("chunked body ended before its last chunk")
        size = int(line.split(b";")[0].strip() or b"0", 16)
        if size == 0:
            trailers: dict[str, str] = {}
            while (line := handler.rfile.readline()) not in (b"\r\n", b"\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                trailers[name.strip()] = value.strip()
            return trailers
        read(size)
        handler.rfile.readline()  # the CRLF after each chunk


def send(
    handler: http.server.BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    headers: list[tuple[str, str]] | dict[str, str] | None = None,
    include_body: bool = True,
) -> None:
    """Sends Content-Length, so keep-alive clients know where the response ends (except for 204 and 304,
    which have no body and must not carry one)."""
    handler.send_response(status)
    items = headers.items() if isinstance(headers, dict) else (headers or [])
    for name, value in items:
        if name.lower() not in ("content-length", "connection", "transfer-encoding"):
            handler.send_header(name, value)
    bodiless = status in (204, 304) or 100 <= status < 200
    if not bodiless:
        handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    if body and include_body and not bodiless:
        handler.wfile.write(body)


def send_json(handler: http.server.BaseHTTPRequestHandler, status: int, value: dict, extra_headers: dict[str, str] | None = None) -> None:
    headers = {"Content-Type": "application/json", **(extra_headers or {})}
    send(handler, status, json.dumps(value).encode(), headers, include_body=handler.command != "HEAD")


class QuietThreadingHTTPServer(http.server.ThreadingHTTPServer):
    """Daemon handler threads; a client that hangs up (a killed bootstrap, a closed browser) is not an error."""

    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)

"""A fault-injecting HTTP proxy on loopback, in front of a real server (moto's DynamoDB in the tests).

It reads each HTTP/1.1 request from the client (keep-alive, Content-Length bodies, `Expect: 100-continue`),
counts it, and either forwards it upstream or misbehaves as told by `inject()`:

  latency   forward, but hold the answer back `seconds`
  stall     read the request and answer nothing for `seconds` (past the caller's deadline), then close
  reset     forward, send the status line, headers and half the body, then reset the connection (RST)
  truncate  forward, send the headers (full Content-Length) and half the body, then close (FIN)
  status    answer `status` with DynamoDB's JSON error body for it (500 InternalServerError, 503 ...)
  throttle  answer 400 ProvisionedThroughputExceededException (or `code`, e.g. ThrottlingException)
  close     read the request and close the connection without a word
  tls-garbage    (TLS proxies) answer the ClientHello with bytes that are no TLS, then close
  tls-untrusted  (TLS proxies) complete the handshake with a certificate no trusted CA signed

`vanish()` closes the listener and every connection (connections are then refused); `restore()` listens on
the same port again. A fault applies to the next `times` requests (connections, for the TLS ones), or to all until `clear()`;
with `skip=n` the first n pass untouched (a failure on the second page of a scan: `skip=1`).
`requests` counts every request received, `faulted` those a fault hit; `forwarded` those that reached the
upstream. Nothing here retries: what the proxy counts is exactly what the client sent.
"""

from __future__ import annotations

import dataclasses
import http.client
import json
import socket
import ssl
import struct
import threading
import uuid

DYNAMODB_ERRORS = {
    500: ("com.amazonaws.dynamodb.v20120810#InternalServerError", "Internal server error"),
    503: ("com.amazon.coral.availability#ServiceUnavailableException", "Service unavailable"),
}
THROTTLE_MESSAGES = {
    "ProvisionedThroughputExceededException": "The level of configured provisioned throughput for the table was exceeded. "
    "Consider increasing your provisioning level with the UpdateTable API.",
    "ThrottlingException": "Rate of requests exceeds the allowed throughput.",
    "RequestLimitExceeded": "Throughput exceeds the current throughput limit for your account.",
}
CONNECTION_FAULTS = ("tls-garbage", "tls-untrusted")
MAX_HEAD_BYTES = 64 * 1024


@dataclasses.dataclass
class Fault:
    kind: str
    times: int | None = None  # None: until cleared
    seconds: float = 0.0
    status: int = 500
    code: str = "ProvisionedThroughputExceededException"
    skip: int = 0  # requests (connections) let through untouched before the fault starts


class FaultProxy:
    """`FaultProxy(("127.0.0.1", moto_port)).start()`; `endpoint` is what the client is pointed at. With
    `server_context` (and, for `tls-untrusted`, `untrusted_context`) it speaks TLS to the client."""

    def __init__(self, upstream: tuple[str, int], *, host: str = "127.0.0.1", server_context: ssl.SSLContext | None = None,
                 untrusted_context: ssl.SSLContext | None = None, endpoint_host: str | None = None,
                 upstream_timeout: float | None = 60.0):
        self.upstream = upstream
        self.upstream_timeout = upstream_timeout  # None for long polls (the Runtime API's /next)
        self.server_context = server_context
        self.untrusted_context = untrusted_context
        self._host = host
        self._listener = self._listen(0)
        self._endpoint_host = endpoint_host or host
        self._lock = threading.Lock()
        self._fault: Fault | None = None
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._connections: set[socket.socket] = set()
        self.requests = 0
        self.faulted = 0
        self.forwarded = 0
        self.connections = 0

    @staticmethod
    def _listen_on(host: str, port: int) -> socket.socket:
        listener = socket.create_server((host, port))  # SO_REUSEADDR: the port can be taken again at once
        listener.settimeout(0.2)
        return listener

    def _listen(self, port: int) -> socket.socket:
        listener = self._listen_on(self._host, port)
        self._port = listener.getsockname()[1]
        return listener

    @property
    def port(self) -> int:
        return self._port

    @property
    def endpoint(self) -> str:
        scheme = "https" if self.server_context else "http"
        return f"{scheme}://{self._endpoint_host}:{self.port}"

    # -- control ------------------------------------------------------------------------------------------

    def inject(self, kind: str, times: int | None = None, **options) -> None:
        with self._lock:
            self._fault = Fault(kind, times, **options)

    def clear(self) -> None:
        with self._lock:
            self._fault = None

    def counts(self) -> dict[str, int]:
        with self._lock:
            return {"requests": self.requests, "faulted": self.faulted, "forwarded": self.forwarded, "connections": self.connections}

    def _take(self, connection_level: bool) -> Fault | None:
        """The fault for this request (or connection), consuming one of its `times`."""
        with self._lock:
            fault = self._fault
            if fault is None or (fault.kind in CONNECTION_FAULTS) != connection_level:
                return None
            if fault.skip > 0:
                fault.skip -= 1
                return None
            if fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    self._fault = None
            return fault

    # -- lifecycle ----------------------------------------------------------------------------------------

    def start(self) -> "FaultProxy":
        self._thread = threading.Thread(target=self._accept, args=(self._listener,), name="fault-proxy", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._shut_down()

    def vanish(self) -> None:
        """Gone: the port refuses connections and every open one is closed, until `restore()`."""
        self._shut_down()

    def restore(self) -> None:
        self._listener = self._listen(self._port)
        self.start()

    def _shut_down(self) -> None:
        listener, thread = self._listener, self._thread
        listener.close()
        if thread:
            thread.join(5)
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            _close(connection)

    def __enter__(self) -> "FaultProxy":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _accept(self, listener: socket.socket) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = listener.accept()
            except (TimeoutError, socket.timeout):
                continue
            except OSError:
                return
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                self.connections += 1
                self._connections.add(client)
            threading.Thread(target=self._serve, args=(client,), name="fault-proxy-connection", daemon=True).start()

    # -- one client connection ----------------------------------------------------------------------------

    def _serve(self, client: socket.socket) -> None:
        upstream: http.client.HTTPConnection | None = None
        try:
            client.settimeout(60)
            if self.server_context is not None:
                secured = self._handshake(client)
                if secured is None:
                    return
                client = secured
            reader = client.makefile("rb")
            while not self._stopping.is_set():
                request = _read_request(reader, client)
                if request is None:
                    return
                with self._lock:
                    self.requests += 1
                fault = self._take(connection_level=False)
                if fault is not None:
                    with self._lock:
                        self.faulted += 1
                if fault is not None and fault.kind in ("status", "throttle"):
                    client.sendall(_error_response(fault))
                    continue
                if fault is not None and fault.kind == "stall":
                    self._stopping.wait(fault.seconds)
                    return
                if fault is not None and fault.kind == "close":
                    return
                if upstream is None:
                    upstream = http.client.HTTPConnection(*self.upstream, timeout=self.upstream_timeout)
                    upstream.connect()
                    with self._lock:  # so vanish() cuts the upstream side too (a pending long poll ends)
                        self._connections.add(upstream.sock)
                status, reason, headers, body = _forward(upstream, request)
                with self._lock:
                    self.forwarded += 1
                if fault is not None and fault.kind == "latency":
                    self._stopping.wait(fault.seconds)
                response = _serialize(status, reason, headers, body)
                if fault is not None and fault.kind in ("reset", "truncate"):
                    cut = len(response) - len(body) + len(body) // 2
                    client.sendall(response[:cut])
                    if fault.kind == "reset":
                        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    return
                client.sendall(response)
        except (OSError, ValueError, http.client.HTTPException):
            return
        finally:
            with self._lock:
                self._connections.discard(client)
                if upstream is not None:
                    self._connections.discard(upstream.sock)
            if upstream is not None:
                upstream.close()
            _close(client)

    def _handshake(self, client: socket.socket) -> ssl.SSLSocket | None:
        fault = self._take(connection_level=True)
        if fault is not None:
            with self._lock:
                self.faulted += 1
        if fault is not None and fault.kind == "tls-garbage":
            client.recv(4096)  # the ClientHello
            client.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n" + uuid.uuid4().bytes * 4)
            return None
        context = self.untrusted_context if fault is not None and fault.kind == "tls-untrusted" else self.server_context
        try:
            return context.wrap_socket(client, server_side=True)
        except (ssl.SSLError, OSError):
            return None


@dataclasses.dataclass
class _Request:
    method: str
    target: str
    headers: list[tuple[str, str]]
    body: bytes


def _read_request(reader, client: socket.socket) -> _Request | None:
    """One request, or None when the client closed the connection between requests."""
    line = reader.readline(MAX_HEAD_BYTES)
    if not line:
        return None
    method, target, _ = line.decode("latin-1").split(" ", 2)
    headers: list[tuple[str, str]] = []
    while True:
        line = reader.readline(MAX_HEAD_BYTES)
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        headers.append((name.strip(), value.strip()))
    lookup = {name.lower(): value for name, value in headers}
    if lookup.get("expect", "").lower() == "100-continue":
        client.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
        headers = [(name, value) for name, value in headers if name.lower() != "expect"]
    if "chunked" in lookup.get("transfer-encoding", "").lower():
        raise ValueError("chunked request bodies are not supported by the fault proxy")
    body = reader.read(int(lookup.get("content-length") or 0))
    return _Request(method, target, headers, body)


def _forward(upstream: http.client.HTTPConnection, request: _Request) -> tuple[int, str, list[tuple[str, str]], bytes]:
    upstream.putrequest(request.method, request.target, skip_host=True, skip_accept_encoding=True)
    for name, value in request.headers:
        if name.lower() not in ("connection", "content-length"):
            upstream.putheader(name, value)
    upstream.putheader("Content-Length", str(len(request.body)))
    upstream.endheaders(request.body)
    response = upstream.getresponse()
    body = response.read()
    headers = [(name, value) for name, value in response.getheaders()
               if name.lower() not in ("content-length", "transfer-encoding", "connection", "keep-alive")]
    return response.status, response.reason, headers, body


def _serialize(status: int, reason: str, headers: list[tuple[str, str]], body: bytes) -> bytes:
    head = [f"HTTP/1.1 {status} {reason}"] + [f"{name}: {value}" for name, value in headers]
    head.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


def _error_response(fault: Fault) -> bytes:
    if fault.kind == "throttle":
        status, error_type, message = 400, f"com.amazonaws.dynamodb.v20120810#{fault.code}", THROTTLE_MESSAGES[fault.code]
    else:
        status = fault.status
        error_type, message = DYNAMODB_ERRORS.get(status, (f"com.amazonaws.dynamodb.v20120810#Status{status}", "injected"))
    body = json.dumps({"__type": error_type, "message": message}).encode()
    reason = http.client.responses.get(status, "Error")
    headers = [("Content-Type", "application/x-amz-json-1.0"), ("x-amzn-RequestId", uuid.uuid4().hex.upper())]
    return _serialize(status, reason, headers, body)


def _close(connection: socket.socket) -> None:
    try:
        connection.close()
    except OSError:
        pass


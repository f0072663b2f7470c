"""A Docker Engine API proxy that puts SAM's Lambda containers on the host's network.

`sam local` publishes the container's RIE port (8080) on 127.0.0.1:<free port> and connects there. With
`dockerd --bridge=none` (no bridge, no iptables: nothing leaves loopback) a published port goes nowhere,
and `--docker-network host` does not help: SAM 1.170.0 skips connecting to a network named "host" and never
sets the container's network mode. This proxy sits between SAM (DOCKER_HOST=unix://<its socket>) and
dockerd, passes every request and response through byte for byte, and rewrites only the body of
`POST /containers/create` for a container whose entrypoint is SAM's RIE:

- HostConfig.NetworkMode = "host", PortBindings and ExposedPorts removed;
- the RIE is told to listen on the host port SAM chose (`--runtime-interface-emulator-address`) and to
  serve the Runtime API on a free loopback port (`--runtime-api-address`; its default 127.0.0.1:9001 would
  collide between containers, and with anything else on the host).

The function then reaches the local moto and token issuer on 127.0.0.1 like `make run`'s bootstrap does.
"""

from __future__ import annotations

import json
import os
import re
import socket
import threading

from tools.local.dynamodb import free_port

RIE_ENTRYPOINT = "/var/rapid/aws-lambda-rie"
RIE_CONTAINER_PORT = "8080/tcp"
_CREATE_PATH = re.compile(r"^(/v[0-9.]+)?/containers/create(\?|$)")


def rewrite_create(body: dict) -> dict:
    """The container-create request with host networking, for SAM's RIE containers only (others unchanged)."""
    entrypoint = body.get("Entrypoint") or []
    if not entrypoint or entrypoint[0] != RIE_ENTRYPOINT:
        return body
    host_config = body.setdefault("HostConfig", {})
    bindings = (host_config.get("PortBindings") or {}).get(RIE_CONTAINER_PORT) or []
    if not bindings or not bindings[0].get("HostPort"):
        raise ValueError(f"SAM's RIE container has no published {RIE_CONTAINER_PORT}: {host_config.get('PortBindings')}")
    host = bindings[0].get("HostIp") or "127.0.0.1"
    rie_address = f"{host}:{bindings[0]['HostPort']}"
    host_config["NetworkMode"] = "host"
    host_config.pop("PortBindings", None)
    body.pop("ExposedPorts", None)
    body["Entrypoint"] = [*entrypoint, "--runtime-interface-emulator-address", rie_address,
                          "--runtime-api-address", f"127.0.0.1:{free_port()}"]
    return body


class _Request:
    """One request read off the client's side of a connection: its head and, unless chunked, its body."""

    def __init__(self, reader: "_Reader"):
        self.head = reader.read_until(b"\r\n\r\n")
        lines = self.head.decode("latin-1").split("\r\n")
        self.method, self.target, _ = (lines[0].split(" ", 2) + ["", ""])[:3]
        self.headers = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                self.headers[name.strip().lower()] = value.strip()
        self.chunked = "chunked" in self.headers.get("transfer-encoding", "").lower()
        self.body = b"" if self.chunked else reader.read_exactly(int(self.headers.get("content-length") or 0))

    @property
    def hijacks(self) -> bool:
        """attach/exec start: after the response the connection carries a raw stream in both directions."""
        path = self.target.split("?")[0]
        return "upgrade" in self.headers or path.endswith("/attach") or ("/exec/" in path and path.endswith("/start"))

    def with_body(self, body: bytes) -> bytes:
        head = re.sub(rb"(?im)^content-length:[^\r]*\r\n", b"", self.head[:-2])
        return head + b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body


class _Reader:
    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.buffer = b""

    def _fill(self) -> None:
        data = self.sock.recv(65536)
        if not data:
            raise EOFError
        self.buffer += data

    def read_until(self, marker: bytes) -> bytes:
        while marker not in self.buffer:
            self._fill()
        end = self.buffer.index(marker) + len(marker)
        data, self.buffer = self.buffer[:end], self.buffer[end:]
        return data

    def read_exactly(self, size: int) -> bytes:
        while len(self.buffer) < size:
            self._fill()
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data

    def copy_chunked(self, out: socket.socket) -> None:
        """A chunked body, passed on as it is."""
        while True:
            size_line = self.read_until(b"\r\n")
            out.sendall(size_line)
            size = int(size_line.split(b";")[0].strip() or b"0", 16)
            if size == 0:
                out.sendall(self.read_until(b"\r\n"))  # no trailers from docker clients: the empty line
                return
            out.sendall(self.read_exactly(size + 2))


def _pipe(source: socket.socket, target: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    finally:
        for sock in (target, source):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class HostNetworkProxy:
    """Listens on `socket_path`, forwards to dockerd's `upstream_path`. Use as a context manager."""

    def __init__(self, socket_path: str, upstream_path: str):
        self.socket_path = socket_path
        self.upstream_path = upstream_path
        self.rewritten = 0  # containers put on the host network (tests check the proxy was really used)
        self._server: socket.socket | None = None
        self._thread: threading.Thread | None = None

    @property
    def docker_host(self) -> str:
        return f"unix://{self.socket_path}"

    def start(self) -> "HostNetworkProxy":
        if os.path.exists(self.socket_path):
            os.unlink(self.socket_path)
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(self.socket_path)
        server.listen(64)
        self._server = server
        self._thread = threading.Thread(target=self._accept, name="docker-host-network-proxy", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            try:
                self._server.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self._server.close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if os.path.exists(self.socket_path):
            os.unlink(self.socket_path)

    def __enter__(self) -> "HostNetworkProxy":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _accept(self) -> None:
        while self._server is not None:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), name="docker-proxy-connection", daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            upstream.connect(self.upstream_path)
        except OSError:
            client.close()
            return
        # Responses come back in request order on the same connection: copied as bytes, never parsed.
        threading.Thread(target=_pipe, args=(upstream, client), name="docker-proxy-response", daemon=True).start()
        reader = _Reader(client)
        try:
            while True:
                request = _Request(reader)
                if request.method == "POST" and _CREATE_PATH.match(request.target) and request.body:
                    before = json.loads(request.body)
                    try:
                        after = rewrite_create(json.loads(request.body))
                    except ValueError as error:  # fail loudly (docker-py raises it as an APIError), never half-wired
                        message = json.dumps({"message": f"host-network proxy: {error}"}).encode()
                        client.sendall(b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n"
                                       b"Content-Length: " + str(len(message)).encode() + b"\r\n\r\n" + message)
                        continue
                    if after != before:
                        self.rewritten += 1
                    upstream.sendall(request.with_body(json.dumps(after).encode()))
                else:
                    upstream.sendall(request.head + request.body)
                    if request.chunked:
                        reader.copy_chunked(upstream)
                if request.hijacks:
                    if reader.buffer:
                        upstream.sendall(reader.buffer)
                    _pipe(client, upstream)
                    return
        except (EOFError, OSError):
            pass
        try:
            upstream.shutdown(socket.SHUT_WR)
        except OSError:
            pass

"""The local DynamoDB both functions talk to: moto's WSGI app under gunicorn over HTTPS with keep-alive (as the
DynamoDB integration tests serve it), with a throw-away CA, and the products table from template.yaml.

`ClosingProxy` sits in front of it for the reconnect figures: a loopback TCP relay that, on `drop()`, closes
every connection it carries, as DynamoDB (or Lambda's freeze) closes idle connections. The client's next
request must open a new TCP and TLS connection: the proxy relays bytes and never sees inside TLS."""

from __future__ import annotations

import importlib.util
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time

import requests

from tools.local import dynamodb

_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_PEERS = os.path.join(_ROOT, "Tests", "DynamoDBTests", "Peers")


def _make_certificates(workdir: str) -> dict[str, str]:
    """The DynamoDB tests' CA and 127.0.0.1/localhost server certificate (one implementation, theirs)."""
    spec = importlib.util.spec_from_file_location("moto_peer", os.path.join(_PEERS, "moto_peer.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_certificates(workdir)


class TLSDynamoDB:
    """gunicorn (1 worker, threads, keep-alive 60 s) serving moto on https://127.0.0.1:<free port>."""

    def __init__(self, workdir: str, python: str = sys.executable):
        self.workdir = os.path.abspath(workdir)
        self.python = python
        self.port = dynamodb.free_port()
        self.paths: dict[str, str] = {}
        self._popen: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def ca_file(self) -> str:
        return self.paths["ca.pem"]

    def start(self, table_name: str = dynamodb.DEFAULT_TABLE_NAME, timeout: float = 30.0) -> "TLSDynamoDB":
        os.makedirs(self.workdir, exist_ok=True)
        self.paths = _make_certificates(self.workdir)
        log = open(os.path.join(self.workdir, "gunicorn.log"), "wb")
        self._popen = subprocess.Popen(
            [self.python, "-m", "gunicorn", "-w", "1", "-k", "gthread", "--threads", "4", "--keep-alive", "60",
             "--certfile", self.paths["server.pem"], "--keyfile", self.paths["server.key"], "-b", f"127.0.0.1:{self.port}",
             "--chdir", _PEERS, "--log-level", "warning", "moto_wsgi:app"],
            stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)
        log.close()
        try:
            self._wait_ready(timeout)
            dynamodb.create_products_table(self.endpoint, table_name, verify=self.ca_file)
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self._popen.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self._popen.returncode}; see {self.workdir}/gunicorn.log")
            try:
                requests.get(self.endpoint + "/moto-api/", verify=self.ca_file, timeout=1)
                return
            except requests.RequestException:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not answer on {self.endpoint} within {timeout} s") from None
                time.sleep(0.05)

    def stop(self) -> None:
        if self._popen is None or self._popen.poll() is not None:
            return
        try:
            os.killpg(self._popen.pid, signal.SIGTERM)
            self._popen.wait(timeout=10)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self._popen.pid, signal.SIGKILL)
            self._popen.wait()

    def __enter__(self) -> "TLSDynamoDB":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class ClosingProxy:
    """127.0.0.1:<port> → upstream; `drop()` closes every relayed connection (both sides) and waits until
    their relays have ended. At most `max_connections` at once; every relay thread ends with its sockets."""

    def __init__(self, upstream_port: int, max_connections: int = 64):
        self.upstream = ("127.0.0.1", upstream_port)
        self.max_connections = max_connections
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._pairs: list[tuple[socket.socket, socket.socket, threading.Thread]] = []
        self._stopping = False
        self.accepted = 0
        self._acceptor = threading.Thread(target=self._accept_loop, name="closing-proxy", daemon=True)

    @property
    def endpoint(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def start(self) -> "ClosingProxy":
        self._acceptor.start()
        return self

    def _accept_loop(self) -> None:
        while not self._stopping:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                if self._stopping or len(self._pairs) >= self.max_connections:
                    client.close()
                    continue
                try:
                    server = socket.create_connection(self.upstream, timeout=5)
                except OSError:
                    client.close()
                    continue
                for sock in (client, server):
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    sock.settimeout(None)
                relay = threading.Thread(target=self._relay, args=(client, server), daemon=True)
                self._pairs.append((client, server, relay))
                self.accepted += 1
            relay.start()

    def _relay(self, client: socket.socket, server: socket.socket) -> None:
        sockets = [client, server]
        try:
            while True:
                readable, _, _ = select.select(sockets, [], [], 1.0)
                if self._stopping:
                    return
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    (server if sock is client else client).sendall(data)
        except (OSError, ValueError):
            return
        finally:
            for sock in sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()

    def drop(self, timeout: float = 5.0) -> int:
        """Closes every open connection; returns how many there were."""
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for client, server, _ in pairs:
            for sock in (client, server):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
        for _, _, relay in pairs:
            relay.join(timeout)
        return len(pairs)

    def stop(self) -> None:
        self._stopping = True
        self._listener.close()
        self.drop()
        self._acceptor.join(5)

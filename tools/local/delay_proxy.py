"""A TCP proxy on loopback that holds every chunk a client sends for `delay` seconds before passing it on:
a DynamoDB that answers slowly, with everything else (keep-alive, TLS, SigV4) left to the real server behind
it. It counts how many connections are being held at once, which shows whether callers really overlap.

    with DelayProxy(("127.0.0.1", moto_port), delay=0.5) as proxy:
        ... AWS_ENDPOINT_URL_DYNAMODB=f"http://{proxy.address}" ...
        proxy.most_held_at_once
"""

from __future__ import annotations

import socket
import threading
import time


class DelayProxy:
    def __init__(self, target: tuple[str, int], delay: float, host: str = "127.0.0.1"):
        self.target = target
        self.delay = delay
        self._listener = socket.create_server((host, 0))
        self._lock = threading.Lock()
        self._held = 0
        self.most_held_at_once = 0
        self.connections = 0
        self._closed = threading.Event()
        self._sockets: list[socket.socket] = []

    @property
    def address(self) -> str:
        host, port = self._listener.getsockname()[:2]
        return f"{host}:{port}"

    def start(self) -> "DelayProxy":
        threading.Thread(target=self._accept, name="delay-proxy", daemon=True).start()
        return self

    def stop(self) -> None:
        self._closed.set()
        self._listener.close()
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            try:
                sock.close()
            except OSError:
                pass

    def __enter__(self) -> "DelayProxy":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def reset_counts(self) -> None:
        with self._lock:
            self.most_held_at_once = 0

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._listener.accept()
                server = socket.create_connection(self.target, timeout=10)
            except OSError:
                continue
            for sock in (client, server):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                self.connections += 1
                self._sockets += [client, server]
            # Both directions' threads hold the pair; the second to finish closes it.
            remaining = [2]
            threading.Thread(target=self._pipe, args=(client, server, True, remaining), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client, False, remaining), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket, delayed: bool, remaining: list[int]) -> None:
        try:
            while not self._closed.is_set():
                data = source.recv(65536)
                if not data:
                    break
                if delayed:
                    with self._lock:
                        self._held += 1
                        self.most_held_at_once = max(self.most_held_at_once, self._held)
                    time.sleep(self.delay)
                    with self._lock:
                        self._held -= 1
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            # A finished connection's descriptors are closed at once, not at stop(): a long run through the
            # proxy (a new connection per request, say) must not run its caller out of descriptors.
            with self._lock:
                remaining[0] -= 1
                finished = remaining[0] == 0
                if finished:
                    self._sockets = [sock for sock in self._sockets if sock is not source and sock is not sink]
            if finished:
                for sock in (source, sink):
                    sock.close()

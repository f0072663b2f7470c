"""A local stand-in for the X-Ray daemon: a UDP listener on loopback that reads what the function sends
(`{"format": "json", "version": 1}`, a newline, one segment document per datagram), checks it, keeps it, and
prints one line per traced request: route, status, total time and each outbound call with its time.

    GET /products/{id} 200 4.1 ms  trace 1-6756f0a1-…  [DynamoDB GetItem 2.7 ms]

The function sends its outbound calls' subsegments as they end and a `## <service>` subsegment (route and
status as annotations) after the response; that last one completes a request's line.
"""

from __future__ import annotations

import json
import re
import socket
import sys
import threading
import time
from typing import Callable

HEADER = b'{"format": "json", "version": 1}'
_ID = re.compile(r"[0-9a-f]{16}")
_TRACE_ID = re.compile(r"1-[0-9a-f]{8}-[0-9a-f]{24}")


class InvalidSegment(ValueError):
    pass


def parse_datagram(datagram: bytes) -> dict:
    """The segment document in a daemon datagram; raises InvalidSegment for anything X-Ray would refuse."""
    header, newline, body = datagram.partition(b"\n")
    if not newline or json.loads(header) != json.loads(HEADER):
        raise InvalidSegment(f"bad header line {header[:80]!r}")
    try:
        document = json.loads(body)
    except ValueError as error:
        raise InvalidSegment(f"body is not JSON: {error}") from None
    validate_segment(document)
    return document


def validate_segment(document: dict) -> None:
    """The rules of X-Ray's segment documents that an independent subsegment must meet."""
    if not isinstance(document, dict):
        raise InvalidSegment("not an object")
    for key in ("name", "id", "trace_id", "start_time"):
        if key not in document:
            raise InvalidSegment(f"missing {key}")
    if not isinstance(document["name"], str) or not 1 <= len(document["name"]) <= 200:
        raise InvalidSegment("name must be 1-200 characters")
    if not re.fullmatch(r"[\w\s_.:/%&#=+\\\-@]+", document["name"]):
        raise InvalidSegment(f"name {document['name']!r} has characters X-Ray does not allow")
    if not _ID.fullmatch(str(document["id"])):
        raise InvalidSegment(f"id {document['id']!r} is not 16 hex digits")
    if not _TRACE_ID.fullmatch(str(document["trace_id"])):
        raise InvalidSegment(f"trace_id {document['trace_id']!r} is malformed")
    if document.get("type") == "subsegment" and not _ID.fullmatch(str(document.get("parent_id", ""))):
        raise InvalidSegment("a subsegment sent on its own needs a 16-hex parent_id")
    start, end = document["start_time"], document.get("end_time")
    if not isinstance(start, (int, float)) or (end is not None and (not isinstance(end, (int, float)) or end < start)):
        raise InvalidSegment("start_time/end_time must be epoch seconds, end not before start")
    if end is None and document.get("in_progress") is not True:
        raise InvalidSegment("needs end_time or in_progress")
    if len(json.dumps(document)) > 64 * 1024:
        raise InvalidSegment("larger than 64 kB")


def milliseconds(document: dict) -> float:
    return (document["end_time"] - document["start_time"]) * 1000


def summary_line(handler: dict, calls: list[dict]) -> str:
    annotations = handler.get("annotations") or {}
    route = annotations.get("route", "?")
    status = annotations.get("status", "?")
    parts = [f"{call['name']} {(call.get('aws') or {}).get('operation', '?')} {milliseconds(call):.1f} ms"
             + (" FAULT" if call.get("fault") else " THROTTLED" if call.get("throttle") else " ERROR" if call.get("error") else "")
             for call in sorted(calls, key=lambda c: c["start_time"])]
    cold = " (cold)" if annotations.get("cold_start") else ""
    return f"{route} {status} {milliseconds(handler):.1f} ms{cold}  trace {handler['trace_id']}  [{', '.join(parts) or 'no calls'}]"


class XRayCollector:
    """`start()` binds 127.0.0.1 on a free port (or `port`); `address` is what AWS_XRAY_DAEMON_ADDRESS takes."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, printer: Callable[[str], None] | None = None):
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._socket.bind((host, port))
        self._socket.settimeout(0.2)
        self.printer = printer
        self.documents: list[dict] = []
        self.invalid: list[str] = []
        self.lines: list[str] = []
        self._pending: dict[str, list[dict]] = {}
        self._changed = threading.Condition()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> str:
        host, port = self._socket.getsockname()[:2]
        return f"{host}:{port}"

    def start(self) -> "XRayCollector":
        self._thread = threading.Thread(target=self._serve, name="xray-collector", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(2.0)
        self._socket.close()

    def __enter__(self) -> "XRayCollector":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _serve(self) -> None:
        while not self._stopping.is_set():
            try:
                datagram = self._socket.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                return
            self._receive(datagram)

    def _receive(self, datagram: bytes) -> None:
        try:
            document = parse_datagram(datagram)
        except (InvalidSegment, ValueError) as error:
            with self._changed:
                self.invalid.append(f"{error}: {datagram[:200]!r}")
                self._changed.notify_all()
            return
        line = None
        with self._changed:
            self.documents.append(document)
            trace = document["trace_id"]
            if document["name"].startswith("## "):
                line = summary_line(document, self._pending.pop(trace, []))
                self.lines.append(line)
            else:
                self._pending.setdefault(trace, []).append(document)
            self._changed.notify_all()
        if line and self.printer:
            self.printer(line)

    def wait_for(self, predicate: Callable[[list[dict]], bool], timeout: float = 5.0) -> bool:
        """Waits (bounded) until `predicate(documents)` holds."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not predicate(self.documents):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._changed.wait(remaining)
            return True

    def for_trace(self, root: str) -> list[dict]:
        with self._changed:
            return [document for document in self.documents if document["trace_id"] == root]


def printer_to(stream=sys.stderr) -> Callable[[str], None]:
    return lambda line: print(f"xray  {line}", file=stream, flush=True)

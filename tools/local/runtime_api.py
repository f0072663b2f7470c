"""A local Lambda Runtime API (version 2018-06-01) that launches and supervises the real `bootstrap`.

It behaves as the Lambda service does towards a custom runtime:
- `GET  /2018-06-01/runtime/invocation/next` long-polls until an event is queued, then answers it with the
  `Lambda-Runtime-*` headers (request id, deadline = now + function timeout, function ARN, X-Ray trace id);
- `POST /2018-06-01/runtime/invocation/{id}/response` and `.../{id}/error` complete the invocation (202);
  an id that is not the invocation in flight gets 400; a response over 6 MB gets 413, after which the
  runtime may post an error for the invocation (else it fails with `Function.ResponseSizeTooLarge`);
- `POST /2018-06-01/runtime/init/error` records an init failure, served to the pending or next invoke.
The process gets Lambda's environment (AWS_LAMBDA_RUNTIME_API, AWS_LAMBDA_FUNCTION_*, AWS_REGION, _HANDLER,
LAMBDA_TASK_ROOT, TZ=:UTC, ...) plus configured variables. An invocation that outlives its timeout kills the
process (`Sandbox.Timedout`) and a new one is started; a process that exits is replaced on the next invoke
(the invoke it was serving fails with `Runtime.ExitError`, or with the error it posted to /init/error).

Only one invocation runs at a time, as Lambda hands one execution environment one event at a time.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import os
import select
import signal
import socket
import subprocess
import threading
import time
import uuid
from typing import Callable, TextIO, Union

from . import httpio, waiting

API_PREFIX = "/2018-06-01/runtime"
# Lambda's synchronous response payload limit.
MAX_RESPONSE_BYTES = 6 * 1024 * 1024
# Lambda allows this long for init before it gives up on an execution environment.
INIT_TIMEOUT_SECONDS = 10.0
DEFAULT_ACCOUNT_ID = "123456789012"

LogSink = Union[TextIO, Callable[[str], None], None]


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def new_trace_id(sampled: bool = False) -> str:
    """An X-Ray trace header as Lambda passes it: `Root=1-<epoch hex>-<96-bit hex>;Parent=<64-bit hex>;Sampled=0`
    (`Sampled=1` when the local stack runs an X-Ray collector, so every request is traced)."""
    return f"Root=1-{int(time.time()):08x}-{os.urandom(12).hex()};Parent={os.urandom(8).hex()};Sampled={int(sampled)}"


@dataclasses.dataclass
class InvocationResult:
    """What Lambda's Invoke returns: the function's response, or the error it (or the platform) reported."""

    request_id: str
    payload: bytes
    # None for a response; the error's `errorType` otherwise (e.g. `UnsupportedEvent`, `Sandbox.Timedout`).
    error_type: str | None = None

    @property
    def is_error(self) -> bool:
        return self.error_type is not None

    def json(self):
        return json.loads(self.payload)

    @property
    def error_message(self) -> str | None:
        if not self.is_error:
            return None
        try:
            body = self.json()
        except ValueError:
            return self.payload.decode("utf-8", "replace")
        return body.get("errorMessage") if isinstance(body, dict) else None


def platform_error(request_id: str, error_type: str, message: str) -> InvocationResult:
    body = json.dumps({"errorType": error_type, "errorMessage": message}).encode()
    return InvocationResult(request_id, body, error_type)


def posted_error(request_id: str, body: bytes, header_type: str | None) -> InvocationResult:
    """Lambda reports the posted body; its `errorType` wins, then the Lambda-Runtime-Function-Error-Type header."""
    error_type = None
    try:
        decoded = json.loads(body)
        if isinstance(decoded, dict) and isinstance(decoded.get("errorType"), str):
            error_type = decoded["errorType"]
    except ValueError:
        pass
    error_type = error_type or header_type or "Unhandled"
    if not body:
        body = json.dumps({"errorType": error_type, "errorMessage": ""}).encode()
    return InvocationResult(request_id, body, error_type)


def lambda_environment(
    bootstrap: str,
    *,
    runtime_api: str,
    handler: str,
    function_name: str,
    memory_mb: int,
    region: str | None,
    function_version: str = "$LATEST",
    max_concurrency: int = 1,
    extra: dict[str, str | None] | None = None,
) -> dict[str, str]:
    """The environment Lambda gives a provided.al2023 function whose Runtime API is `runtime_api` (host:port),
    then the `extra` variables (None removes one). This Runtime API and tools/local/rie.py both launch with it."""
    task_root = os.path.dirname(os.path.abspath(bootstrap))
    env = {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "LANG": "en_US.UTF-8",
        "TZ": ":UTC",
        "LAMBDA_TASK_ROOT": task_root,
        "LAMBDA_RUNTIME_DIR": task_root,
        "_HANDLER": handler,
        "AWS_LAMBDA_RUNTIME_API": runtime_api,
        "AWS_LAMBDA_FUNCTION_NAME": function_name,
        "AWS_LAMBDA_FUNCTION_VERSION": function_version,
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(memory_mb),
        "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{function_name}",
        "AWS_LAMBDA_LOG_STREAM_NAME": f"{datetime.date.today():%Y/%m/%d}/[{function_version}]{uuid.uuid4().hex}",
        "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
    }
    if max_concurrency > 1:
        env["AWS_LAMBDA_MAX_CONCURRENCY"] = str(max_concurrency)
    if region:
        env["AWS_REGION"] = region
        env["AWS_DEFAULT_REGION"] = region
    for key, value in (extra or {}).items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = str(value)
    return env


@dataclasses.dataclass(frozen=True)
class LogLine:
    pid: int
    stream: str  # "stdout" or "stderr"
    text: str


class LogBook:
    """Every line bootstrap wrote, in order, also copied to the caller's sink (a text stream or a callable)."""

    def __init__(self, sink: LogSink = None):
        self._sink = sink
        self._lines: list[LogLine] = []
        self._changed = threading.Condition()

    def add(self, line: LogLine) -> None:
        with self._changed:
            self._lines.append(line)
            try:
                if callable(self._sink):
                    self._sink(line.text)
                elif self._sink is not None:
                    self._sink.write(line.text + "\n")
                    self._sink.flush()
            except (OSError, ValueError):
                pass  # a closed sink must not stop the capture
            self._changed.notify_all()

    def lines(self, pid: int | None = None, stream: str | None = None, since: int = 0) -> list[LogLine]:
        with self._changed:
            selected = self._lines[since:]
        return [line for line in selected if (pid is None or line.pid == pid) and (stream is None or line.stream == stream)]

    def mark(self) -> int:
        """A position to pass as `since` to see only later lines."""
        with self._changed:
            return len(self._lines)

    def expect(
        self, predicate: Callable[[LogLine], bool], what: str, timeout: float = waiting.DEFAULT_TIMEOUT, since: int = 0
    ) -> LogLine:
        """The first line (from `since`) that matches, waiting for it; WaitTimeout naming `what` and showing the
        lines seen if none arrives in time. Tests use this rather than reading `lines()` once."""
        line = self.wait_for(predicate, timeout, since)
        if line is None:
            seen = "\n".join(f"  [{line.stream}] {line.text}" for line in self.lines(since=since)[-40:])
            raise waiting.WaitTimeout(f"timed out after {timeout:.1f}s waiting for a log line with {what}; last lines:\n{seen}")
        return line

    def wait_for(self, predicate: Callable[[LogLine], bool], timeout: float = 5.0, since: int = 0) -> LogLine | None:
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for line in self._lines[since:]:
                    if predicate(line):
                        return line
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._changed.wait(remaining)


class _Process:
    """One execution environment: a running bootstrap and what it reported."""

    def __init__(self, popen: subprocess.Popen, pumps: list[threading.Thread]):
        self.popen = popen
        self.pumps = pumps
        self.init_error: InvocationResult | None = None

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None

    def kill(self, sig: int = signal.SIGKILL, grace: float = 0.0) -> int:
        """Signals the process group (bootstrap runs in its own session), escalating to SIGKILL after `grace`."""
        if self.alive():
            try:
                os.killpg(self.popen.pid, sig)
            except ProcessLookupError:
                pass
            try:
                self.popen.wait(timeout=grace if sig != signal.SIGKILL else 5)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.popen.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        code = self.popen.wait()
        self.finish_logs()
        return code

    def end(self, grace: float = 2.0) -> int:
        """For a process that reported a failed init and should exit by itself: waits, then kills."""
        try:
            self.popen.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass
        return self.kill(signal.SIGKILL)

    def finish_logs(self, timeout: float = 2.0) -> None:
        for pump in self.pumps:
            pump.join(timeout)


class _Invocation:
    def __init__(self, event: bytes, timeout: float, function_arn: str, sampled: bool = False):
        self.request_id = str(uuid.uuid4())
        self.event = event
        self.timeout = timeout
        self.function_arn = function_arn
        self.trace_id = new_trace_id(sampled)
        self.deadline_ms: int | None = None  # set on delivery
        self.result: InvocationResult | None = None
        self.done = threading.Event()
        # After a 413 the runtime may still post an error for this id; if it asks for the next event instead,
        # the invocation ends with this.
        self.rejected_response: InvocationResult | None = None
        # The runtime connection it was delivered on: that connection's next /next ends a rejected response.
        self.connection: object | None = None

    @property
    def delivered(self) -> bool:
        return self.deadline_ms is not None


class RuntimeAPI:
    """The Runtime API server plus the bootstrap process it supervises. Use `start()` / `stop()` or `with`."""

    def __init__(
        self,
        bootstrap: str,
        *,
        environment: dict[str, str | None] | None = None,
        function_name: str = "products-function",
        function_version: str = "$LATEST",
        handler: str = "bootstrap",
        timeout_seconds: float = 3.0,
        memory_mb: int = 128,
        region: str = "us-east-1",
        account_id: str = DEFAULT_ACCOUNT_ID,
        host: str = "127.0.0.1",
        port: int = 0,
        log: LogSink = None,
        init_timeout_seconds: float = INIT_TIMEOUT_SECONDS,
        max_concurrency: int = 1,
        trace_sampled: bool = False,
    ):
        self.bootstrap = os.path.abspath(bootstrap)
        self.extra_environment = dict(environment or {})
        self.function_name = function_name
        self.function_version = function_version
        self.handler = handler
        self.timeout_seconds = timeout_seconds
        self.memory_mb = memory_mb
        self.region = region
        self.account_id = account_id
        self.init_timeout_seconds = init_timeout_seconds
        # Whether invocations' trace headers say Sampled=1 (the function then sends X-Ray subsegments).
        self.trace_sampled = trace_sampled
        # The trace header each recent invocation was handed (request id → Lambda-Runtime-Trace-Id), for tests
        # and tools that follow a request into its X-Ray documents.
        self.trace_ids: dict[str, str] = {}
        self._trace_ids_lock = threading.Lock()
        # Above 1, one environment takes that many invocations at once, as Lambda Managed Instances do
        # (AWS_LAMBDA_MAX_CONCURRENCY): concurrent /next calls each get their own event.
        if max_concurrency < 1:
            raise ValueError("max_concurrency must be at least 1")
        self.max_concurrency = max_concurrency
        self.logs = LogBook(log)
        self._server = _RuntimeServer((host, port), _RuntimeHandler, self)
        self._server_thread: threading.Thread | None = None
        self._slots = threading.BoundedSemaphore(max_concurrency)
        self._state = threading.Condition()  # guards _pending, _process, _stopping
        self._pending: list[_Invocation] = []  # queued or in flight, oldest first
        self._process: _Process | None = None
        self._stopping = False
        self.exit_codes: list[int] = []  # of every process that ended, in order

    # -- lifecycle ----------------------------------------------------------------------------------------

    @property
    def address(self) -> str:
        """host:port, the value of AWS_LAMBDA_RUNTIME_API."""
        host, port = self._server.server_address[:2]
        return f"{host}:{port}"

    @property
    def function_arn(self) -> str:
        return f"arn:aws:lambda:{self.region or 'us-east-1'}:{self.account_id}:function:{self.function_name}"

    @property
    def process_id(self) -> int | None:
        with self._state:
            return self._process.pid if self._process and self._process.alive() else None

    def start(self, launch: bool = True) -> "RuntimeAPI":
        """Serves the API; with `launch`, starts bootstrap now (a proactive init) rather than on the first invoke."""
        self._server_thread = threading.Thread(target=self._server.serve_forever, name="runtime-api", daemon=True)
        self._server_thread.start()
        if launch:
            with self._state:
                self._launch_locked()
        return self

    def stop(self) -> None:
        with self._state:
            self._stopping = True
            process, self._process = self._process, None
            self._state.notify_all()
        if process:
            self.exit_codes.append(process.kill(signal.SIGTERM, grace=2.0))
        self._server.shutdown()
        self._server.server_close()

    def restart(self, bootstrap: str | None = None) -> int:
        """A new execution environment, as a deploy gives: waits for the invocations in flight (holding every
        concurrency slot, so none starts meanwhile), stops the process (SIGTERM, then SIGKILL after 2 s), and
        starts `bootstrap` (the same binary if None). Its pid."""
        for _ in range(self.max_concurrency):
            self._slots.acquire()
        try:
            with self._state:
                process, self._process = self._process, None
                self._state.notify_all()
            if process:
                self.exit_codes.append(process.kill(signal.SIGTERM, grace=2.0))
            with self._state:
                if bootstrap is not None:
                    self.bootstrap = os.path.abspath(bootstrap)
                return self._launch_locked().pid
        finally:
            for _ in range(self.max_concurrency):
                self._slots.release()

    def __enter__(self) -> "RuntimeAPI":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def environment(self) -> dict[str, str]:
        """The environment Lambda gives a provided.al2023 function, then the configured variables (None removes)."""
        return lambda_environment(
            self.bootstrap, runtime_api=self.address, handler=self.handler, function_name=self.function_name,
            function_version=self.function_version, memory_mb=self.memory_mb, region=self.region,
            max_concurrency=self.max_concurrency, extra=self.extra_environment)

    def _launch_locked(self) -> _Process:
        if not os.access(self.bootstrap, os.X_OK):
            raise FileNotFoundError(f"bootstrap not found or not executable: {self.bootstrap} (run `make build`)")
        popen = subprocess.Popen(
            [self.bootstrap],
            cwd=os.path.dirname(self.bootstrap),
            env=self.environment(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # so a kill reaches anything it spawned, and a terminal's ^C reaches us only
        )
        pumps = [
            threading.Thread(target=self._pump, args=(popen.pid, stream, name), name=f"bootstrap-{name}", daemon=True)
            for stream, name in ((popen.stdout, "stdout"), (popen.stderr, "stderr"))
        ]
        for pump in pumps:
            pump.start()
        self._process = _Process(popen, pumps)
        return self._process

    def _pump(self, pid: int, stream, name: str) -> None:
        with stream:
            for raw in iter(stream.readline, b""):
                self.logs.add(LogLine(pid, name, raw.decode("utf-8", "replace").rstrip("\r\n")))

    def wait_for_exit(self, timeout: float = 10.0) -> int | None:
        """The current process's exit status once it ends by itself (None if it is still running)."""
        with self._state:
            process = self._process
        if process is None:
            return self.exit_codes[-1] if self.exit_codes else None
        try:
            code = process.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            return None
        process.finish_logs()
        return code

    @property
    def init_error(self) -> InvocationResult | None:
        """The error the current process posted to /init/error, if any."""
        with self._state:
            return self._process.init_error if self._process else None

    # -- invoking -----------------------------------------------------------------------------------------

    def invoke(self, event: bytes | str | dict | list, timeout: float | None = None) -> InvocationResult:
        """Runs one event through bootstrap; `timeout` overrides the function timeout for this invocation."""
        if isinstance(event, (dict, list)):
            event = json.dumps(event)
        if isinstance(event, str):
            event = event.encode()
        invocation = _Invocation(event, timeout or self.timeout_seconds, self.function_arn, self.trace_sampled)
        with self._trace_ids_lock:
            self.trace_ids[invocation.request_id] = invocation.trace_id
            while len(self.trace_ids) > 1000:
                del self.trace_ids[next(iter(self.trace_ids))]
        with self._slots:
            with self._state:
                if self._stopping:
                    raise RuntimeError("the Runtime API is stopped")
                process = self._process
                if process and process.init_error:
                    # A failed init is served to the first invoke; the next one starts a fresh environment.
                    process.end()
                    self._retire_locked(process)
                    return dataclasses.replace(process.init_error, request_id=invocation.request_id)
                if process is None or not process.alive():
                    if process is not None:
                        self._retire_locked(process)
                    process = self._launch_locked()
                self._pending.append(invocation)
                self._state.notify_all()
            try:
                return self._await(invocation, process)
            finally:
                with self._state:
                    self._pending.remove(invocation)

    def _await(self, invocation: _Invocation, process: _Process) -> InvocationResult:
        queued_at = time.monotonic()
        while not invocation.done.wait(0.02):
            if process.init_error is not None:
                process.end()
                with self._state:
                    self._retire_locked(process)
                return dataclasses.replace(process.init_error, request_id=invocation.request_id)
            if not process.alive():
                if invocation.done.is_set():
                    break
                process.finish_logs()
                with self._state:
                    self._retire_locked(process)
                if process.init_error is not None:
                    return dataclasses.replace(process.init_error, request_id=invocation.request_id)
                return platform_error(
                    invocation.request_id,
                    "Runtime.ExitError",
                    f"RequestId: {invocation.request_id} Error: Runtime exited with error: exit status {process.popen.returncode}",
                )
            if invocation.delivered:
                timed_out = now_ms() >= invocation.deadline_ms
            else:
                timed_out = time.monotonic() - queued_at >= max(self.init_timeout_seconds, invocation.timeout)
            if timed_out:
                self._kill_and_restart(process)
                return platform_error(
                    invocation.request_id,
                    "Sandbox.Timedout",
                    f"RequestId: {invocation.request_id} Error: Task timed out after {invocation.timeout:.2f} seconds",
                )
        assert invocation.result is not None
        return invocation.result

    def _kill_and_restart(self, process: _Process) -> None:
        process.kill(signal.SIGKILL)
        with self._state:
            self._retire_locked(process)
            if not self._stopping:
                self._launch_locked()

    def _retire_locked(self, process: _Process) -> None:
        if process.alive():
            process.kill(signal.SIGKILL)
        if self._process is process:
            self.exit_codes.append(process.popen.returncode)
            self._process = None

    # -- called by the HTTP handler -----------------------------------------------------------------------

    def next_invocation(self, connection_open: Callable[[], bool], connection: object = None) -> _Invocation | None:
        """Blocks until an event is queued; None if the runtime hung up (e.g. it was killed) or we are stopping."""
        with self._state:
            for invocation in self._pending:
                rejected = invocation.rejected_response is not None and not invocation.done.is_set()
                if rejected and invocation.connection is connection:
                    self.complete(invocation, invocation.rejected_response)
            while not self._stopping:
                invocation = next((queued for queued in self._pending if not queued.delivered and not queued.done.is_set()), None)
                if invocation is not None:
                    if not connection_open():
                        return None
                    invocation.deadline_ms = now_ms() + int(invocation.timeout * 1000)
                    invocation.connection = connection
                    return invocation
                if not connection_open():
                    return None
                self._state.wait(0.05)
        return None

    def in_flight(self, request_id: str) -> _Invocation | None:
        with self._state:
            for invocation in self._pending:
                if invocation.request_id == request_id and invocation.delivered and not invocation.done.is_set():
                    return invocation
        return None

    def complete(self, invocation: _Invocation, result: InvocationResult) -> None:
        invocation.result = result
        invocation.done.set()

    def record_init_error(self, body: bytes, header_type: str | None) -> None:
        with self._state:
            pending_id = self._pending[0].request_id if self._pending else ""
            if self._process is not None and self._process.init_error is None:
                self._process.init_error = posted_error(pending_id, body, header_type or "Runtime.Unknown")


class _RuntimeServer(httpio.QuietThreadingHTTPServer):
    def __init__(self, address, handler, runtime: RuntimeAPI):
        self.runtime = runtime
        super().__init__(address, handler)


class _RuntimeHandler(httpio.KeepAliveHandler):
    server: _RuntimeServer

    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        pass  # bootstrap's own logs are what matter; the access log would drown them

    def _send_json(self, status: int, value: dict) -> None:
        httpio.send_json(self, status, value)

    def _connection_open(self) -> bool:
        """False once the runtime closed its end (a killed process's sockets are closed by the kernel)."""
        sock: socket.socket = self.connection
        try:
            # poll, not select: select refuses descriptors above 1023, which a long-running caller reaches.
            poller = select.poll()
            poller.register(sock, select.POLLIN | select.POLLHUP | select.POLLERR)
            if not poller.poll(0):
                return True
            return sock.recv(1, socket.MSG_PEEK) != b""
        except (OSError, ValueError):
            return False

    # -- routes --

    def do_GET(self) -> None:
        runtime = self.server.runtime
        if self.path != f"{API_PREFIX}/invocation/next":
            self._send_json(404, {"errorType": "NotFound", "errorMessage": f"no route {self.path}"})
            return
        invocation = runtime.next_invocation(self._connection_open, self.connection)
        if invocation is None:
            self.close_connection = True
            return
        headers = {
            "Content-Type": "application/json",
            "Lambda-Runtime-Aws-Request-Id": invocation.request_id,
            "Lambda-Runtime-Deadline-Ms": str(invocation.deadline_ms),
            "Lambda-Runtime-Invoked-Function-Arn": invocation.function_arn,
            "Lambda-Runtime-Trace-Id": invocation.trace_id,
        }
        try:
            httpio.send(self, 200, invocation.event, headers)
        except OSError:
            self.close_connection = True

    def do_POST(self) -> None:
        runtime = self.server.runtime
        parts = self.path.split("/")
        # ['', '2018-06-01', 'runtime', 'invocation', '{id}', 'response' | 'error']
        if self.path == f"{API_PREFIX}/init/error":
            body, _ = httpio.read_body(self)
            runtime.record_init_error(body, self.headers.get("Lambda-Runtime-Function-Error-Type"))
            self._send_json(202, {"status": "OK"})
            return
        if len(parts) == 6 and "/".join(parts[:4]) == f"{API_PREFIX}/invocation" and parts[5] in ("response", "error"):
            request_id, kind = parts[4], parts[5]
            body, size = httpio.read_body(self, limit=MAX_RESPONSE_BYTES)
            invocation = runtime.in_flight(request_id)
            if invocation is None:
                self._send_json(400, {"errorType": "InvalidRequestID", "errorMessage": "Invalid request ID"})
                return
            if kind == "response" and size > MAX_RESPONSE_BYTES:
                message = f"Response payload size ({size} bytes) exceeded maximum allowed payload size ({MAX_RESPONSE_BYTES} bytes)."
                invocation.rejected_response = platform_error(request_id, "Function.ResponseSizeTooLarge", message)
                self._send_json(413, {"errorType": "RequestEntityTooLarge", "errorMessage": message})
                return
            if kind == "response":
                result = InvocationResult(request_id, body)
            else:
                result = posted_error(request_id, body, self.headers.get("Lambda-Runtime-Function-Error-Type"))
            runtime.complete(invocation, result)
            self._send_json(202, {"status": "OK"})
            return
        httpio.read_body(self)
        self._send_json(404, {"errorType": "NotFound", "errorMessage": f"no route {self.path}"})

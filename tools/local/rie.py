"""AWS's Runtime Interface Emulator (RIE) running the real `bootstrap`: Lambda's own `rapid` code as a test peer.

SAM CLI's wheel ships the RIE (`samcli/local/rapid/aws-lambda-rie-<arch>`, the binary every Lambda base image
uses for local tests). It runs the static bootstrap directly, no Docker: it serves the Runtime API to the
function on one port and AWS's invoke API (`POST /2015-03-31/functions/function/invocations`) on another, starts
the function on the first invoke (that is the INIT phase it reports), and prints Lambda's platform lines:
`START RequestId: …`, `INIT REPORT(durationMs: …)`, `REPORT RequestId: …\tDuration: … ms\t…`.

    from tools.local.rie import RIEStack, init_durations

    with RIEStack(bootstrap) as rie:              # moto + table + local issuer, then the RIE (loopback only)
        result = rie.invoke(rie.with_token(event))  # RIEResult: .payload, .json(), .is_error, .request_id, .report
        rie.function.init_reports()               # [INIT REPORT durationMs, …] as floats

    init_durations(10, bootstrap)                 # 10 fresh RIE+bootstrap processes: each one's INIT REPORT ms

`RIEFunction` is one RIE process wired to a given environment; `RIEStack` adds the peers of tools/local/stack.py
(the same function environment as `make invoke`). Everything listens on 127.0.0.1 and free ports.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import os
import platform
import re
import signal
import socket
import subprocess
import threading
import time
from typing import Callable

import requests

from . import dynamodb, waiting
from .runtime_api import InvocationResult, LogBook, LogLine, LogSink, lambda_environment
from .stack import DEFAULT_BOOTSTRAP, LocalStack

INVOKE_PATH = "/2015-03-31/functions/function/invocations"
HEALTH_EVENT = os.path.join(os.path.dirname(__file__), "..", "..", "events", "health.json")
# Lambda's name for the RIE's log lines from the function's own ones: these are the RIE's.
_RAPID = "(rapid)"
_INIT_REPORT = re.compile(r"INIT REPORT\(.*?durationMs: ([0-9.]+)")
_START = re.compile(r"^START RequestId: (\S+)")


def rie_binary() -> str:
    """The RIE in SAM CLI's installed wheel, for this machine's architecture."""
    spec = importlib.util.find_spec("samcli")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("SAM CLI is not installed in this Python (`make venv` installs requirements-dev.txt)")
    arch = "arm64" if platform.machine() in ("aarch64", "arm64") else "x86_64"
    path = os.path.join(list(spec.submodule_search_locations)[0], "local", "rapid", f"aws-lambda-rie-{arch}")
    if not os.access(path, os.X_OK):
        raise FileNotFoundError(f"the Runtime Interface Emulator is missing from SAM CLI's wheel: {path}")
    return path


@dataclasses.dataclass(frozen=True)
class Report:
    """One `REPORT RequestId: …` line, its durations in milliseconds and sizes in MB (None when absent)."""

    request_id: str
    duration_ms: float
    billed_duration_ms: float | None
    memory_size_mb: int | None
    max_memory_used_mb: int | None
    init_duration_ms: float | None

    @classmethod
    def parse(cls, text: str) -> "Report | None":
        if not text.startswith("REPORT RequestId: "):
            return None
        fields = dict(part.split(": ", 1) for part in text.split("\t") if ": " in part)

        def number(key: str) -> float | None:
            match = re.match(r"[0-9.]+", fields.get(key, ""))
            return float(match.group()) if match else None

        duration = number("Duration")
        if duration is None:
            return None
        memory, used = number("Memory Size"), number("Max Memory Used")
        return cls(fields["REPORT RequestId"].strip(), duration, number("Billed Duration"),
                   None if memory is None else int(memory), None if used is None else int(used), number("Init Duration"))


@dataclasses.dataclass
class RIEResult(InvocationResult):
    """What the invoke API answered (`payload`, `is_error`, `error_type`, `json()` as the local Runtime API's
    results), with the RIE's request id (its `START RequestId:` line) and `REPORT` line."""

    status: int = 200  # HTTP status of the invoke API (200 also for a function error, as Lambda's Invoke)
    report: Report | None = None


def error_type(payload: bytes) -> str | None:
    """The `errorType` of an error payload: the RIE marks a function error no other way."""
    try:
        body = json.loads(payload)
    except ValueError:
        return None
    if isinstance(body, dict) and isinstance(body.get("errorType"), str) and "statusCode" not in body:
        return body["errorType"]
    return None


class RIEFunction:
    """One RIE process running `bootstrap` with `environment` (added to Lambda's, None removes a variable).
    Output of the RIE and of the function (they share its stdout and stderr) is kept in `logs` and copied to
    `log`. `start()` waits until the invoke API accepts connections; `stop()` ends the RIE and the function."""

    def __init__(
        self,
        bootstrap: str = DEFAULT_BOOTSTRAP,
        *,
        environment: dict[str, str | None] | None = None,
        function_name: str = "products-function",
        handler: str = "bootstrap",
        timeout_seconds: float = 3.0,
        memory_mb: int = 128,
        region: str = dynamodb.REGION,
        log: LogSink = None,
        rie_log_level: str = "info",  # info: the platform lines (INIT REPORT, …) are printed
        ready_timeout: float = waiting.DEFAULT_TIMEOUT,
    ):
        self.bootstrap = os.path.abspath(bootstrap)
        self.environment = dict(environment or {})
        self.function_name = function_name
        self.handler = handler
        self.timeout_seconds = timeout_seconds
        self.memory_mb = memory_mb
        self.region = region
        self.rie_log_level = rie_log_level
        self.ready_timeout = ready_timeout
        self.logs = LogBook(log)
        self.invoke_port = self.runtime_port = 0
        self._popen: subprocess.Popen | None = None
        self._pumps: list[threading.Thread] = []

    @property
    def invoke_url(self) -> str:
        return f"http://127.0.0.1:{self.invoke_port}{INVOKE_PATH}"

    @property
    def pid(self) -> int | None:
        return self._popen.pid if self._popen else None

    def command(self) -> list[str]:
        # The handler after the bootstrap: the RIE takes the last argument as _HANDLER when there are two.
        return [rie_binary(), "--log-level", self.rie_log_level,
                "--runtime-interface-emulator-address", f"127.0.0.1:{self.invoke_port}",
                "--runtime-api-address", f"127.0.0.1:{self.runtime_port}", self.bootstrap, self.handler]

    def process_environment(self) -> dict[str, str]:
        """Lambda's environment for the function (as the local Runtime API gives it), plus what the RIE itself
        reads: the function timeout (its default is 300 s, not the template's)."""
        env = lambda_environment(
            self.bootstrap, runtime_api=f"127.0.0.1:{self.runtime_port}", handler=self.handler,
            function_name=self.function_name, memory_mb=self.memory_mb, region=self.region, extra=self.environment)
        env["AWS_LAMBDA_FUNCTION_TIMEOUT"] = str(max(1, round(self.timeout_seconds)))
        return env

    def start(self) -> "RIEFunction":
        if not os.access(self.bootstrap, os.X_OK):
            raise FileNotFoundError(f"bootstrap not found or not executable: {self.bootstrap} (run `make build`)")
        self.invoke_port, self.runtime_port = dynamodb.free_port(), dynamodb.free_port()
        self._popen = subprocess.Popen(
            self.command(), cwd=os.path.dirname(self.bootstrap), env=self.process_environment(),
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            start_new_session=True,  # so stop() reaches the function too
        )
        self._pumps = [threading.Thread(target=self._pump, args=(stream, name), name=f"rie-{name}", daemon=True)
                       for stream, name in ((self._popen.stdout, "stdout"), (self._popen.stderr, "stderr"))]
        for pump in self._pumps:
            pump.start()
        try:
            waiting.wait_until(self._ready, timeout=self.ready_timeout, what=self._describe)
        except BaseException:
            self.stop()
            raise
        return self

    def _pump(self, stream, name: str) -> None:
        with stream:
            for raw in iter(stream.readline, b""):
                self.logs.add(LogLine(self._popen.pid, name, raw.decode("utf-8", "replace").rstrip("\r\n")))

    def _ready(self) -> bool:
        if self._popen.poll() is not None:
            raise RuntimeError(f"the RIE exited with status {self._popen.returncode}: {self._describe()}")
        try:
            socket.create_connection(("127.0.0.1", self.invoke_port), timeout=1).close()
            return True
        except OSError:
            return False

    def _describe(self) -> str:
        return "the RIE's invoke API; its output:\n" + "\n".join(f"  {line.text}" for line in self.logs.lines()[-20:])

    def invoke(self, event: bytes | str | dict | list, timeout: float | None = None) -> RIEResult:
        """POSTs the event to the invoke API and waits (bounded) for the RIE's REPORT line of that invocation."""
        body = event if isinstance(event, bytes) else (event.encode() if isinstance(event, str) else json.dumps(event).encode())
        mark = self.logs.mark()
        # The invoke waits for the function; a bit longer than its timeout (plus init) before giving up.
        limit = timeout if timeout is not None else self.timeout_seconds + 15
        response = requests.post(self.invoke_url, data=body, timeout=limit)
        start = self.logs.expect(lambda line: bool(_START.match(line.text)), "the RIE's START line", timeout=5, since=mark)
        request_id = _START.match(start.text).group(1)
        report_line = self.logs.expect(lambda line: line.text.startswith(f"REPORT RequestId: {request_id}"),
                                       f"the RIE's REPORT line for {request_id}", timeout=5, since=mark)
        return RIEResult(request_id, response.content, error_type(response.content), status=response.status_code,
                         report=Report.parse(report_line.text))

    def rie_lines(self, since: int = 0) -> list[str]:
        """The RIE's own lines (`… [INFO] (rapid) …`, START, REPORT), without the function's."""
        return [line.text for line in self.logs.lines(since=since) if _RAPID in line.text or line.text.startswith(("START ", "REPORT ", "END "))]

    def function_lines(self, since: int = 0) -> list[dict]:
        """The function's JSON log lines, parsed."""
        parsed = []
        for line in self.logs.lines(since=since):
            if line.text.startswith("{"):
                try:
                    parsed.append(json.loads(line.text))
                except ValueError:
                    pass
        return parsed

    def init_reports(self, since: int = 0) -> list[float]:
        """Every `INIT REPORT(durationMs: …)` so far, in milliseconds."""
        return [float(match.group(1)) for line in self.logs.lines(since=since) if (match := _INIT_REPORT.search(line.text))]

    def kill_emulator(self) -> None:
        """SIGKILL to the RIE alone: its Runtime API vanishes while the function lives on (until `stop()`), as
        when an emulator goes away right after a response. For tests of how the function takes that."""
        if self._popen is not None and self._popen.poll() is None:
            os.kill(self._popen.pid, signal.SIGKILL)
            self._popen.wait()

    def stop(self, grace: float = 5.0) -> int | None:
        """SIGTERM to the RIE (as SAM and `docker stop` do), SIGKILL to its group after `grace`; the exit status."""
        if self._popen is None:
            return None
        popen = self._popen
        if popen.poll() is None:
            try:
                os.kill(popen.pid, signal.SIGTERM)
                popen.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                pass
            except ProcessLookupError:
                pass
        try:
            os.killpg(popen.pid, signal.SIGKILL)  # the function, if the RIE left it behind
        except (ProcessLookupError, PermissionError):
            pass
        code = popen.wait()
        for pump in self._pumps:
            pump.join(timeout=2)
        return code

    def __enter__(self) -> "RIEFunction":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class RIEStack:
    """The local stack's peers (moto + the products table + the cursor secret + the local issuer, as for `make
    invoke`) with the function under AWS's RIE instead of the local Runtime API."""

    def __init__(self, bootstrap: str = DEFAULT_BOOTSTRAP, *, log: LogSink = None, moto_log=None,
                 environment: dict[str, str | None] | None = None, **stack_options):
        self.stack = LocalStack(bootstrap, api_port=None, runtime=False, moto_log=moto_log, **stack_options)
        self.log = log
        self.environment = environment or {}
        self.function: RIEFunction | None = None

    def new_function(self, environment: dict[str, str | None] | None = None, **options) -> RIEFunction:
        """A fresh (not started) RIE + bootstrap with the stack's function environment; the caller starts and
        stops it."""
        stack = self.stack
        settings = dict(
            environment={**stack.function_environment(), **self.environment, **(environment or {})},
            function_name=stack.function.function_name, handler=stack.function.handler,
            timeout_seconds=stack.function.timeout_seconds, memory_mb=stack.function.memory_mb, log=self.log)
        settings.update(options)
        return RIEFunction(stack.bootstrap, **settings)

    def start(self, launch: bool = True) -> "RIEStack":
        """Starts the peers and (unless `launch` is False) `function`, one RIE + bootstrap."""
        self.stack.start()
        try:
            if launch:
                self.function = self.new_function().start()
        except BaseException:
            self.stack.stop()
            raise
        return self

    def invoke(self, event, timeout: float | None = None) -> RIEResult:
        assert self.function is not None, "start() first"
        return self.function.invoke(event, timeout)

    def with_token(self, event: dict, scope: str | None = None) -> dict:
        """As `LocalStack.with_token`: a bearer token from the local issuer, what a client of the API sends."""
        return self.stack.with_token(event, scope)

    def stop(self) -> None:
        if self.function is not None:
            self.function.stop()
            self.function = None
        self.stack.stop()

    def __enter__(self) -> "RIEStack":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def init_durations(
    count: int,
    bootstrap: str = DEFAULT_BOOTSTRAP,
    *,
    event: bytes | None = None,
    before_each: Callable[[], None] | None = None,
    log: LogSink = None,
) -> list[float]:
    """Starts `count` fresh RIE + bootstrap processes one after another (one moto and issuer for all), invokes
    `event` (default events/health.json) once in each, and returns each INIT REPORT durationMs: init as Lambda
    reports it. `before_each()` runs before every start (e.g. to evict the page cache). Raises if a start has
    no INIT REPORT or the invoke does not answer 200."""
    if event is None:
        with open(HEALTH_EVENT, "rb") as handle:
            event = handle.read()
    durations: list[float] = []
    rie = RIEStack(bootstrap, log=log).start(launch=False)
    try:
        for _ in range(count):
            if before_each is not None:
                before_each()
            with rie.new_function() as function:
                result = function.invoke(event)
                if result.status != 200 or result.is_error:
                    raise RuntimeError(f"the measured invoke failed ({result.status}): {result.payload[:500]!r}")
                reports = waiting.wait_until(function.init_reports, timeout=5, what="the RIE's INIT REPORT line")
                durations.append(reports[0])
    finally:
        rie.stop()
    return durations


if __name__ == "__main__":
    import sys

    print(json.dumps(init_durations(int(sys.argv[1]) if len(sys.argv) > 1 else 3)))

"""tools.local's Runtime API with a stopwatch: when it launched the function process, when that process's
first `GET /next` arrived, and for each invocation when the event was handed out and the response came back.

All times are time.monotonic_ns() taken in this (the Runtime API's) process, so they measure what Lambda's
side of the API would see, the runtime's own clock playing no part.
"""

from __future__ import annotations

import dataclasses
import threading
import time

from tools.local.runtime_api import InvocationResult, RuntimeAPI, _Invocation, _Process


@dataclasses.dataclass
class Launch:
    pid: int  # 0 until Popen returns
    launched_ns: int  # just before subprocess.Popen (so fork + exec are inside every startup figure)
    first_next_ns: int | None = None


@dataclasses.dataclass
class Exchange:
    handed_out_ns: int  # the Runtime API released the event to a waiting `GET /next` (before writing it)
    answered_ns: int | None = None  # the response (or error) POST had been read in full


class TimedRuntimeAPI(RuntimeAPI):
    """Use exactly as RuntimeAPI; `launches[-1]` and `exchanges[request_id]` hold the times."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.launches: list[Launch] = []
        self.exchanges: dict[str, Exchange] = {}
        self._times = threading.Lock()

    def _launch_locked(self) -> _Process:
        # Recorded before the launch: a quick process can ask for /next before Popen has returned here.
        launch = Launch(pid=0, launched_ns=time.monotonic_ns())
        with self._times:
            self.launches.append(launch)
        process = super()._launch_locked()
        launch.pid = process.pid
        return process

    def next_invocation(self, connection_open, connection: object = None) -> _Invocation | None:
        arrived_ns = time.monotonic_ns()
        # A request whose connection is already closed came from an earlier process (killed and reaped before
        # this launch, its GET /next parsed late): only a live connection can be the latest process's.
        if connection_open():
            with self._times:
                if self.launches and self.launches[-1].first_next_ns is None:
                    self.launches[-1].first_next_ns = arrived_ns
        invocation = super().next_invocation(connection_open, connection)
        if invocation is not None:
            with self._times:
                self.exchanges[invocation.request_id] = Exchange(time.monotonic_ns())
        return invocation

    def complete(self, invocation: _Invocation, result: InvocationResult) -> None:
        answered_ns = time.monotonic_ns()
        with self._times:
            exchange = self.exchanges.get(invocation.request_id)
            if exchange is not None and exchange.answered_ns is None:
                exchange.answered_ns = answered_ns
        super().complete(invocation, result)

    def end_process(self) -> None:
        """SIGKILLs and reaps the function process (its mappings are gone when this returns); the next
        `invoke` launches a fresh one, as after an exit."""
        with self._state:
            if self._process is not None:
                self._retire_locked(self._process)

"""Waiting for asynchronous things with a bound: one helper for every test and tool that would otherwise read
once (and race) or sleep a fixed time (and be slow or flaky under load)."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from typing import Callable, TypeVar

T = TypeVar("T")

# Generous: a loaded 2-core CI machine is slow, and a wait that succeeds returns as soon as it can.
DEFAULT_TIMEOUT = 30.0


class WaitTimeout(AssertionError):
    """What was awaited did not happen in time (an AssertionError, so pytest reports it as a failure)."""


def wait_until(
    condition: Callable[[], T],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    interval: float = 0.02,
    what: str | Callable[[], str] = "the condition",
) -> T:
    """Calls `condition` until it returns something truthy and returns that; raises WaitTimeout after `timeout`
    seconds, naming `what` (a string, or a callable that describes the state at the time of failure)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            description = what() if callable(what) else what
            raise WaitTimeout(f"timed out after {timeout:.1f}s waiting for {description}")
        time.sleep(min(interval, max(0.0, deadline - time.monotonic())))


def read_line(stream, *, timeout: float = DEFAULT_TIMEOUT, what: str = "a line"):
    """One `readline()` of a child's pipe, bounded: a child that hangs before printing fails the caller instead
    of hanging it. Returns what readline returned ('' / b'' at end of stream)."""
    result: list = []
    reader = threading.Thread(target=lambda: result.append(stream.readline()), name="read-line", daemon=True)
    reader.start()
    reader.join(timeout)
    if not result:
        raise WaitTimeout(f"timed out after {timeout:.1f}s waiting for {what}")
    return result[0]


def stop_process_group(process, first_signal: int = signal.SIGTERM, *, timeout: float = 30.0) -> int | None:
    """Sends `first_signal` to the process group a `start_new_session=True` child leads, waits up to `timeout`
    seconds, then SIGKILLs the group. Returns the exit status (None if it could not be reaped)."""
    if process.poll() is not None:
        return process.returncode
    try:
        os.killpg(process.pid, first_signal)
        return process.wait(timeout=timeout)
    except ProcessLookupError:
        return process.poll()
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            return process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            return None

"""Execution environments as Lambda scales them: up to `size` at once, each its own Runtime API and bootstrap.

An invoke takes an idle environment (the most recently used, so a warm one stays warm), else starts a new one
(a cold start) while fewer than `size` exist, else is throttled: Lambda's Invoke answers 429
TooManyRequestsException ("Rate Exceeded.") without running the function, which API Gateway's REST proxy
integration turns into its own 500 (see api_gateway.py).

An environment takes as many invocations at once as its `max_concurrency` (1 as on classic Lambda; more with
AWS_LAMBDA_MAX_CONCURRENCY, Lambda Managed Instances): the pool hands out that many slots per environment and
leaves how one environment serves them to runtime_api.py.
"""

from __future__ import annotations

import threading
from typing import Callable

from .runtime_api import InvocationResult, RuntimeAPI

# What Lambda's Invoke API says when the function's concurrency is exhausted.
THROTTLED_ERROR_TYPE = "TooManyRequestsException"
THROTTLED_MESSAGE = "Rate Exceeded."
THROTTLED_REASON = "ReservedFunctionConcurrentInvocationLimitExceeded"


class Throttled(Exception):
    """The invocation was rejected before it ran: every environment is busy and no more may start."""

    def __init__(self, limit: int):
        super().__init__(f"{THROTTLED_ERROR_TYPE}: {THROTTLED_MESSAGE} (Reason: {THROTTLED_REASON}, concurrency {limit})")
        self.limit = limit


class EnvironmentPool:
    """`invoke(event)` → InvocationResult, or raises Throttled. `factory()` starts one more environment (a
    RuntimeAPI whose bootstrap is launched); `first`, if given, is an environment already started."""

    def __init__(self, factory: Callable[[], RuntimeAPI], size: int = 1, first: RuntimeAPI | None = None):
        if size < 1:
            raise ValueError(f"concurrency must be at least 1, got {size}")
        self.size = size
        self._factory = factory
        self._lock = threading.Lock()
        # One entry per free slot (an environment appears once per invocation it can still take), most recent last.
        self._idle: list[RuntimeAPI] = [first] * _capacity(first) if first is not None else []
        self._all: list[RuntimeAPI] = [first] if first is not None else []
        self._starting = 0  # reserved slots whose environment is still being created
        self._stopped = False
        self.cold_starts = len(self._all)
        self.throttles = 0
        self.busy_peak = 0
        self._busy = 0

    @property
    def environments(self) -> list[RuntimeAPI]:
        with self._lock:
            return list(self._all)

    @property
    def busy(self) -> int:
        """Invocations running (or whose environment is starting) now."""
        with self._lock:
            return self._busy

    def invoke(self, event: bytes | str | dict | list, timeout: float | None = None) -> InvocationResult:
        environment = self._acquire()
        result = None
        try:
            result = environment.invoke(event, timeout)
            return result
        finally:
            stream = getattr(result, "stream", None)
            if stream is not None:
                # A streamed response returns as it starts; the environment stays busy until it ends.
                stream.when_finished(lambda: self._release(environment))
            else:
                self._release(environment)

    def _acquire(self) -> RuntimeAPI:
        with self._lock:
            if self._stopped:
                raise RuntimeError("the environment pool is stopped")
            if self._idle:
                self._mark_busy_locked()
                return self._idle.pop()
            if len(self._all) + self._starting >= self.size:
                self.throttles += 1
                raise Throttled(self.size)
            self._starting += 1
            self._mark_busy_locked()
        try:
            environment = self._factory()
        except BaseException:
            with self._lock:
                self._starting -= 1
                self._busy -= 1
            raise
        with self._lock:
            self._starting -= 1
            self._all.append(environment)
            self._idle[:0] = [environment] * (_capacity(environment) - 1)  # its other slots, used after warm ones
            self.cold_starts += 1
            stopped = self._stopped
        if stopped:
            environment.stop()
            raise RuntimeError("the environment pool is stopped")
        return environment

    def _mark_busy_locked(self) -> None:
        self._busy += 1
        self.busy_peak = max(self.busy_peak, self._busy)

    def _release(self, environment: RuntimeAPI) -> None:
        with self._lock:
            self._busy -= 1
            if not self._stopped:
                self._idle.append(environment)

    def stop(self) -> None:
        """Stops every environment (including `first`); safe to call twice."""
        with self._lock:
            self._stopped = True
            environments, self._all, self._idle = self._all, [], []
        for environment in environments:
            environment.stop()


def _capacity(environment: RuntimeAPI) -> int:
    """Invocations one environment serves at once."""
    return max(1, int(getattr(environment, "max_concurrency", 1)))

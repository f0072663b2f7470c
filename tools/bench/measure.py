"""The measurements: startup with the function's files evicted from the page cache or warm in it, warm
invocation round trips, and the function process's memory. Every loop is bounded in count and in time."""

from __future__ import annotations

import json
import os
import time

from . import page_cache
from .functions import Function
from .stats import summarize
from .timed_runtime_api import TimedRuntimeAPI

NS_PER_MS = 1_000_000


class BenchmarkError(RuntimeError):
    pass


def check(function: Function, api: TimedRuntimeAPI, result, require_health: bool = True) -> None:
    """Fails the benchmark (with the function's last log lines) unless the health event got its 200 "ok"."""
    problem = None
    if result.is_error:
        problem = f"{result.error_type}: {result.error_message}"
    elif require_health:
        try:
            response = result.json()
            body = json.loads(response["body"])
            if response.get("statusCode") != 200 or body.get("status") != "ok":
                problem = f"unexpected response {result.payload[:300]!r}"
        except (ValueError, KeyError, TypeError):
            problem = f"not an API Gateway health response: {result.payload[:300]!r}"
    if problem:
        logs = "\n".join(line.text for line in api.logs.lines()[-20:])
        raise BenchmarkError(f"{function.name}: {problem}\n--- last function logs ---\n{logs}")


def memory_kib(pid: int) -> dict[str, int]:
    """VmHWM (peak resident set) and VmRSS of a live process, in KiB."""
    values = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            name, _, rest = line.partition(":")
            if name in ("VmHWM", "VmRSS"):
                values[name] = int(rest.split()[0])
    return values


def startups(function: Function, event: bytes, runs: int, budget_seconds: float, evict: bool) -> dict:
    """`runs` fresh processes, each serving one event: launch → first GET /next, launch → response received.
    With `evict`, the function's startup files are dropped from the page cache before each launch and the
    bytes that stayed resident anyway (pages other processes map) are reported; without, one untimed start
    warms the cache first."""
    first_next_ms: list[float] = []
    first_response_ms: list[float] = []
    still_resident: list[int] = []
    last_eviction: page_cache.Residency | None = None
    read_in: list[int] = []
    deadline = time.monotonic() + budget_seconds
    api = function.runtime_api().start(launch=False)
    try:
        if not evict:
            check(function, api, api.invoke(event))
        for _ in range(runs):
            if time.monotonic() > deadline:
                break
            api.end_process()
            if evict:
                last_eviction = page_cache.evict(function.startup_files)
                still_resident.append(last_eviction.resident_bytes)
            result = api.invoke(event)
            check(function, api, result)
            launch, exchange = api.launches[-1], api.exchanges[result.request_id]
            first_next_ms.append((launch.first_next_ns - launch.launched_ns) / NS_PER_MS)
            first_response_ms.append((exchange.answered_ns - launch.launched_ns) / NS_PER_MS)
            if evict:
                read_in.append(page_cache.Residency.of(function.startup_files).resident_bytes - still_resident[-1])
    finally:
        api.stop()
    summary = {
        "runs": len(first_next_ms),
        "page_cache": "evicted" if evict else "warm",
        "launch_to_first_next_ms": summarize(first_next_ms),
        "launch_to_first_response_ms": summarize(first_response_ms),
    }
    if evict:
        summary["startup_files"] = len(function.startup_files)
        summary["startup_files_bytes"] = sum(os.path.getsize(path) for path in function.startup_files)
        summary["resident_after_eviction_bytes"] = max(still_resident)
        # Pages the kernel would not drop because a live process maps them (e.g. libc, this harness's python).
        summary["resident_after_eviction_files"] = last_eviction.by_file if last_eviction else {}
        summary["read_in_during_start_bytes"] = summarize([float(value) for value in read_in], digits=0)
    return summary


def invocations(function: Function, event: bytes, count: int, budget_seconds: float) -> dict:
    """One process, then `count` health events after its first (cold) one: the round trip as the Runtime API
    sees it (event handed to GET /next → response POST read) and as its caller sees it (invoke() call →
    return), then the process's peak memory."""
    server_us: list[float] = []
    caller_us: list[float] = []
    with function.runtime_api() as api:
        check(function, api, api.invoke(event))
        memory_after_first = memory_kib(api.process_id)
        deadline = time.monotonic() + budget_seconds
        for _ in range(count):
            if time.monotonic() > deadline:
                break
            started_ns = time.monotonic_ns()
            result = api.invoke(event)
            returned_ns = time.monotonic_ns()
            check(function, api, result)
            exchange = api.exchanges[result.request_id]
            server_us.append((exchange.answered_ns - exchange.handed_out_ns) / 1000)
            caller_us.append((returned_ns - started_ns) / 1000)
        memory = memory_kib(api.process_id)
    return {
        "invocations": len(server_us),
        "runtime_api_round_trip_us": summarize(server_us, digits=1),
        "invoke_call_us": summarize(caller_us, digits=1),
        "memory_after_first_invocation_kib": memory_after_first,
        "memory_after_invocations_kib": memory,
    }


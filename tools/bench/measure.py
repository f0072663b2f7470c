"""The wall-clock and /proc measurements: startup with the function's files evicted from the page cache or
warm in it, warm invocations per route (round trip and CPU time), reconnects, and peak memory. Every loop is
bounded in count and in time."""

from __future__ import annotations

import glob
import os
import time

from . import page_cache
from .functions import Function
from .stats import summarize
from .timed_runtime_api import TimedRuntimeAPI
from .workload import MIXED_ROUTES, ROUTES, Workload, WorkloadError

NS_PER_MS = 1_000_000


class BenchmarkError(RuntimeError):
    pass


def logs_tail(api: TimedRuntimeAPI, lines: int = 20) -> str:
    return "\n".join(line.text for line in api.logs.lines()[-lines:])


def wait_first_next(api: TimedRuntimeAPI, timeout: float = 30.0) -> None:
    """Until the latest launch's first `GET /next` has arrived (the process then waits in it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if api.launches and api.launches[-1].first_next_ns is not None:
            return
        time.sleep(0.001)
    raise BenchmarkError(f"no GET /next within {timeout:g} s")


def invoke(function: Function, api: TimedRuntimeAPI, workload: Workload, route: str):
    """One invocation of `route`, checked; returns the Runtime API's result."""
    result = api.invoke(workload.event(route))
    try:
        if result.is_error:
            raise WorkloadError(f"{route}: {result.error_type}: {result.error_message}")
        workload.check(route, result.payload)
    except WorkloadError as error:
        raise BenchmarkError(f"{function.name}: {error}\n--- last function logs ---\n{logs_tail(api)}") from None
    return result


def cpu_ns(pid: int) -> int:
    """CPU time the process's threads have run, in ns (first field of /proc/<pid>/task/*/schedstat)."""
    total = 0
    for path in glob.glob(f"/proc/{pid}/task/*/schedstat"):
        try:
            with open(path) as stat:
                total += int(stat.read().split()[0])
        except (OSError, ValueError, IndexError):
            pass  # a thread that ended between the listing and the read
    return total


def memory_kib(pid: int) -> dict[str, int]:
    """VmHWM (peak resident set) and VmRSS of a live process, in KiB."""
    values = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            name, _, rest = line.partition(":")
            if name in ("VmHWM", "VmRSS"):
                values[name] = int(rest.split()[0])
    return values


def startups(function: Function, workload: Workload, route: str, runs: int, budget_seconds: float, evict: bool) -> dict:
    """`runs` fresh processes, each serving one `route` event queued before its launch: launch → first
    GET /next (init), launch → response received (for `get`: start → first DynamoDB-backed response, with
    a new TLS connection). With `evict`, the function's startup files are dropped from the page cache before
    each launch; without, one untimed start warms the cache first."""
    first_next_ms: list[float] = []
    first_response_ms: list[float] = []
    still_resident: list[int] = []
    read_in: list[int] = []
    deadline = time.monotonic() + budget_seconds
    api = function.runtime_api().start(launch=False)
    try:
        if not evict:
            invoke(function, api, workload, route)
        for _ in range(runs):
            if time.monotonic() > deadline and first_next_ms:
                break
            api.end_process()
            if evict:
                still_resident.append(page_cache.evict(function.startup_files).resident_bytes)
            result = invoke(function, api, workload, route)
            launch, exchange = api.launches[-1], api.exchanges[result.request_id]
            if launch.first_next_ns is None:
                raise BenchmarkError(f"{function.name}: no GET /next recorded for the latest launch")
            first_next_ms.append((launch.first_next_ns - launch.launched_ns) / NS_PER_MS)
            first_response_ms.append((exchange.answered_ns - launch.launched_ns) / NS_PER_MS)
            if evict:
                read_in.append(page_cache.Residency.of(function.startup_files).resident_bytes - still_resident[-1])
    finally:
        api.stop()
    summary = {
        "runs": len(first_next_ms),
        "route": route,
        "launch_to_first_next_ms": summarize(first_next_ms),
        "launch_to_first_response_ms": summarize(first_response_ms),
    }
    if evict:
        summary["startup_files"] = len(function.startup_files)
        summary["startup_files_bytes"] = sum(os.path.getsize(path) for path in function.startup_files)
        summary["resident_after_eviction_bytes"] = max(still_resident)
        summary["read_in_during_start_bytes"] = summarize([float(value) for value in read_in], digits=0)
    return summary


def _timed_loop(function: Function, api: TimedRuntimeAPI, workload: Workload, route: str, count: int,
                budget_seconds: float, before_each=None) -> dict:
    round_trip_us: list[float] = []
    pid = api.process_id
    cpu_before = cpu_ns(pid)
    deadline = time.monotonic() + budget_seconds
    for _ in range(count):
        if time.monotonic() > deadline and round_trip_us:
            break
        if before_each:
            before_each()
        result = invoke(function, api, workload, route)
        exchange = api.exchanges[result.request_id]
        round_trip_us.append((exchange.answered_ns - exchange.handed_out_ns) / 1000)
    if api.process_id != pid:
        raise BenchmarkError(f"{function.name}: the process was replaced during the {route} loop\n{logs_tail(api)}")
    cpu_per_invocation_us = (cpu_ns(pid) - cpu_before) / len(round_trip_us) / 1000
    return {
        "invocations": len(round_trip_us),
        "round_trip_us": summarize(round_trip_us, digits=1),
        "cpu_per_invocation_us": round(cpu_per_invocation_us, 1),
    }


def warm_routes(function: Function, workload: Workload, count: int, budget_seconds: float) -> dict:
    """One process; after a first (cold) get and a few of each route, `count` invocations of each route in
    turn: the round trip as the Runtime API sees it (event handed to GET /next → response POST read) and the
    process's CPU time per invocation over the loop."""
    results = {}
    with function.runtime_api() as api:
        invoke(function, api, workload, "get")
        for route in ROUTES:
            for _ in range(5):
                invoke(function, api, workload, route)
        workload.cleanup()
        # create last: what it writes is deleted again before anything else reads the table.
        for route in sorted(ROUTES, key=lambda name: name == "create"):
            results[route] = _timed_loop(function, api, workload, route, count, budget_seconds)
        workload.cleanup()
    return results


def reconnects(function: Function, workload: Workload, proxy, count: int, budget_seconds: float) -> dict:
    """GET /products/{id} through the closing proxy, every connection closed before each request: the
    function must notice, open a new TCP + TLS connection and sign again. Round trip and CPU per request."""
    environment = {"AWS_ENDPOINT_URL_DYNAMODB": proxy.endpoint}
    with function.runtime_api(environment=environment) as api:
        invoke(function, api, workload, "get")
        for _ in range(3):
            proxy.drop()
            invoke(function, api, workload, "get")
        accepted_before = proxy.accepted
        result = _timed_loop(function, api, workload, "get", count, budget_seconds, before_each=proxy.drop)
        result["connections_opened"] = proxy.accepted - accepted_before
    if result["connections_opened"] < result["invocations"]:
        raise BenchmarkError(f"{function.name}: {result['connections_opened']} connections for {result['invocations']} reconnects")
    return result


def mixed_memory(function: Function, workload: Workload, count: int, budget_seconds: float) -> dict:
    """One process, `count` invocations cycling through health, get, create, list, update and delete (of the
    product just created), then its peak resident set (VmHWM)."""
    with function.runtime_api() as api:
        invoke(function, api, workload, "get")
        after_first = memory_kib(api.process_id)
        deadline = time.monotonic() + budget_seconds
        done = 0
        for index in range(count):
            if time.monotonic() > deadline and done:
                break
            invoke(function, api, workload, MIXED_ROUTES[index % len(MIXED_ROUTES)])
            done += 1
        memory = memory_kib(api.process_id)
    workload.cleanup()
    return {"invocations": done, "after_first_invocation_kib": after_first, "after_invocations_kib": memory}


def floor_round_trip(function: Function, event: bytes, count: int, budget_seconds: float) -> dict:
    """The do-nothing runtime's round trip: the harness's own share of every warm figure."""
    samples: list[float] = []
    with function.runtime_api() as api:
        api.invoke(event)
        deadline = time.monotonic() + budget_seconds
        for _ in range(count):
            if time.monotonic() > deadline and samples:
                break
            result = api.invoke(event)
            exchange = api.exchanges[result.request_id]
            samples.append((exchange.answered_ns - exchange.handed_out_ns) / 1000)
    return {"invocations": len(samples), "round_trip_us": summarize(samples, digits=1)}

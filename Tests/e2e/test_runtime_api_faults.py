"""The real bootstrap when the Runtime API misbehaves: a fault-injecting proxy (tools/resilience/faultproxy.py)
sits between bootstrap and the local Runtime API. 500s and closed connections are retried with backoff;
a Runtime API that vanishes and comes back is waited for; one that never comes back ends the process with one
clear log line. The runtime's policy (Sources/LambdaRuntime/RetryPolicy.swift): delays 5, 10, 20 ... 500 ms
within a 3 s budget per call."""

from __future__ import annotations

import json

import pytest

from tools.resilience.faultproxy import FaultProxy

RETRYING = "Runtime API call failed; retrying with backoff"
GONE_AFTER_RESPONSE = "Runtime API gone after the response; retrying with backoff"


@pytest.fixture
def proxied_runtime(new_runtime):
    """A Runtime API whose bootstrap reaches it only through a fault proxy; yields (runtime, proxy). The process
    starts on the first invoke, after the test has set the fault it wants."""
    runtime = new_runtime(launch=False)
    host, port = runtime.address.split(":")
    proxy = FaultProxy((host, int(port)), upstream_timeout=None).start()
    runtime.extra_environment["AWS_LAMBDA_RUNTIME_API"] = f"127.0.0.1:{proxy.port}"
    yield runtime, proxy
    proxy.stop()


@pytest.fixture
def health(rest_event):
    return lambda runtime: check_health(runtime, rest_event)


def check_health(runtime, rest_event) -> dict:
    result = runtime.invoke(rest_event("GET", "/health"))
    assert not result.is_error, f"{result.error_type}: {result.error_message}"
    response = result.json()
    assert response["statusCode"] == 200, response
    return json.loads(response["body"])


def test_500s_and_closed_connections_are_retried_and_the_runtime_recovers(proxied_runtime, health):
    runtime, proxy = proxied_runtime
    proxy.inject("status", times=3, status=500)  # the first three /next calls
    assert health(runtime)["status"] == "ok"
    pid = runtime.process_id
    assert proxy.counts()["faulted"] == 3
    runtime.logs.expect(lambda line: RETRYING in line.text, "the retry warning")
    # Connections closed without an answer: on /next, and on the response post of the next invocation.
    proxy.inject("close", times=3)
    for _ in range(3):
        assert health(runtime)["status"] == "ok"
    assert proxy.counts()["faulted"] == 6
    assert runtime.process_id == pid and runtime.exit_codes == []


def test_a_runtime_api_that_vanishes_and_returns_is_waited_for(proxied_runtime, health):
    runtime, proxy = proxied_runtime
    health(runtime)
    pid = runtime.process_id
    mark = runtime.logs.mark()
    proxy.vanish()  # the pending /next is cut and new connections are refused
    # Right after a response that is what an emulator that stops looks like: retried, logged at debug only.
    runtime.logs.expect(lambda line: GONE_AFTER_RESPONSE in line.text, "the debug line of the retry", since=mark)
    proxy.restore()
    assert health(runtime)["status"] == "ok"
    assert runtime.process_id == pid and runtime.exit_codes == []
    assert not [line.text for line in runtime.logs.lines(pid=pid, since=mark) if RETRYING in line.text]


def test_a_runtime_api_that_never_returns_ends_the_process_with_one_clear_line(proxied_runtime, health):
    runtime, proxy = proxied_runtime
    health(runtime)
    pid = runtime.process_id
    mark = runtime.logs.mark()
    proxy.vanish()
    status = runtime.wait_for_exit(30)
    assert status is not None and status != 0, "bootstrap kept running without a Runtime API"
    fatal = [json.loads(line.text) for line in runtime.logs.lines(pid=pid, since=mark) if '"FATAL"' in line.text.upper()]
    assert len(fatal) == 1, fatal
    assert fatal[0]["message"] == "Runtime API failed; stopping"
    assert fatal[0]["operation"] == "next" and fatal[0]["attempts"] > 1

"""One execution environment serving several invocations at once, as on Lambda Managed Instances
(`AWS_LAMBDA_MAX_CONCURRENCY`): the real bootstrap, its workers each with their own connections, in front of
a DynamoDB (moto) that answers slowly through a delaying proxy."""

from __future__ import annotations

import json
import os
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest

from authorized import api
from recording_proxy import RecordingProxy
from tools.local.delay_proxy import DelayProxy
from tools.local.xray import XRayCollector, validate_segment

WIDTH = 4
DELAY = 0.6  # seconds the proxy holds each request to DynamoDB


@pytest.fixture
def slow_dynamodb(moto_endpoint):
    target = urllib.parse.urlsplit(moto_endpoint)
    with DelayProxy((target.hostname, target.port), delay=DELAY) as proxy:
        yield proxy


def create_product(runtime, rest_event) -> str:
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {api.token}"}
    result = runtime.invoke(rest_event("POST", "/products", headers,
                                       json.dumps({"name": "Mug", "price": 9.5, "category": "concurrency"})))
    assert not result.is_error, result.payload
    response = result.json()
    assert response["statusCode"] == 201, response
    return json.loads(response["body"])["productId"]


def invoke_all(runtime, events: list[dict]) -> tuple[list, float]:
    started = time.monotonic()
    with ThreadPoolExecutor(len(events)) as pool:
        results = list(pool.map(runtime.invoke, events))
    return results, time.monotonic() - started


def test_concurrent_invocations_overlap_and_each_answer_reaches_its_own_request(new_runtime, slow_dynamodb, rest_event):
    environment = {"AWS_ENDPOINT_URL_DYNAMODB": f"http://{slow_dynamodb.address}"}
    serial = new_runtime(environment)
    parallel = new_runtime(environment, max_concurrency=WIDTH)
    ids = [create_product(parallel, rest_event) for _ in range(WIDTH)]
    events = [rest_event("GET", f"/products/{product_id}") for product_id in ids]
    invoke_all(serial, events)  # both environments warm, connections open

    slow_dynamodb.reset_counts()
    results, parallel_seconds = invoke_all(parallel, events)
    assert slow_dynamodb.most_held_at_once == WIDTH  # every worker was waiting on DynamoDB at the same time
    for product_id, result in zip(ids, results):
        assert not result.is_error, result.payload
        response = result.json()
        assert response["statusCode"] == 200
        assert json.loads(response["body"])["productId"] == product_id

    slow_dynamodb.reset_counts()
    _, serial_seconds = invoke_all(serial, events)
    assert slow_dynamodb.most_held_at_once == 1
    # One environment at a time pays every delay in turn; WIDTH workers pay about one.
    assert serial_seconds >= WIDTH * DELAY
    assert parallel_seconds < serial_seconds / 2, (parallel_seconds, serial_seconds)


def test_every_log_line_carries_its_own_request_id_and_the_cold_start_is_logged_once(new_runtime, rest_event, bootstrap_logs):
    runtime = new_runtime(max_concurrency=WIDTH)
    results, _ = invoke_all(runtime, [rest_event("GET", f"/health?n={index}") for index in range(WIDTH * 3)])
    bodies = [json.loads(result.json()["body"]) for result in results]
    assert [body["requestId"] for body in bodies] == [result.request_id for result in results]
    assert sum(body["coldStart"] for body in bodies) == 1

    def request_lines():
        lines = [json.loads(line.text) for line in runtime.logs.lines(pid=runtime.process_id, stream="stdout")]
        return [line for line in lines if line.get("message") == "request"]

    deadline = time.monotonic() + 10
    while len(request_lines()) < len(results) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(line["requestId"] for line in request_lines()) == sorted(result.request_id for result in results)
    cold = [json.loads(line.text) for line in runtime.logs.lines(pid=runtime.process_id) if '"cold start"' in line.text]
    assert len(cold) == 1 and cold[0]["maxConcurrency"] == WIDTH


def trace_fields(header: str) -> dict[str, str]:
    return dict(field.split("=", 1) for field in header.split(";"))


def test_traces_logs_and_dynamodb_requests_carry_their_own_invocations_ids(new_runtime, rest_event, moto_endpoint):
    # DynamoDB behind a recording proxy (each request's headers) behind a delaying one, so the calls overlap.
    recording = RecordingProxy(moto_endpoint)
    target = urllib.parse.urlsplit(recording.url)
    try:
        with DelayProxy((target.hostname, target.port), delay=DELAY / 2) as slow, XRayCollector() as collector:
            runtime = new_runtime(
                {"AWS_ENDPOINT_URL_DYNAMODB": f"http://{slow.address}", "AWS_XRAY_DAEMON_ADDRESS": collector.address},
                max_concurrency=WIDTH, trace_sampled=True)
            ids = [create_product(runtime, rest_event) for _ in range(WIDTH)]
            recording.requests.clear()
            slow.reset_counts()
            results, _ = invoke_all(runtime, [rest_event("GET", f"/products/{product_id}") for product_id in ids * 2])
            assert slow.most_held_at_once > 1, "the invocations did overlap"
            traces = {}
            for product_id, result in zip(ids * 2, results):
                assert not result.is_error, result.payload
                assert json.loads(result.json()["body"])["productId"] == product_id
                traces[result.request_id] = trace_fields(runtime.trace_ids[result.request_id])
            roots = {trace["Root"] for trace in traces.values()}
            assert len(roots) == len(results)
            assert collector.wait_for(lambda docs: sum(d["name"].startswith("## ") and d["trace_id"] in roots for d in docs) == len(roots))
            assert collector.invalid == []
            calls_by_id = {}
            for trace in traces.values():
                documents = collector.for_trace(trace["Root"])
                [call] = [d for d in documents if d["name"] == "DynamoDB"]
                [handler] = [d for d in documents if d["name"] == "## products"]
                validate_segment(call)
                assert call["parent_id"] == trace["Parent"] and handler["parent_id"] == trace["Parent"]
                assert call["aws"]["operation"] == "GetItem" and handler["annotations"]["route"] == "GET /products/{id}"
                assert handler["start_time"] <= call["start_time"] <= call["end_time"] <= handler["end_time"]
                calls_by_id[call["id"]] = trace["Root"]
            # Each DynamoDB request named its own invocation's trace and subsegment, never another worker's.
            sent = [trace_fields(request["x-amzn-trace-id"]) for request in recording.requests]
            assert len(sent) == len(results)
            assert sorted((fields["Root"], fields["Parent"]) for fields in sent) == sorted(
                (root, call_id) for call_id, root in calls_by_id.items())

            def request_lines():
                lines = [json.loads(line.text) for line in runtime.logs.lines(pid=runtime.process_id, stream="stdout")]
                return [line for line in lines if line.get("message") == "request" and line.get("requestId") in traces]

            deadline = time.monotonic() + 10
            while len(request_lines()) < len(results) and time.monotonic() < deadline:
                time.sleep(0.05)
            lines = request_lines()
            assert len(lines) == len(results)
            for line in lines:
                assert line["xray_trace_id"] == traces[line["requestId"]]["Root"]
    finally:
        recording.stop()


def test_a_failing_invocation_leaves_the_other_workers_and_the_process_serving(new_runtime, rest_event):
    runtime = new_runtime(max_concurrency=WIDTH)
    pid = runtime.process_id
    events = [b"{not json", rest_event("GET", "/health"), b"[1,2]", rest_event("GET", "/health")] * 2
    results, _ = invoke_all(runtime, events)
    for event, result in zip(events, results):
        if isinstance(event, bytes):
            assert result.is_error
        else:
            assert not result.is_error and result.json()["statusCode"] == 200
    assert runtime.process_id == pid


def test_an_invalid_max_concurrency_is_an_init_error_naming_the_variable(new_runtime):
    runtime = new_runtime({"AWS_LAMBDA_MAX_CONCURRENCY": "many"})
    result = runtime.invoke({"httpMethod": "GET", "path": "/health"})
    assert result.is_error
    assert "AWS_LAMBDA_MAX_CONCURRENCY" in result.error_message


def open_descriptors(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def status_field(pid: int, name: str) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(name + ":"):
                return int(line.split()[1])
    raise KeyError(name)


def test_a_concurrent_soak_keeps_memory_threads_and_descriptors_flat(new_runtime, rest_event):
    runtime = new_runtime(max_concurrency=WIDTH)
    product_id = create_product(runtime, rest_event)
    events = [rest_event("GET", f"/products/{product_id}"), rest_event("GET", "/health"),
              rest_event("GET", "/products?category=concurrency&limit=5")] * 100
    invoke_all(runtime, events[:WIDTH * 20])  # warm-up: every worker's connections are open
    pid = runtime.process_id
    before = (status_field(pid, "VmRSS"), status_field(pid, "Threads"), open_descriptors(pid))
    with ThreadPoolExecutor(WIDTH) as pool:
        results = list(pool.map(runtime.invoke, events * 5))
    assert all(not result.is_error and result.json()["statusCode"] == 200 for result in results)
    after = (status_field(pid, "VmRSS"), status_field(pid, "Threads"), open_descriptors(pid))
    assert runtime.process_id == pid
    assert after[1:] == before[1:], (before, after)  # threads and descriptors
    assert after[0] - before[0] < 1024, (before, after)  # kB of resident memory

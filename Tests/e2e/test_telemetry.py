"""Telemetry end to end, from the real bootstrap: one EMF line per invocation that follows the specification,
Powertools' log keys, X-Ray subsegments over UDP for sampled invocations only (received by the local collector,
tools/local/xray.py), and the X-Amzn-Trace-Id header on every DynamoDB request (seen by a recording proxy in
front of moto)."""

from __future__ import annotations

import gzip
import json
import uuid

import emf_spec
import pytest
import requests
from recording_proxy import RecordingProxy

from tools.local.xray import XRayCollector, parse_datagram, validate_segment  # noqa: F401

PRODUCT = {"name": "Telemetry mug", "price": 9.5, "category": "telemetry", "inventoryCount": 3}


@pytest.fixture
def proxy(moto_endpoint):
    recording = RecordingProxy(moto_endpoint)
    yield recording
    recording.stop()


@pytest.fixture
def collector():
    with XRayCollector() as running:
        yield running


@pytest.fixture
def traced_runtime(new_runtime, proxy, collector):
    """A fresh bootstrap (its first invocation is a cold start) whose DynamoDB calls go through the proxy and
    whose invocations are sampled, with the collector as its X-Ray daemon."""
    return new_runtime(
        environment={"AWS_ENDPOINT_URL_DYNAMODB": proxy.url, "AWS_XRAY_DAEMON_ADDRESS": collector.address},
        trace_sampled=True)


def answer(result) -> tuple[int, dict]:
    assert not result.is_error, result.payload
    response = result.json()
    return response["statusCode"], json.loads(response["body"]) if response.get("body") else None


def stdout_documents(runtime) -> list[dict]:
    return [json.loads(line.text) for line in runtime.logs.lines(stream="stdout") if line.text.startswith("{")]


def emf_lines(runtime) -> list[str]:
    return [line.text for line in runtime.logs.lines(stream="stdout") if emf_spec.is_emf(line.text)]


def header_fields(header: str) -> dict[str, str]:
    return dict(field.split("=", 1) for field in header.split(";"))


def exercise(runtime, rest_event) -> list[tuple[str, int]]:
    """A spread of requests: every route, errors, an unknown path. Returns (request id, status) pairs."""
    results = []

    def send(method, target, body=None, headers=None):
        result = runtime.invoke(rest_event(method, target, headers=headers, body=json.dumps(body) if body is not None else b""))
        status, payload = answer(result)
        results.append((result.request_id, status))
        return status, payload

    send("GET", "/health")
    status, created = send("POST", "/products", PRODUCT, {"Content-Type": "application/json"})
    assert status == 201
    product_id = created["productId"]
    send("GET", f"/products/{product_id}")
    send("GET", f"/products/{uuid.uuid4()}")
    send("GET", "/products?category=telemetry")
    send("PATCH", f"/products/{product_id}", {"inventoryCount": 4}, {"Content-Type": "application/json", "If-Match": '"1"'})
    send("POST", "/products", {"name": ""}, {"Content-Type": "application/json"})
    send("DELETE", f"/products/{product_id}")
    send("GET", "/nowhere/at/all")
    send("BREW", "/products")
    return results


def test_every_invocation_writes_one_emf_line_that_follows_the_specification(traced_runtime, rest_event):
    results = exercise(traced_runtime, rest_event)
    traced_runtime.logs.wait_for(lambda line: results[-1][0] in line.text and "_aws" in line.text)
    lines = emf_lines(traced_runtime)
    assert len(lines) == len(results)
    documents = [emf_spec.validate(line) for line in lines]

    assert [d["requestId"] for d in documents] == [request_id for request_id, _ in results]
    assert [d["statusCode"] for d in documents] == [status for _, status in results]
    # Exactly one cold start, on the first invocation, with the init time next to it.
    assert [d.get("ColdStart") for d in documents] == [1] + [None] * (len(documents) - 1)
    assert documents[0]["InitDuration"] > 0
    for document in documents:
        assert document["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "ProductsApi"
        assert document["service"] == "products"
        # Lambda's JSON log format filters by `level`: the line must carry one the configured level keeps.
        assert document["level"] in ("INFO", "DEBUG") or document["level"] == "INFO"
        assert document["Latency"] >= 0
        status_class = f"Status{min(max(document['statusCode'] // 100, 2), 5)}xx"
        assert document[status_class] == 1 and sum(document[f"Status{n}xx"] for n in (2, 3, 4, 5)) == 1
    routes = [d["route"] for d in documents]
    assert routes == [
        "GET /health", "POST /products", "GET /products/{id}", "GET /products/{id}", "GET /products",
        "PATCH /products/{id}", "POST /products", "DELETE /products/{id}", "UNMATCHED", "OTHER /products"]
    # DynamoDB metrics only where a call was made; a GET of an id in our format is one GetItem.
    by_route = dict(zip(range(len(documents)), documents))
    assert "DynamoDBLatency" not in by_route[0]
    assert isinstance(by_route[2]["DynamoDBLatency"], (int, float)) and by_route[2]["DynamoDBRetries"] == 0
    assert by_route[2]["DynamoDBThrottles"] == 0 and by_route[2]["DynamoDBCircuitOpens"] == 0


def test_log_lines_carry_lambdas_and_powertools_keys(traced_runtime, rest_event):
    result = traced_runtime.invoke(rest_event("GET", "/health"))
    answer(result)
    traced_runtime.logs.wait_for(lambda line: result.request_id in line.text and '"request"' in line.text)
    [line] = [d for d in stdout_documents(traced_runtime) if d.get("message") == "request" and d.get("requestId") == result.request_id]
    assert {"timestamp", "level", "message", "requestId"} <= set(line)
    assert line["service"] == "products" and line["cold_start"] is True
    assert line["function_name"] == traced_runtime.function_name
    assert line["function_memory_size"] == traced_runtime.memory_mb
    assert line["function_arn"] == traced_runtime.function_arn
    trace = header_fields(traced_runtime.trace_ids[result.request_id])
    assert line["xray_trace_id"] == trace["Root"]


def test_sampled_invocations_send_valid_subsegments_and_trace_their_dynamodb_requests(traced_runtime, rest_event, collector, proxy):
    result = traced_runtime.invoke(rest_event("POST", "/products", headers={"Content-Type": "application/json"}, body=json.dumps(PRODUCT)))
    assert answer(result)[0] == 201
    trace = header_fields(traced_runtime.trace_ids[result.request_id])
    assert trace["Sampled"] == "1"
    root, parent = trace["Root"], trace["Parent"]
    assert collector.wait_for(lambda docs: any(d["trace_id"] == root and d["name"].startswith("## ") for d in docs))
    assert collector.invalid == []
    documents = collector.for_trace(root)
    calls = [d for d in documents if d["name"] == "DynamoDB"]
    [handler] = [d for d in documents if d["name"] == "## products"]
    assert len(calls) == 1
    call = calls[0]
    validate_segment(call)
    assert call["type"] == "subsegment" and call["namespace"] == "aws"
    assert call["parent_id"] == parent and call["trace_id"] == root
    assert call["aws"]["operation"] == "PutItem" and call["aws"]["table_name"] == "products"
    assert call["aws"]["retries"] == 0 and call["aws"]["request_id"]
    assert call["http"]["response"]["status"] == 200
    assert not any(call.get(flag) for flag in ("error", "throttle", "fault"))
    assert handler["start_time"] <= call["start_time"] <= call["end_time"] <= handler["end_time"]
    assert handler["annotations"] == {"cold_start": True, "route": "POST /products", "status": 201}

    # DynamoDB saw the subsegment as the parent of its request.
    [request] = proxy.requests
    header = header_fields(request["x-amzn-trace-id"])
    assert header["Root"] == root and header["Parent"] == call["id"] and header["Sampled"] == "1"
    # The collector's one line for `make run`.
    assert any(line.startswith("POST /products 201 ") and "DynamoDB PutItem" in line and root in line for line in collector.lines)


def test_unsampled_invocations_send_nothing_but_still_pass_the_trace_header(traced_runtime, rest_event, collector, proxy):
    traced_runtime.trace_sampled = False
    for _ in range(3):
        result = traced_runtime.invoke(rest_event("GET", f"/products/{uuid.uuid4()}"))
        assert answer(result)[0] == 404
    unsampled_roots = {header_fields(t)["Root"] for t in traced_runtime.trace_ids.values()}
    assert len(proxy.requests) == 3
    for request, trace in zip(proxy.requests, traced_runtime.trace_ids.values()):
        fields = header_fields(request["x-amzn-trace-id"])
        assert fields == header_fields(trace), "unsampled: the function's own parent, Sampled=0"
    # One sampled request after them: its documents arriving proves the earlier ones would have by now
    # (one socket to one receiver on loopback keeps its order).
    traced_runtime.trace_sampled = True
    marker = traced_runtime.invoke(rest_event("GET", "/health"))
    marker_root = header_fields(traced_runtime.trace_ids[marker.request_id])["Root"]
    assert collector.wait_for(lambda docs: any(d["trace_id"] == marker_root for d in docs))
    assert not [d for d in collector.documents if d["trace_id"] in unsampled_roots]


def test_throttled_calls_count_retries_and_throttles_and_flag_the_subsegment(new_runtime, rest_event, collector, dynamodb_proxy):
    # The real moto behind the fault proxy, which answers every call with DynamoDB's throttling error.
    dynamodb_proxy.inject("throttle")
    try:
        runtime = new_runtime(
            environment={"AWS_ENDPOINT_URL_DYNAMODB": dynamodb_proxy.endpoint, "AWS_XRAY_DAEMON_ADDRESS": collector.address},
            trace_sampled=True)
        result = runtime.invoke(rest_event("GET", f"/products/{uuid.uuid4()}"))
        status, _ = answer(result)
        root = header_fields(runtime.trace_ids[result.request_id])["Root"]
        assert collector.wait_for(lambda docs: any(d["trace_id"] == root and d["name"] == "DynamoDB" for d in docs))
        [call] = [d for d in collector.for_trace(root) if d["name"] == "DynamoDB"]
        assert call["throttle"] is True and call["error"] is True and call["aws"]["retries"] >= 1
        runtime.logs.wait_for(lambda line: result.request_id in line.text and "_aws" in line.text)
        [document] = [emf_spec.validate(line) for line in emf_lines(runtime) if result.request_id in line]
        assert document["DynamoDBThrottles"] == call["aws"]["retries"] + 1
        assert document["DynamoDBRetries"] == call["aws"]["retries"]
        assert document[f"Status{status // 100}xx"] == 1
    finally:
        dynamodb_proxy.clear()


def traced_call(runtime, collector, result, name) -> tuple[dict, dict]:
    """The invocation's trace header fields and its one subsegment called `name`, once the handler's arrived."""
    trace = header_fields(runtime.trace_ids[result.request_id])
    root = trace["Root"]
    assert collector.wait_for(lambda docs: any(d["trace_id"] == root and d["name"].startswith("## ") for d in docs))
    [call] = [d for d in collector.for_trace(root) if d["name"] == name]
    validate_segment(call)
    assert call["type"] == "subsegment" and call["trace_id"] == root and call["parent_id"] == trace["Parent"]
    return trace, call


def test_the_signing_key_fetch_is_traced_as_a_remote_call_under_the_invocation_that_made_it(new_runtime, rest_event, collector, issuer):
    runtime = new_runtime(environment={"AWS_XRAY_DAEMON_ADDRESS": collector.address}, trace_sampled=True)
    fetched = len(issuer.jwks_trace_headers)
    created = runtime.invoke(rest_event("POST", "/products", headers={"Content-Type": "application/json"}, body=json.dumps(PRODUCT)))
    assert answer(created)[0] == 201
    trace, call = traced_call(runtime, collector, created, "JWKS")
    assert call["namespace"] == "remote" and call["aws"]["operation"] == "GetKeys"
    assert call["http"]["request"] == {"method": "GET", "url": issuer.jwks_url}
    assert call["http"]["response"]["status"] == 200
    assert not any(call.get(flag) for flag in ("error", "throttle", "fault"))
    # The issuer saw the fetch as a child of that subsegment.
    headers = [header_fields(h) for h in issuer.jwks_trace_headers[fetched:] if h]
    assert {"Root": trace["Root"], "Parent": call["id"], "Sampled": "1"} in [
        {k: v for k, v in h.items() if k in ("Root", "Parent", "Sampled")} for h in headers]
    # Keys are cached: the next write makes no fetch and so no JWKS subsegment.
    again = runtime.invoke(rest_event("POST", "/products", headers={"Content-Type": "application/json"}, body=json.dumps(PRODUCT)))
    assert answer(again)[0] == 201
    root = header_fields(runtime.trace_ids[again.request_id])["Root"]
    assert collector.wait_for(lambda docs: any(d["trace_id"] == root and d["name"].startswith("## ") for d in docs))
    assert [d["name"] for d in collector.for_trace(root) if d["name"] == "JWKS"] == []
    runtime.logs.wait_for(lambda line: created.request_id in line.text and "_aws" in line.text)
    [document] = [emf_spec.validate(line) for line in emf_lines(runtime) if created.request_id in line]
    assert document["JWKSFaults"] == 0 and document["JWKSLatency"] >= 0


def list_a_page_that_needs_the_cursor_key(runtime, rest_event):
    """Two products in a new category, then a page of one: it has a next page, so its cursor needs the key."""
    category = "traced-" + uuid.uuid4().hex[:10]
    for _ in range(2):
        created = runtime.invoke(rest_event(
            "POST", "/products", headers={"Content-Type": "application/json"}, body=json.dumps({**PRODUCT, "category": category})))
        assert answer(created)[0] == 201
    return runtime.invoke(rest_event("GET", f"/products?category={category}&limit=1"))


def test_the_cursor_secret_read_is_traced_with_its_request_id(new_runtime, rest_event, collector, stack):
    runtime = new_runtime(environment={"AWS_XRAY_DAEMON_ADDRESS": collector.address}, trace_sampled=True)
    listed = list_a_page_that_needs_the_cursor_key(runtime, rest_event)
    status, page = answer(listed)
    assert status == 200 and page["nextCursor"]
    _, call = traced_call(runtime, collector, listed, "SecretsManager")
    assert call["namespace"] == "aws" and call["aws"]["operation"] == "GetSecretValue"
    assert call["aws"]["secret_id"] == stack.function_environment()["CURSOR_SECRET_ARN"]
    assert call["aws"]["request_id"] and call["aws"]["retries"] == 0
    assert call["http"]["response"]["status"] == 200 and not call.get("error") and not call.get("fault")


def test_a_cursor_secret_that_is_missing_is_traced_as_a_client_error(new_runtime, rest_event, collector):
    missing = "arn:aws:secretsmanager:us-east-1:123456789012:secret:no-such-secret-AbCdEf"
    runtime = new_runtime(environment={"AWS_XRAY_DAEMON_ADDRESS": collector.address, "CURSOR_SECRET_ARN": missing}, trace_sampled=True)
    listed = list_a_page_that_needs_the_cursor_key(runtime, rest_event)
    assert answer(listed)[0] == 503
    _, call = traced_call(runtime, collector, listed, "SecretsManager")
    # AWS answers 400; moto 404. Either way a 4xx: the caller's error, not the service's fault.
    assert 400 <= call["http"]["response"]["status"] < 500 and call["error"] is True and not call.get("fault")
    assert call["cause"]["exceptions"][0]["type"] == "ResourceNotFoundException"


def test_local_api_compresses_like_api_gateway(api_url, stack):
    assert stack.minimum_compression_size == 1024  # from template.yaml
    category = "compress-" + uuid.uuid4().hex[:8]
    for index in range(8):
        created = requests.post(f"{api_url}/products", json={**PRODUCT, "name": f"Mug {index} " + "x" * 80, "category": category}, timeout=10)
        assert created.status_code == 201
    listing = f"{api_url}/products?category={category}"
    raw = requests.get(listing, headers={"Accept-Encoding": "gzip"}, timeout=10, stream=True)
    assert raw.headers["Content-Encoding"] == "gzip"
    body = json.loads(gzip.decompress(raw.raw.read()))
    assert body["count"] == 8
    for accept in ("identity", None):
        plain = requests.get(listing, headers={"Accept-Encoding": accept} if accept else {"Accept-Encoding": ""}, timeout=10)
        assert "Content-Encoding" not in plain.headers and plain.json()["count"] == 8
    # Below the minimum size: never compressed.
    small = requests.get(f"{api_url}/health", headers={"Accept-Encoding": "gzip"}, timeout=10)
    assert "Content-Encoding" not in small.headers

"""How the products API answers when DynamoDB fails: throttling → 503 with Retry-After, the deadline closing →
504, anything else → a generic 500 whose cause is only in the log. Each test runs a fresh bootstrap pointed at
the real moto through the fault-injecting proxy (tools/resilience/faultproxy.py), or at a table that does not
exist. test_dynamodb_faults.py goes through every fault the proxy injects."""

from __future__ import annotations

import json
import uuid

from e2e_support import answer


def test_throttling_that_outlasts_the_retries_is_503_with_retry_after(faulty_runtime, dynamodb_proxy, rest_event):
    dynamodb_proxy.inject("throttle", code="ThrottlingException")
    runtime = faulty_runtime()
    status, headers, body = answer(runtime.invoke(rest_event("GET", f"/products/{uuid.uuid4()}", headers={"Origin": "https://a.example"})))
    assert status == 503
    assert int(headers["retry-after"]) >= 1
    assert body["error"]["code"] == "ServiceUnavailable"
    assert headers["access-control-allow-origin"] == "*"
    # Repeated failures open the circuit: still a 503, now without calling DynamoDB at all.
    for _ in range(6):
        status, headers, body = answer(runtime.invoke(rest_event("GET", "/products")))
        assert status == 503 and "retry-after" in headers
    before = dynamodb_proxy.counts()["requests"]
    assert answer(runtime.invoke(rest_event("GET", "/products")))[0] == 503
    assert dynamodb_proxy.counts()["requests"] == before


def test_a_dynamodb_that_never_answers_is_504_before_the_function_times_out(faulty_runtime, dynamodb_proxy, rest_event, write_token):
    dynamodb_proxy.inject("stall", seconds=30)
    runtime = faulty_runtime(timeout_seconds=3)
    body = json.dumps({"name": "n", "price": 1, "category": "c"})
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {write_token}"}
    result = runtime.invoke(rest_event("POST", "/products", headers=headers, body=body))
    status, headers, error = answer(result)
    assert status == 504
    assert error["error"]["code"] == "GatewayTimeout"
    assert headers["access-control-allow-origin"] == "*"


def test_other_failures_are_a_generic_500_with_the_cause_only_in_the_log(new_runtime, rest_event):
    runtime = new_runtime(environment={"TABLE_NAME": "no-such-table"})
    mark = runtime.logs.mark()
    status, headers, body = answer(runtime.invoke(rest_event("GET", "/products?limit=5")))
    assert status == 500
    assert body["error"]["code"] == "InternalError"
    assert "no-such-table" not in json.dumps(body) and "ResourceNotFound" not in json.dumps(body)
    assert headers["access-control-allow-origin"] == "*"
    logged = runtime.logs.expect(lambda line: "ResourceNotFoundException" in line.text, "ResourceNotFoundException", since=mark)
    entry = json.loads(logged.text)
    assert entry["level"] == "ERROR" and entry["requestId"] == body["error"]["requestId"]
    assert entry["operation"] == "Scan"

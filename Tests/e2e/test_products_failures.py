"""How the products API answers when DynamoDB fails: throttling → 503 with Retry-After, the deadline closing →
504, anything else → a generic 500 whose cause is only in the log. Each test runs a fresh bootstrap pointed at
a stand-in DynamoDB endpoint (or a table that does not exist)."""

from __future__ import annotations

import json
import socket
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class ThrottlingDynamoDB(BaseHTTPRequestHandler):
    """Answers every call the way DynamoDB answers a throttled one."""

    def do_POST(self):  # noqa: N802 (http.server's naming)
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = json.dumps({"__type": "com.amazonaws.dynamodb.v20120810#ThrottlingException", "message": "Rate of requests exceeds the allowed throughput."}).encode()
        self.send_response(400)
        self.send_header("Content-Type", "application/x-amz-json-1.0")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def throttling_endpoint():
    server = ThreadingHTTPServer(("127.0.0.1", 0), ThrottlingDynamoDB)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def silent_endpoint():
    """Accepts connections and never answers."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


def answer(result) -> tuple[int, dict, dict | None]:
    assert not result.is_error, result.payload
    response = result.json()
    headers = {name.lower(): value for name, value in (response.get("headers") or {}).items()}
    body = json.loads(response["body"]) if response.get("body") else None
    return response["statusCode"], headers, body


def test_throttling_that_outlasts_the_retries_is_503_with_retry_after(new_runtime, rest_event, throttling_endpoint):
    runtime = new_runtime(environment={"AWS_ENDPOINT_URL_DYNAMODB": throttling_endpoint})
    status, headers, body = answer(runtime.invoke(rest_event("GET", f"/products/{uuid.uuid4()}", headers={"Origin": "https://a.example"})))
    assert status == 503
    assert int(headers["retry-after"]) >= 1
    assert body["error"]["code"] == "ServiceUnavailable"
    assert headers["access-control-allow-origin"] == "*"
    # Repeated failures open the circuit: still a 503, now without calling DynamoDB at all.
    for _ in range(6):
        status, headers, body = answer(runtime.invoke(rest_event("GET", "/products")))
        assert status == 503 and "retry-after" in headers


def test_a_dynamodb_that_never_answers_is_504_before_the_function_times_out(new_runtime, rest_event, silent_endpoint, write_token):
    runtime = new_runtime(environment={"AWS_ENDPOINT_URL_DYNAMODB": silent_endpoint}, timeout_seconds=3)
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
    logged = runtime.logs.wait_for(lambda line: "ResourceNotFoundException" in line.text, timeout=5, since=mark)
    assert logged is not None
    entry = json.loads(logged.text)
    assert entry["level"] == "ERROR" and entry["requestId"] == body["error"]["requestId"]
    assert entry["operation"] == "Scan"

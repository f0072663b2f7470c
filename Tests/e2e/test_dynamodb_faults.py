"""The real bootstrap against the real moto through a fault-injecting proxy (tools/resilience/faultproxy.py):
latency, stalls past the deadline, resets mid-response, truncated bodies, injected 500/503, DynamoDB
throttling errors and TLS failures. Every request gets a correct answer or a clear 503/504 before the
invocation's deadline (never Sandbox.Timedout); the proxy counts the attempts, so retries are seen to stay
bounded; the circuit breaker opens, fails fast and recovers; the process never dies and serves the next
invocation. The client's policy (Sources/DynamoDB/Resilience): 4 attempts per call, the breaker opens after
5 consecutive retryable failures and lets a probe through after 5 s."""

from __future__ import annotations

import importlib.util
import json
import os
import ssl
import uuid

import pytest
import requests

from e2e_support import answer
from tools.local.waiting import wait_until
from tools.resilience.faultproxy import FaultProxy

PACKAGE_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MAX_ATTEMPTS = 4
BREAKER_THRESHOLD = 5
FUNCTION_TIMEOUT = 3.0


@pytest.fixture
def product(api_url) -> dict:
    """A product written through the healthy stack, to read back through the faulty one."""
    response = requests.post(f"{api_url}/products", timeout=30, json={
        "name": f"faulty-{uuid.uuid4().hex[:8]}", "price": 12.5, "category": f"faults-{uuid.uuid4().hex[:8]}", "inventoryCount": 7})
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def get_product(rest_event, product):
    def get(runtime):
        return answer(runtime.invoke(rest_event("GET", f"/products/{product['productId']}")))
    return get


def attempts_of(proxy: FaultProxy, action) -> tuple[object, int]:
    """What `action()` returned and how many requests reached the proxy meanwhile."""
    before = proxy.counts()["requests"]
    value = action()
    return value, proxy.counts()["requests"] - before


def assert_alive(runtime, pid: int) -> None:
    assert runtime.process_id == pid, "bootstrap was replaced"
    assert runtime.exit_codes == [], f"bootstrap exited: {runtime.exit_codes}"


def test_latency_is_absorbed_without_retries(faulty_runtime, dynamodb_proxy, get_product, product):
    runtime = faulty_runtime(timeout_seconds=FUNCTION_TIMEOUT)
    dynamodb_proxy.inject("latency", seconds=0.4)
    (status, _, body), attempts = attempts_of(dynamodb_proxy, lambda: get_product(runtime))
    assert (status, body) == (200, product)
    assert attempts == 1


def test_a_stall_past_the_deadline_is_504_before_the_deadline_then_healthy(faulty_runtime, dynamodb_proxy, get_product, product, rest_event):
    runtime = faulty_runtime(timeout_seconds=FUNCTION_TIMEOUT)
    pid = runtime.process_id
    dynamodb_proxy.inject("stall", seconds=30)
    body = json.dumps({"name": "stalled", "price": 1, "category": "c"})
    (status, headers, error), attempts = attempts_of(dynamodb_proxy, lambda: answer(runtime.invoke(
        rest_event("POST", "/products", headers={"Content-Type": "application/json"}, body=body))))
    assert status == 504 and error["error"]["code"] == "GatewayTimeout"
    assert 1 <= attempts <= MAX_ATTEMPTS
    dynamodb_proxy.clear()
    assert get_product(runtime)[:3:2] == (200, product)
    assert_alive(runtime, pid)


@pytest.mark.parametrize("kind", ["reset", "truncate"])
def test_a_broken_response_is_retried_and_answered_correctly(faulty_runtime, dynamodb_proxy, get_product, product, kind):
    runtime = faulty_runtime(timeout_seconds=FUNCTION_TIMEOUT)
    pid = runtime.process_id
    dynamodb_proxy.inject(kind, times=2)
    (status, _, body), attempts = attempts_of(dynamodb_proxy, lambda: get_product(runtime))
    assert (status, body) == (200, product)
    assert attempts == 3, f"two broken answers, then one good: {attempts} requests"
    assert_alive(runtime, pid)


@pytest.mark.parametrize("kind", ["reset", "truncate"])
def test_a_broken_response_that_persists_is_503_after_bounded_retries(faulty_runtime, dynamodb_proxy, get_product, kind):
    runtime = faulty_runtime(timeout_seconds=FUNCTION_TIMEOUT)
    dynamodb_proxy.inject(kind)
    (status, headers, body), attempts = attempts_of(dynamodb_proxy, lambda: get_product(runtime))
    assert status == 503 and body["error"]["code"] == "ServiceUnavailable" and int(headers["retry-after"]) >= 1
    assert attempts == MAX_ATTEMPTS


@pytest.mark.parametrize("status_code", [500, 503])
def test_injected_server_errors_are_retried_then_503(faulty_runtime, dynamodb_proxy, get_product, product, status_code):
    runtime = faulty_runtime(timeout_seconds=FUNCTION_TIMEOUT)
    dynamodb_proxy.inject("status", times=2, status=status_code)
    (status, _, body), attempts = attempts_of(dynamodb_proxy, lambda: get_product(runtime))
    assert (status, body, attempts) == (200, product, 3)
    dynamodb_proxy.inject("status", status=status_code)
    (status, headers, body), attempts = attempts_of(dynamodb_proxy, lambda: get_product(runtime))
    assert status == 503 and body["error"]["code"] == "ServiceUnavailable" and "retry-after" in headers
    assert attempts == MAX_ATTEMPTS


@pytest.mark.parametrize("code", ["ProvisionedThroughputExceededException", "ThrottlingException"])
def test_throttling_opens_the_breaker_which_fails_fast_and_recovers(faulty_runtime, dynamodb_proxy, get_product, product, code):
    runtime = faulty_runtime(timeout_seconds=FUNCTION_TIMEOUT)
    pid = runtime.process_id
    dynamodb_proxy.inject("throttle", code=code)
    (status, headers, body), attempts = attempts_of(dynamodb_proxy, lambda: get_product(runtime))
    assert status == 503 and body["error"]["code"] == "ServiceUnavailable" and headers["retry-after"] == "1"
    assert attempts == MAX_ATTEMPTS
    # One more failing call reaches the threshold (5 consecutive failures) and opens the breaker.
    (status, _, _), attempts = attempts_of(dynamodb_proxy, lambda: get_product(runtime))
    assert status == 503 and attempts == BREAKER_THRESHOLD - MAX_ATTEMPTS
    # Open: fail fast, DynamoDB is not called at all.
    for _ in range(3):
        (status, headers, _), attempts = attempts_of(dynamodb_proxy, lambda: get_product(runtime))
        assert (status, headers["retry-after"], attempts) == (503, "5", 0)
    # DynamoDB recovers; after the cool-down the probe succeeds and the breaker closes.
    dynamodb_proxy.clear()
    wait_until(lambda: get_product(runtime)[0] == 200, timeout=30, what="the breaker to let a probe through and close")
    (status, _, body), attempts = attempts_of(dynamodb_proxy, lambda: get_product(runtime))
    assert (status, body, attempts) == (200, product, 1)
    assert_alive(runtime, pid)


# --- TLS ---------------------------------------------------------------------------------------------------


def certificates(directory) -> dict[str, str]:
    """A throw-away CA and a localhost certificate (the Swift TLS peer's own generator, reused)."""
    spec = importlib.util.spec_from_file_location("moto_peer", os.path.join(PACKAGE_ROOT, "Tests", "DynamoDBTests", "Peers", "moto_peer.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    directory.mkdir(parents=True, exist_ok=True)
    return module.make_certificates(str(directory))


def server_context(paths: dict[str, str]) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(paths["server.pem"], paths["server.key"])
    return context


@pytest.fixture
def tls_proxy(stack, tmp_path):
    trusted = certificates(tmp_path / "trusted")
    untrusted = certificates(tmp_path / "untrusted")
    proxy = FaultProxy(("127.0.0.1", stack.moto.port), server_context=server_context(trusted),
                       untrusted_context=server_context(untrusted), endpoint_host="localhost").start()
    proxy.ca_bundle = trusted["ca.pem"]
    yield proxy
    proxy.stop()


@pytest.mark.parametrize("kind", ["tls-garbage", "tls-untrusted"])
def test_a_failed_tls_handshake_is_a_clear_503_and_the_next_connection_works(new_runtime, tls_proxy, get_product, product, kind):
    runtime = new_runtime(environment={"AWS_ENDPOINT_URL_DYNAMODB": tls_proxy.endpoint, "AWS_CA_BUNDLE": tls_proxy.ca_bundle},
                          timeout_seconds=FUNCTION_TIMEOUT)
    pid = runtime.process_id
    mark = runtime.logs.mark()
    tls_proxy.inject(kind, times=1)
    status, headers, body = get_product(runtime)
    assert status == 503 and body["error"]["code"] == "ServiceUnavailable" and "retry-after" in headers
    # A refused handshake is not retried (a certificate will not fix itself), and nothing was sent.
    assert tls_proxy.counts()["connections"] == 1 and tls_proxy.counts()["requests"] == 0
    runtime.logs.expect(lambda line: '"ERROR"' in line.text and ("SSL" in line.text or "certificate" in line.text.lower()),
                        "an ERROR naming the TLS failure", since=mark)
    # The fault is gone: a new connection verifies and the same process answers correctly.
    assert get_product(runtime)[::2] == (200, product)
    assert_alive(runtime, pid)

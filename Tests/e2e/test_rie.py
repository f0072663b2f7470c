"""The real bootstrap under AWS's own Runtime Interface Emulator (tools/local/rie.py: SAM CLI's
`aws-lambda-rie`, the `rapid` code Lambda runs), against moto and the local token issuer (AUTH_MODE=jwt).

Every sample event gets the status in tools/local/sample_events.py (the table Tests/deploy/test_events.py
checks through `make invoke`), the create → get → update → stale update → delete flow gets its statuses,
the RIE reports init (INIT REPORT) and each invocation (REPORT), the function's log lines carry the RIE's
request id, and an emulator that goes away right after a response is no warning in the function's log.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from authorized import client_credentials_token
from tools.local import waiting
from tools.local.issuer import add_bearer
from tools.local.rie import RIEStack, init_durations
from tools.local.sample_events import EXPECTED_ON_EMPTY_TABLE, LIFECYCLE, ON_EXISTING_PRODUCT, for_product, load_event
from tools.local.stack import LocalStack
from tools.local.template import PACKAGE_ROOT

DEBUG = {"LOG_LEVEL": "DEBUG", "AWS_LAMBDA_LOG_LEVEL": "DEBUG"}
GONE_AFTER_RESPONSE = "Runtime API gone after the response; retrying with backoff"


@pytest.fixture(scope="module")
def rie(bootstrap_path, tmp_path_factory):
    """moto + table + issuer, and one RIE running bootstrap; output in <tmp>/rie.log."""
    logs = tmp_path_factory.mktemp("rie")
    with open(logs / "rie.log", "w", encoding="utf-8") as log, open(logs / "moto.log", "wb") as moto_log:
        with RIEStack(bootstrap_path, log=log, moto_log=moto_log) as stack:
            yield stack


@pytest.fixture(scope="module")
def token(rie) -> str:
    """What a machine client does: client credentials at the issuer's token endpoint, over HTTP."""
    issuer = rie.stack.issuer
    return client_credentials_token(issuer.token_url, issuer.client_id, issuer.client_secret)


def run(rie, event: dict, token: str) -> dict:
    result = rie.invoke(add_bearer(event, token))
    assert result.status == 200 and not result.is_error, (result.status, result.payload[:1000])
    assert result.report is not None and result.report.request_id == result.request_id
    return result.json()


@pytest.mark.parametrize("name", sorted(EXPECTED_ON_EMPTY_TABLE))
def test_every_event_through_the_rie(rie, token, name):
    response = run(rie, load_event(name), token)
    assert response.get("statusCode") == EXPECTED_ON_EMPTY_TABLE[name], response


def test_create_get_update_stale_update_delete_through_the_rie(rie, token):
    created = run(rie, load_event("create-product.json"), token)
    assert created["statusCode"] == EXPECTED_ON_EMPTY_TABLE["create-product.json"], created
    product_id = json.loads(created["body"])["productId"]
    for name, status in LIFECYCLE:
        response = run(rie, for_product(name, product_id), token)
        assert response["statusCode"] == status, (name, response)
        if (name, status) == ("get-product.json", 200):
            assert json.loads(response["body"])["productId"] == product_id


def test_patch_through_the_rie(rie, token):
    product_id = json.loads(run(rie, load_event("create-product.json"), token)["body"])["productId"]
    patched = run(rie, for_product("patch-product.json", product_id), token)
    assert patched["statusCode"] == ON_EXISTING_PRODUCT["patch-product.json"], patched
    assert json.loads(patched["body"])["inventoryCount"] == json.loads(load_event("patch-product.json")["body"])["inventoryCount"]


def test_a_write_without_a_token_is_refused_under_the_rie(rie):
    result = rie.invoke(load_event("create-product.json"))
    assert result.json()["statusCode"] == 401, result.payload[:500]


def test_the_rie_reports_init_once_and_every_invocation(rie, token):
    function = rie.function
    run(rie, load_event("health.json"), token)
    inits = function.init_reports()
    assert len(inits) == 1 and inits[0] > 0, function.rie_lines()
    mark = function.logs.mark()
    result = rie.invoke(load_event("health.json"))
    assert result.report.duration_ms > 0 and result.report.memory_size_mb == rie.stack.function.memory_mb
    assert function.init_reports(since=mark) == []  # a warm invoke: no second init


def test_function_log_lines_carry_the_rie_request_id(rie):
    function = rie.function
    mark = function.logs.mark()
    result = rie.invoke(load_event("health.json"))
    assert result.request_id
    lines = waiting.wait_until(
        lambda: [line for line in function.function_lines(since=mark) if line.get("requestId") == result.request_id],
        what=lambda: f"a function log line with requestId {result.request_id}: {function.logs.lines(since=mark)}")
    assert all(line.get("requestId") == result.request_id for line in function.function_lines(since=mark) if "requestId" in line)
    assert any(line.get("message") == "request" for line in lines), lines


def test_a_function_error_comes_back_as_the_error_document(rie):
    result = rie.invoke(b"not json")
    assert result.status == 200 and result.error_type == "InvalidEvent", result.payload
    assert result.report is not None


def warnings(function, since: int) -> list[dict]:
    return [line for line in function.function_lines(since=since) if line.get("level") in ("WARN", "ERROR")]


def test_stopping_the_rie_after_a_response_logs_no_warning(rie):
    function = rie.new_function(environment=DEBUG).start()
    try:
        assert function.invoke(load_event("health.json")).json()["statusCode"] == 200
        mark = function.logs.mark()
    finally:
        function.stop()  # SIGTERM, as SAM's `docker stop` sends it
    assert warnings(function, mark) == []


def test_a_runtime_api_gone_right_after_a_response_is_logged_at_debug(rie):
    """The emulator's Runtime API vanishes while the function lives on: its next /next is refused (or cut)."""
    function = rie.new_function(environment=DEBUG).start()
    try:
        assert function.invoke(load_event("health.json")).json()["statusCode"] == 200
        mark = function.logs.mark()
        function.kill_emulator()
        function.logs.expect(lambda line: GONE_AFTER_RESPONSE in line.text, "the debug line of the retry", since=mark)
        gone = [line for line in function.function_lines(since=mark) if line.get("message") == GONE_AFTER_RESPONSE]
        assert gone[0]["level"] == "DEBUG" and gone[0]["operation"] == "next", gone
        assert warnings(function, mark) == []
    finally:
        function.stop()


def test_init_durations_starts_fresh_processes(bootstrap_path):
    durations = init_durations(2, bootstrap_path)
    assert len(durations) == 2 and all(duration > 0 for duration in durations), durations


def make_invoke_rie(event_file: str, bootstrap: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "-s", "--no-print-directory", "invoke", "RIE=1", f"EVENT={event_file}", f"BOOTSTRAP={bootstrap}"],
                          cwd=PACKAGE_ROOT, capture_output=True, text=True, timeout=300)


def test_make_invoke_rie_prints_the_response_and_the_rie_logs(bootstrap_path):
    result = make_invoke_rie("events/create-product.json", bootstrap_path)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert json.loads(lines[-1])["statusCode"] == EXPECTED_ON_EMPTY_TABLE["create-product.json"], result.stdout[-2000:]
    # The logs are on stderr: the RIE's platform lines and the function's JSON lines.
    assert "INIT REPORT(" in result.stderr and "REPORT RequestId: " in result.stderr, result.stderr[-3000:]
    assert '"message":"request"' in result.stderr
    assert "INIT REPORT" not in result.stdout and '"message":"request"' not in result.stdout


def test_make_invoke_rie_exits_1_on_a_function_error(bootstrap_path, tmp_path):
    event = tmp_path / "not-json.json"
    event.write_text("not json")
    result = make_invoke_rie(str(event), bootstrap_path)
    assert result.returncode == 1, (result.returncode, result.stderr[-3000:])
    assert json.loads(result.stdout.splitlines()[-1])["errorType"] == "InvalidEvent"
    assert "function error InvalidEvent" in result.stderr


def test_the_rie_gets_the_local_stacks_function_environment(rie):
    """The same variables as `make invoke` (tools/local/stack.py), not a copy of them."""
    stack = rie.stack
    expected = {key: value for key, value in stack.function_environment().items() if value is not None}
    environment = rie.new_function().process_environment()
    assert {key: environment.get(key) for key in expected} == {key: str(value) for key, value in expected.items()}
    assert environment["AWS_LAMBDA_FUNCTION_TIMEOUT"] == str(round(stack.function.timeout_seconds))
    assert isinstance(stack, LocalStack) and stack.runtime is None  # only the peers: the RIE is the runtime

"""Fixtures for the end-to-end tests: the real `bootstrap` behind the local Runtime API and API Gateway, with
moto for DynamoDB and the local token issuer (AUTH_MODE=jwt), on free ports. See README.md in this folder. Nothing here skips: a stack that does not start
is a failing test."""

from __future__ import annotations

import json
import os
import stat
import sys

import pytest

PACKAGE_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
if PACKAGE_ROOT not in sys.path:
    sys.path.insert(0, PACKAGE_ROOT)

from tools.local import dynamodb  # noqa: E402
from tools.local.api_gateway import EventBuilder, LocalAPI  # noqa: E402
from tools.local.runtime_api import LogBook, RuntimeAPI  # noqa: E402
from tools.local.stack import DEFAULT_BOOTSTRAP, LocalStack  # noqa: E402

sys.path.insert(0, os.path.dirname(__file__))
from authorized import api, client_credentials_token  # noqa: E402

STANDIN = os.path.join(os.path.dirname(__file__), "standin_bootstrap.py")
# Execution environments the session's local API may run at once (as `make run CONCURRENCY=4`): the
# concurrency, writer and load tests race requests, which one environment would throttle.
SESSION_CONCURRENCY = 4


@pytest.fixture(scope="session")
def bootstrap_path() -> str:
    """The release binary (`$BOOTSTRAP`, else .build/release/bootstrap)."""
    path = os.path.abspath(os.environ.get("BOOTSTRAP") or DEFAULT_BOOTSTRAP)
    if not os.access(path, os.X_OK):
        pytest.fail(f"{path} is missing: run `make build` (or `make e2e-test`, which builds it)")
    return path


@pytest.fixture(scope="session")
def stack(bootstrap_path, tmp_path_factory) -> LocalStack:
    """moto + the products table, the Runtime API running bootstrap, and the local API (up to
    SESSION_CONCURRENCY execution environments; `stack.runtime` is the first), for the whole session.
    bootstrap's output is kept in `stack.runtime.logs` and written to <tmp>/bootstrap.log."""
    logs = tmp_path_factory.mktemp("stack")
    bootstrap_log = open(logs / "bootstrap.log", "w", encoding="utf-8")
    moto_log = open(logs / "moto.log", "wb")
    local = LocalStack(
        bootstrap_path,
        api_port=0,
        log_level="DEBUG",
        bootstrap_log=bootstrap_log,
        moto_log=moto_log,
        api_log=lambda line: None,
        concurrency=SESSION_CONCURRENCY,
    )
    try:
        local.start()
        # What a machine client does: client credentials at the issuer's token endpoint, over HTTP.
        api.token = client_credentials_token(local.issuer.token_url, local.issuer.client_id, local.issuer.client_secret)
    except Exception as error:  # noqa: BLE001
        local.stop()
        pytest.fail(f"the local stack did not start: {error}")
    yield local
    local.stop()
    bootstrap_log.close()
    moto_log.close()


@pytest.fixture(scope="session")
def issuer(stack):
    """The stack's local token issuer (tools/local/issuer.py): `issuer.mint(scope=...)`, `issuer.token_url`."""
    return stack.issuer


@pytest.fixture(scope="session")
def write_token(stack) -> str:
    """The session's products/read + products/write access token (also what `authorized.api` sends)."""
    return api.token


@pytest.fixture(scope="session")
def api_url(stack) -> str:
    """Base URL of the local API Gateway, e.g. http://127.0.0.1:41234 (no stage prefix, like sam local)."""
    return stack.api_url


@pytest.fixture(scope="session")
def proxy_api_url(stack) -> str:
    """A second local API in front of the shared runtime with one greedy `/{proxy+}` ANY resource, so every
    request reaches the function (the template's API answers undefined routes with 403 itself, as AWS does)."""
    api = LocalAPI(stack.runtime.invoke, port=0, routes=[("/{proxy+}", "ANY")], log=lambda line: None).start()
    yield api.url
    api.stop()


@pytest.fixture(scope="session")
def rest_event():
    """Builds the API Gateway REST proxy event the local API would send for a request:
    `rest_event("GET", "/health?x=1", headers={"Origin": "https://a"}, body=b"...")` (resource `/{proxy+}`)."""
    builder = EventBuilder([("/{proxy+}", "ANY")])

    def build(method: str, target: str, headers: dict[str, str] | None = None, body: bytes | str = b"") -> dict:
        body = body.encode() if isinstance(body, str) else body
        return builder.build(method, target, list((headers or {}).items()), body, "127.0.0.1", 3000)

    return build


@pytest.fixture(scope="session")
def runtime(stack) -> RuntimeAPI:
    """The shared Runtime API: `runtime.invoke(event)` → InvocationResult; `runtime.process_id`."""
    return stack.runtime


@pytest.fixture(scope="session")
def bootstrap_logs(stack) -> LogBook:
    """Every line the shared bootstrap wrote: `.lines(pid=..., stream="stdout", since=mark)`, `.mark()`."""
    return stack.runtime.logs


@pytest.fixture(scope="session")
def moto_endpoint(stack) -> str:
    return stack.moto_endpoint


@pytest.fixture(scope="session")
def table_name(stack) -> str:
    return stack.table_name


@pytest.fixture(scope="session")
def dynamodb_client(stack):
    """A boto3 DynamoDB client on moto (test credentials, us-east-1)."""
    return dynamodb.client(stack.moto_endpoint)


@pytest.fixture
def new_runtime(stack):
    """Factory for a separate Runtime API + bootstrap (fresh process, cold start), wired to the shared table:
    `new_runtime(environment={"AWS_REGION": None}, launch=True, timeout_seconds=...)`; a None value removes a
    variable. Stopped after the test."""
    started: list[RuntimeAPI] = []

    def start(environment: dict[str, str | None] | None = None, launch: bool = True, **options) -> RuntimeAPI:
        runtime = stack.new_runtime(environment, launch=launch, **options)
        started.append(runtime)
        return runtime

    yield start
    for runtime in started:
        runtime.stop()


@pytest.fixture
def new_api(stack):
    """Factory for a separate local API in front of a given runtime: `new_api(runtime).url`. Stopped after."""
    started: list[LocalAPI] = []

    def start(runtime: RuntimeAPI, **options) -> LocalAPI:
        api = LocalAPI(runtime.invoke, port=0, routes=stack.function.routes, log=lambda line: None, **options).start()
        started.append(api)
        return api

    yield start
    for api in started:
        api.stop()


@pytest.fixture
def standin_bootstrap(tmp_path) -> str:
    """An executable `bootstrap` that runs standin_bootstrap.py (to test the emulator without the Swift binary)."""
    path = tmp_path / "bootstrap"
    path.write_text(f"#!/bin/sh\nexec {sys.executable} {STANDIN}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


@pytest.fixture
def standin_runtime(standin_bootstrap):
    """Factory for a Runtime API running the stand-in: `standin_runtime(environment=..., timeout_seconds=...)`."""
    started: list[RuntimeAPI] = []

    def start(launch: bool = True, **options) -> RuntimeAPI:
        runtime = RuntimeAPI(standin_bootstrap, **options).start(launch=launch)
        started.append(runtime)
        return runtime

    yield start
    for runtime in started:
        runtime.stop()


@pytest.fixture
def dynamodb_proxy(stack):
    """A fault-injecting proxy (tools/resilience/faultproxy.py) in front of the session's real moto:
    `dynamodb_proxy.inject("throttle")`, `.clear()`, `.counts()`, `.endpoint`. Stopped after the test."""
    from tools.resilience.faultproxy import FaultProxy

    proxy = FaultProxy(("127.0.0.1", stack.moto.port)).start()
    yield proxy
    proxy.stop()


@pytest.fixture
def faulty_runtime(new_runtime, dynamodb_proxy):
    """Factory: a fresh bootstrap (its own circuit breaker) whose DynamoDB is `dynamodb_proxy`:
    `faulty_runtime(timeout_seconds=3)`."""

    def start(environment: dict[str, str | None] | None = None, **options) -> RuntimeAPI:
        return new_runtime(environment={"AWS_ENDPOINT_URL_DYNAMODB": dynamodb_proxy.endpoint, **(environment or {})}, **options)

    return start


# Modules that test authentication itself send exactly the credentials they mean to (none included).
# So do the hostile inputs: they run their own AUTH_MODE=none function and send exactly the bytes they mean to.
# And the contract test: schemathesis gives its token itself and checks that a write without one is refused.
_SENDS_ITS_OWN_CREDENTIALS = {"test_auth", "test_hostile_inputs", "test_openapi_contract"}
_WRITES = {"POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture(autouse=True)
def writes_carry_a_token(request, monkeypatch):
    """The e2e stack runs AUTH_MODE=jwt, as deployed. A test written as an API client gets what a real client
    sends: its writes (through `requests` or as events handed to a Runtime API) carry the session's bearer
    token unless they already name an Authorization header. Reads stay anonymous (they are public)."""
    if request.module.__name__.rsplit(".", 1)[-1] in _SENDS_ITS_OWN_CREDENTIALS:
        return
    import requests

    original_request = requests.Session.request

    def request_with_token(self, method, url, *args, **kwargs):
        headers = dict(kwargs.pop("headers", None) or {})
        if api.token and str(method).upper() in _WRITES and not any(name.lower() == "authorization" for name in headers):
            headers["Authorization"] = f"Bearer {api.token}"
        return original_request(self, method, url, *args, headers=headers, **kwargs)

    monkeypatch.setattr(requests.Session, "request", request_with_token)

    original_invoke = RuntimeAPI.invoke

    def invoke_with_token(self, event, *args, **kwargs):
        document = event
        if isinstance(event, (bytes, str)):
            try:
                document = json.loads(event)
            except ValueError:
                return original_invoke(self, event, *args, **kwargs)
        method = ""
        if isinstance(document, dict):
            context = document.get("requestContext")
            http = context.get("http") if isinstance(context, dict) else None
            method = str(document.get("httpMethod") or (http.get("method") if isinstance(http, dict) else "") or "")
        if api.token and method.upper() in _WRITES:
            from tools.local.issuer import add_bearer

            return original_invoke(self, add_bearer(document, api.token), *args, **kwargs)
        return original_invoke(self, event, *args, **kwargs)

    monkeypatch.setattr(RuntimeAPI, "invoke", invoke_with_token)

"""Bearer tokens verified in the function, end to end: tokens minted by PyJWT (an independent implementation)
with keys served from a real HTTP JWKS endpoint (tools/local/issuer.py), checked by the real bootstrap.

Most tests run their own bootstrap against their own issuer, so keys can be rotated or taken away. The
`guarded` runtime's DynamoDB endpoint is a closed port: a refused request answering 401/403 there (and not
503) shows it never reached DynamoDB."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid

import emf_spec
import jwt
import pytest
import requests
from cryptography.hazmat.primitives import serialization

from tools.local.dynamodb import free_port
from tools.local.issuer import LocalIssuer

PRODUCT = {"name": "Desk lamp", "price": 19.99, "category": "lighting"}


@pytest.fixture
def issuer():
    with LocalIssuer() as local:
        yield local


@pytest.fixture
def start(new_runtime, issuer):
    """A bootstrap verifying `issuer`'s tokens; `environment` adds or overrides variables."""
    def run(environment: dict | None = None, **options):
        return new_runtime(environment={**issuer.function_environment(), **(environment or {})}, **options)
    return run


@pytest.fixture
def working(start):
    return start()


@pytest.fixture
def guarded(start):
    return start({"AWS_ENDPOINT_URL_DYNAMODB": f"http://127.0.0.1:{free_port()}"})


def call(runtime, rest_event, method: str, path: str, token: str | None = None, body: dict | None = None,
         headers: dict | None = None) -> tuple[int, dict, dict | None]:
    sent = {"Content-Type": "application/json", **(headers or {})}
    if token is not None:
        sent["Authorization"] = f"Bearer {token}"
    result = runtime.invoke(rest_event(method, path, headers=sent, body=json.dumps(body) if body is not None else b""))
    assert not result.is_error, result.payload
    response = result.json()
    response_headers = {name.lower(): value for name, value in (response.get("headers") or {}).items()}
    return response["statusCode"], response_headers, json.loads(response["body"]) if response.get("body") else None


def segment(value: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()


def hs256_with_the_public_key(issuer: LocalIssuer) -> str:
    """The classic confusion attack: HMAC keyed with the RSA public key's PEM text."""
    key = issuer.current_key
    pem = key.private.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    signing_input = segment({"alg": "HS256", "typ": "JWT", "kid": key.kid}) + "." + segment(issuer.claims())
    signature = base64.urlsafe_b64encode(hmac.new(pem, signing_input.encode(), hashlib.sha256).digest()).rstrip(b"=").decode()
    return signing_input + "." + signature


def tampered_payload(issuer: LocalIssuer) -> str:
    header, _, signature = issuer.mint(scope="products/read").split(".")
    return ".".join([header, segment(issuer.claims(scope="products/write")), signature])


def tampered_header(issuer: LocalIssuer) -> str:
    _, payload, signature = issuer.mint().split(".")
    return ".".join([segment({"alg": "RS256", "kid": issuer.current_key.kid, "typ": "JWT"}), payload, signature])


BAD_TOKENS = {
    "expired": lambda issuer: issuer.mint(exp=int(time.time()) - 120),
    "not-yet-valid": lambda issuer: issuer.mint(nbf=int(time.time()) + 600),
    "wrong-issuer": lambda issuer: issuer.mint(iss="https://cognito-idp.us-east-1.amazonaws.com/us-east-1_other"),
    "wrong-audience": lambda issuer: issuer.mint(aud="another-api"),
    "wrong-client-id": lambda issuer: issuer.mint(client_id="another-client"),
    "id-token": lambda issuer: issuer.mint(token_use="id", aud=issuer.client_id),
    "alg-none": lambda issuer: jwt.encode(issuer.claims(), None, algorithm="none", headers={"kid": issuer.current_key.kid}),
    "hs256-with-the-public-key": hs256_with_the_public_key,
    "tampered-payload": tampered_payload,
    "tampered-header": tampered_header,
    "unknown-kid": lambda issuer: issuer.mint(key=LocalIssuer().current_key),
    "no-kid": lambda issuer: jwt.encode(issuer.claims(), issuer.current_key.private, algorithm="RS256"),
    "malformed-base64": lambda issuer: "eyJhbGciOiJSUzI1NiJ9!.e30.c2ln",
    "padded-base64": lambda issuer: issuer.mint().replace(".", "=.", 1),
    "two-segments": lambda issuer: ".".join(issuer.mint().split(".")[:2]),
    "four-segments": lambda issuer: issuer.mint() + ".AAAA",
    "huge": lambda issuer: issuer.mint(padding="x" * 9000),
}


@pytest.mark.parametrize("kind", sorted(BAD_TOKENS))
def test_a_bad_token_is_401_invalid_token_and_never_reaches_dynamodb(guarded, issuer, rest_event, kind):
    status, headers, body = call(guarded, rest_event, "POST", "/products", BAD_TOKENS[kind](issuer), PRODUCT)
    assert status == 401, (kind, body)
    assert body["error"]["code"] == "InvalidToken"
    challenge = headers["www-authenticate"]
    assert challenge.startswith('Bearer realm="products"') and 'error="invalid_token"' in challenge
    assert 'error_description="' in challenge


def test_the_description_says_what_is_wrong(guarded, issuer, rest_event):
    cases = {"expired": "expired", "wrong-issuer": "another issuer", "wrong-audience": "another audience",
             "tampered-payload": "signature", "unknown-kid": "unknown key", "id-token": "access token"}
    for kind, words in cases.items():
        _, headers, body = call(guarded, rest_event, "POST", "/products", BAD_TOKENS[kind](issuer), PRODUCT)
        assert words in body["error"]["message"] and words in headers["www-authenticate"], (kind, body)


@pytest.mark.parametrize("authorization", [None, "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Token abc"])
def test_no_or_malformed_credentials_are_401_with_the_bare_challenge(guarded, rest_event, authorization):
    headers = {} if authorization is None else {"Authorization": authorization}
    for method, path in [("POST", "/products"), ("PUT", f"/products/{uuid.uuid4()}"), ("PATCH", f"/products/{uuid.uuid4()}"),
                         ("DELETE", f"/products/{uuid.uuid4()}")]:
        status, response_headers, body = call(guarded, rest_event, method, path, body=PRODUCT, headers=headers)
        assert status == 401, (method, body)
        assert response_headers["www-authenticate"] == 'Bearer realm="products"'
        assert body["error"]["code"] == "Unauthorized"


def test_a_token_without_the_write_scope_is_403_insufficient_scope(guarded, issuer, rest_event):
    status, headers, body = call(guarded, rest_event, "POST", "/products", issuer.mint(scope="products/read"), PRODUCT)
    assert status == 403, body
    assert body["error"]["code"] == "InsufficientScope"
    assert headers["www-authenticate"] == 'Bearer realm="products", error="insufficient_scope", scope="products/write"'


def test_a_valid_token_does_reach_dynamodb(guarded, issuer, rest_event):
    """The control for the tests above: the same runtime, a good token, and DynamoDB's absence shows."""
    status, _, body = call(guarded, rest_event, "POST", "/products", issuer.mint(), PRODUCT)
    assert status >= 500, body


@pytest.mark.parametrize("algorithm", ["RS256", "ES256"])
def test_valid_tokens_write_and_products_record_who(start, issuer, rest_event, algorithm):
    key = issuer.add_key(algorithm)
    runtime = start()
    status, _, created = call(runtime, rest_event, "POST", "/products", issuer.mint(key=key, sub="user-1"), PRODUCT)
    assert status == 201, created
    assert created["createdBy"] == "user-1" and created["updatedBy"] == "user-1"
    path = f"/products/{created['productId']}"
    status, _, patched = call(runtime, rest_event, "PATCH", path, issuer.mint(key=key, sub="user-2"), {"price": 21},
                              headers={"If-Match": '"1"'})
    assert status == 200, patched
    assert patched["createdBy"] == "user-1" and patched["updatedBy"] == "user-2"
    status, _, got = call(runtime, rest_event, "GET", path)
    assert status == 200 and got["updatedBy"] == "user-2"
    status, _, _ = call(runtime, rest_event, "DELETE", path, issuer.mint(key=key))
    assert status == 204


def test_a_machine_token_without_sub_is_recorded_as_its_client(working, issuer, rest_event):
    status, _, created = call(working, rest_event, "POST", "/products", issuer.mint(sub=None), PRODUCT)
    assert status == 201, created
    assert created["createdBy"] == issuer.client_id


def test_reads_are_public_and_fetch_no_keys(working, issuer, rest_event):
    assert call(working, rest_event, "GET", "/products")[0] == 200
    assert call(working, rest_event, "GET", f"/products/{uuid.uuid4()}")[0] == 404
    assert call(working, rest_event, "GET", "/health")[0] == 200
    assert call(working, rest_event, "OPTIONS", "/products", headers={"Origin": "https://a.example"})[0] == 204
    assert issuer.jwks_requests == 0, "keys are fetched on first need, never at init or for public routes"
    assert call(working, rest_event, "POST", "/products", issuer.mint(), PRODUCT)[0] == 201
    assert issuer.jwks_requests == 1


def test_a_read_scope_makes_reads_need_a_token(start, issuer, rest_event):
    runtime = start({"AUTH_READ_SCOPE": "products/read"})
    status, headers, _ = call(runtime, rest_event, "GET", "/products")
    assert status == 401 and headers["www-authenticate"] == 'Bearer realm="products"'
    assert call(runtime, rest_event, "GET", "/products", issuer.mint(scope="products/read"))[0] == 200
    assert call(runtime, rest_event, "GET", "/products", issuer.mint(scope="products/write"))[0] == 200
    status, headers, _ = call(runtime, rest_event, "GET", "/products", issuer.mint(scope="profile"))
    assert status == 403 and 'scope="products/read"' in headers["www-authenticate"]
    # Health and preflights stay public.
    assert call(runtime, rest_event, "GET", "/health")[0] == 200
    assert call(runtime, rest_event, "OPTIONS", "/products", headers={"Origin": "https://a.example"})[0] == 204


def test_the_write_group_grants_writes_without_the_scope(start, issuer, rest_event):
    runtime = start({"AUTH_WRITE_GROUP": "catalogue-editors"})
    token = issuer.mint(scope=None, **{"cognito:groups": ["catalogue-editors"]})
    assert call(runtime, rest_event, "POST", "/products", token, PRODUCT)[0] == 201
    other = issuer.mint(scope=None, **{"cognito:groups": ["viewers"]})
    assert call(runtime, rest_event, "POST", "/products", other, PRODUCT)[0] == 403


def wait_for_status(send, expected: int, timeout: float = 15.0) -> int:
    """Keys refresh at most once per AUTH_JWKS_REFRESH_SECONDS: retry, with a bound, until the refresh is due."""
    deadline = time.monotonic() + timeout
    while True:
        status = send()
        if status == expected or time.monotonic() > deadline:
            return status
        time.sleep(0.25)


def test_rotated_keys_are_picked_up_and_removed_ones_refused_without_a_restart(start, issuer, rest_event):
    runtime = start({"AUTH_JWKS_REFRESH_SECONDS": "1"})
    old = issuer.current_key
    assert call(runtime, rest_event, "POST", "/products", issuer.mint(), PRODUCT)[0] == 201
    new = issuer.add_key("RS256")
    issuer.remove_key(old.kid)
    status = wait_for_status(lambda: call(runtime, rest_event, "POST", "/products", issuer.mint(key=new), PRODUCT)[0], 201)
    assert status == 201
    status, _, body = call(runtime, rest_event, "POST", "/products", issuer.mint(key=old), PRODUCT)
    assert status == 401 and "unknown key" in body["error"]["message"]
    assert runtime.process_id is not None and runtime.wait_for_exit(0.1) is None, "served by the same process"


def test_forged_kids_cannot_make_the_function_hammer_the_issuer(working, issuer, rest_event):
    started = time.monotonic()
    assert call(working, rest_event, "POST", "/products", issuer.mint(), PRODUCT)[0] == 201
    forger = LocalIssuer()
    for _ in range(20):
        forged = forger.add_key()
        assert call(working, rest_event, "POST", "/products", issuer.mint(key=forged), PRODUCT)[0] == 401
    # The default refresh interval is 10 s: the first fetch, and at most one more per 10 s since.
    assert 1 <= issuer.jwks_requests <= 1 + int((time.monotonic() - started) // 10)


def test_a_key_published_after_a_forged_kid_verifies_after_one_refresh_interval(start, issuer, rest_event):
    runtime = start({"AUTH_JWKS_REFRESH_SECONDS": "2"})
    assert call(runtime, rest_event, "POST", "/products", issuer.mint(), PRODUCT)[0] == 201
    forged = LocalIssuer().add_key()
    # Forged kids until one is due to refresh the keys (one fetch per 2 s, however many arrive).
    deadline = time.monotonic() + 15
    while issuer.jwks_requests < 2 and time.monotonic() < deadline:
        assert call(runtime, rest_event, "POST", "/products", issuer.mint(key=forged), PRODUCT)[0] == 401
        time.sleep(0.1)
    assert issuer.jwks_requests == 2
    # The issuer publishes a key just after that refresh: refused until the next one is due, then accepted.
    new = issuer.add_key("ES256")
    status = wait_for_status(lambda: call(runtime, rest_event, "POST", "/products", issuer.mint(key=new), PRODUCT)[0], 201)
    assert status == 201
    # Polling every 0.25 s in between made no extra fetch.
    assert issuer.jwks_requests == 3


def test_an_issuer_throttle_is_a_throttle_answered_with_503_and_retry_after(start, issuer, rest_event):
    runtime = start({"AUTH_JWKS_REFRESH_SECONDS": "1"})
    issuer.jwks_status = 429
    mark = runtime.logs.mark()
    result = runtime.invoke(rest_event("POST", "/products", headers={"Content-Type": "application/json", "Authorization": f"Bearer {issuer.mint()}"},
                                       body=json.dumps(PRODUCT)))
    response = result.json()
    headers = {name.lower(): value for name, value in response["headers"].items()}
    assert response["statusCode"] == 503 and int(headers["retry-after"]) >= 1
    assert json.loads(response["body"])["error"]["code"] == "ServiceUnavailable"
    # Counted as a throttle, not a fault: JWKSThrottles, and a warning that says so.
    line = runtime.logs.wait_for(lambda line: result.request_id in line.text and "_aws" in line.text, timeout=5, since=mark)
    assert line is not None
    document = emf_spec.validate(line.text)
    assert document["JWKSThrottles"] == 1 and document["JWKSFaults"] == 0
    warning = runtime.logs.wait_for(lambda line: "token issuer throttled the key fetch" in line.text, timeout=5, since=mark)
    assert warning is not None
    entry = json.loads(warning.text)
    assert entry["level"] == "WARN" and "HTTP 429" in entry["error"]
    assert not any("token signing keys unavailable" in line.text for line in runtime.logs.lines())
    issuer.jwks_status = 200
    assert wait_for_status(lambda: call(runtime, rest_event, "POST", "/products", issuer.mint(), PRODUCT)[0], 201) == 201


def test_keys_that_cannot_be_fetched_fail_closed_with_503_and_retry_after(start, issuer, rest_event, dynamodb_client, table_name):
    runtime = start({"AUTH_JWKS_REFRESH_SECONDS": "1"})
    issuer.available = False
    name = f"never-written-{uuid.uuid4().hex}"
    status, headers, body = call(runtime, rest_event, "POST", "/products", issuer.mint(), {**PRODUCT, "name": name})
    assert status == 503, body
    assert int(headers["retry-after"]) >= 1
    assert body["error"]["code"] == "ServiceUnavailable"
    items = dynamodb_client.scan(TableName=table_name, FilterExpression="#n = :n", ExpressionAttributeNames={"#n": "name"},
                                 ExpressionAttributeValues={":n": {"S": name}})["Items"]
    assert items == []
    issuer.available = True
    assert wait_for_status(lambda: call(runtime, rest_event, "POST", "/products", issuer.mint(), PRODUCT)[0], 201) == 201


def test_the_access_log_names_the_caller_and_never_the_token(working, issuer, rest_event):
    mark = working.logs.mark()
    token = issuer.mint(sub="audited-caller")
    assert call(working, rest_event, "POST", "/products", token, PRODUCT)[0] == 201
    line = working.logs.wait_for(lambda line: '"message":"request"' in line.text.replace(" ", ""), timeout=5, since=mark)
    assert line is not None
    entry = json.loads(line.text)
    assert entry["caller"] == "audited-caller" and entry["status"] == 201
    assert all(token not in logged.text and token.split(".")[2] not in logged.text for logged in working.logs.lines())


def test_auth_mode_none_serves_writes_and_warns_at_every_cold_start(new_runtime, rest_event):
    runtime = new_runtime(environment={"AUTH_MODE": "none", "AUTH_ISSUER": None, "AUTH_AUDIENCE": None})
    status, _, created = call(runtime, rest_event, "POST", "/products", body=PRODUCT)
    assert status == 201 and "createdBy" not in created
    warning = runtime.logs.wait_for(lambda line: '"WARN"' in line.text and "AUTH_MODE=none" in line.text, timeout=5)
    assert warning is not None


@pytest.mark.parametrize(
    "environment, variable",
    [
        ({"AUTH_ISSUER": None}, "AUTH_ISSUER"),
        ({"AUTH_AUDIENCE": None}, "AUTH_AUDIENCE"),
        ({"AUTH_ISSUER": "http://issuer.example"}, "AUTH_ISSUER"),
        ({"AUTH_MODE": "off"}, "AUTH_MODE"),
        ({"AUTH_JWKS_URL": "ftp://127.0.0.1/keys"}, "AUTH_JWKS_URL"),
    ],
)
def test_a_missing_or_malformed_setting_is_an_init_error_naming_it(start, environment, variable):
    runtime = start(environment)
    assert runtime.wait_for_exit(30) not in (None, 0)
    assert runtime.init_error is not None and variable in runtime.init_error.error_message


def test_over_http_the_challenge_is_exposed_to_browsers(api_url):
    response = requests.post(f"{api_url}/products", json=PRODUCT, headers={"Origin": "https://shop.example"}, timeout=30)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="products"'
    exposed = [name.strip().lower() for name in response.headers["Access-Control-Expose-Headers"].split(",")]
    assert "www-authenticate" in exposed


def test_the_local_issuer_token_endpoint_speaks_client_credentials(issuer):
    form = {"grant_type": "client_credentials", "scope": "products/write"}
    response = requests.post(issuer.token_url, data=form, auth=(issuer.client_id, issuer.client_secret), timeout=10)
    assert response.status_code == 200 and response.json()["token_type"] == "Bearer"
    claims = jwt.decode(response.json()["access_token"], options={"verify_signature": False})
    assert claims["scope"] == "products/write" and claims["client_id"] == issuer.client_id
    assert requests.post(issuer.token_url, data=form, auth=(issuer.client_id, "wrong"), timeout=10).status_code == 401
    assert requests.post(issuer.token_url, data={**form, "scope": "admin"}, auth=(issuer.client_id, issuer.client_secret),
                         timeout=10).status_code == 400


def test_make_run_and_make_token_give_a_working_write_token(bootstrap_path, tmp_path):
    """`make run` in one terminal, `TOKEN=$(make -s token)` in another, then a write with it."""
    import os
    import subprocess
    import sys

    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    environment = {**os.environ, "LOCAL_ISSUER_STATE": str(tmp_path / "issuer.json")}
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "tools.local.run", "--bootstrap", bootstrap_path, "--port", str(port)],
                               cwd=root, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        banner = ""
        deadline = time.monotonic() + 60
        while "Ctrl-C" not in banner and time.monotonic() < deadline:
            line = process.stderr.readline()
            if not line:
                break
            banner += line
        assert "token issuer" in banner, banner
        token = subprocess.run([sys.executable, "-m", "tools.local.token"], cwd=root, env=environment, capture_output=True, text=True,
                               timeout=30)
        assert token.returncode == 0, token.stderr
        url = f"http://127.0.0.1:{port}/products"
        assert requests.post(url, json=PRODUCT, timeout=30).status_code == 401
        response = requests.post(url, json=PRODUCT, headers={"Authorization": f"Bearer {token.stdout.strip()}"}, timeout=30)
        assert response.status_code == 201, response.text
        read_only = subprocess.run([sys.executable, "-m", "tools.local.token", "--scope", "products/read"], cwd=root, env=environment,
                                   capture_output=True, text=True, timeout=30).stdout.strip()
        assert requests.post(url, json=PRODUCT, headers={"Authorization": f"Bearer {read_only}"}, timeout=30).status_code == 403
    finally:
        process.terminate()
        assert process.wait(timeout=30) == 0
    assert not os.path.exists(tmp_path / "issuer.json"), "make run removes the issuer's credentials when it stops"

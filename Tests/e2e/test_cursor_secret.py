"""The pagination cursor key from Secrets Manager (CURSOR_SECRET_ARN), as the template deploys it: the local stack
keeps it in moto's Secrets Manager; the function reads it on the first request that needs it."""

from __future__ import annotations

import json
import uuid

from tools.local import dynamodb

PRODUCT = {"name": "Shelf", "price": 5, "category": None}


def invoke(runtime, rest_event, method, path, token=None, body=None):
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    result = runtime.invoke(rest_event(method, path, headers=headers, body=json.dumps(body) if body else b""))
    response = result.json()
    return response["statusCode"], {k.lower(): v for k, v in (response.get("headers") or {}).items()}, json.loads(response["body"] or "null")


def fill(runtime, rest_event, token, count=3) -> str:
    category = f"shelves-{uuid.uuid4().hex[:10]}"
    for _ in range(count):
        assert invoke(runtime, rest_event, "POST", "/products", token, {**PRODUCT, "category": category})[0] == 201
    return category


def test_the_stack_configures_the_function_like_the_template(stack):
    environment = stack.function_environment()
    assert environment["CURSOR_SECRET_ARN"].startswith("arn:aws:secretsmanager:")
    assert environment["AWS_ENDPOINT_URL_SECRETS_MANAGER"] == stack.moto_endpoint


def test_cursors_are_keyed_by_the_secret(new_runtime, rest_event, write_token, moto_endpoint):
    first = new_runtime()
    category = fill(first, rest_event, write_token)
    status, _, page = invoke(first, rest_event, "GET", f"/products?category={category}&limit=1")
    assert status == 200 and page["nextCursor"]
    cursor = page["nextCursor"]
    # Another process reading the same secret accepts the cursor...
    same = new_runtime()
    status, _, next_page = invoke(same, rest_event, "GET", f"/products?category={category}&limit=1&cursor={cursor}")
    assert status == 200 and next_page["count"] == 1, next_page
    # ...one keyed by another secret does not.
    other = new_runtime(environment={"CURSOR_SECRET_ARN": dynamodb.create_cursor_secret(moto_endpoint, f"other-{uuid.uuid4().hex}")})
    status, _, error = invoke(other, rest_event, "GET", f"/products?category={category}&limit=1&cursor={cursor}")
    assert status == 400 and error["error"]["code"] == "InvalidCursor"


def test_a_cursor_key_that_cannot_be_read_is_503_and_only_when_needed(new_runtime, rest_event, write_token):
    missing = "arn:aws:secretsmanager:us-east-1:123456789012:secret:no-such-secret-AbCdEf"
    runtime = new_runtime(environment={"CURSOR_SECRET_ARN": missing})
    category = fill(runtime, rest_event, write_token, count=2)
    # One page holds everything: no cursor to make, no key needed.
    assert invoke(runtime, rest_event, "GET", f"/products?category={category}&limit=10")[0] == 200
    mark = runtime.logs.mark()
    status, headers, body = invoke(runtime, rest_event, "GET", f"/products?category={category}&limit=1")
    assert status == 503 and int(headers["retry-after"]) >= 1, body
    assert "no-such-secret" not in json.dumps(body)
    logged = runtime.logs.wait_for(lambda line: "GetSecretValue" in line.text, timeout=5, since=mark)
    assert logged is not None and "ResourceNotFoundException" in logged.text

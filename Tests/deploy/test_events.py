"""Every sample event through the real bootstrap, checked against the status it must produce.

`make invoke EVENT=...` starts a fresh local stack (empty table) per event, so the events that name a
product see no product: 404 is their documented status there. The lifecycle test then runs the same
event files against one stack, with the id of a product the test created, for their success and
conflict statuses: GET 200, PUT 200, the stale PUT 409, PATCH 200, DELETE 204.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from deploy_support import PACKAGE_ROOT, event_names, load_event
from tools.local.stack import DEFAULT_BOOTSTRAP, LocalStack

# The binary under test: `$BOOTSTRAP` (as for the e2e tests), else .build/release/bootstrap.
BOOTSTRAP = os.path.abspath(os.environ.get("BOOTSTRAP") or DEFAULT_BOOTSTRAP)

# Status each event gets from `make invoke` (a fresh stack with an empty table).
EXPECTED_ON_EMPTY_TABLE = {
    "health.json": 200,
    "health-http-api-v2.json": 200,
    "health-alb.json": 200,
    "create-product.json": 201,
    "create-product-invalid.json": 400,
    "malformed-body.json": 400,
    "list-products.json": 200,
    "list-by-category.json": 200,
    "get-product.json": 404,
    "get-product-not-found.json": 404,
    "update-product.json": 404,
    "patch-product.json": 404,
    "update-product-stale-version.json": 404,
    "delete-product.json": 404,
    "unknown-route.json": 404,
    "method-not-allowed.json": 405,
    "preflight-products.json": 204,
}


def make_invoke(event_file: str) -> dict:
    result = subprocess.run(["make", "-s", "--no-print-directory", "invoke", f"EVENT={event_file}", f"BOOTSTRAP={BOOTSTRAP}"],
                            cwd=PACKAGE_ROOT, capture_output=True, text=True, timeout=300)
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert result.returncode == 0 and lines, f"make invoke failed ({result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    # The response is the last line; the build's progress may come before it.
    return json.loads(lines[-1])


def test_every_event_has_an_expected_status():
    assert set(event_names()) == set(EXPECTED_ON_EMPTY_TABLE)


@pytest.mark.parametrize("name", sorted(EXPECTED_ON_EMPTY_TABLE))
def test_event_through_make_invoke(name):
    response = make_invoke(f"events/{name}")
    assert response.get("statusCode") == EXPECTED_ON_EMPTY_TABLE[name], response


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    logs = tmp_path_factory.mktemp("events")
    with open(logs / "bootstrap.log", "w", encoding="utf-8") as bootstrap_log, open(logs / "moto.log", "wb") as moto_log:
        with LocalStack(BOOTSTRAP, api_port=None, bootstrap_log=bootstrap_log, moto_log=moto_log) as local:
            yield local


def run(stack, event: dict) -> dict:
    """As a client of the deployed API: writes carry a token from the stack's issuer."""
    result = stack.runtime.invoke(json.dumps(stack.with_token(event)))
    assert not result.is_error, f"{result.error_type}: {result.error_message}"
    return result.json()


def for_product(name: str, product_id: str) -> dict:
    """The event file, aimed at `product_id` instead of its sample id."""
    event = load_event(name)
    sample_id = event["pathParameters"]["id"]
    event["pathParameters"]["id"] = product_id
    event["path"] = event["path"].replace(sample_id, product_id)
    event["requestContext"]["path"] = event["requestContext"]["path"].replace(sample_id, product_id)
    return event


def create_product(stack) -> dict:
    response = run(stack, load_event("create-product.json"))
    assert response["statusCode"] == 201, response
    return json.loads(response["body"])


def test_product_events_on_an_existing_product(stack):
    product = create_product(stack)
    product_id = product["productId"]

    got = run(stack, for_product("get-product.json", product_id))
    assert got["statusCode"] == 200, got
    assert json.loads(got["body"])["productId"] == product_id

    replaced = run(stack, for_product("update-product.json", product_id))
    assert replaced["statusCode"] == 200, replaced
    assert json.loads(replaced["body"])["price"] == json.loads(load_event("update-product.json")["body"])["price"]

    # If-Match "1" again, now that the product is at version 2.
    stale = run(stack, for_product("update-product-stale-version.json", product_id))
    assert stale["statusCode"] == 409, stale

    deleted = run(stack, for_product("delete-product.json", product_id))
    assert deleted["statusCode"] == 204, deleted
    gone = run(stack, for_product("get-product.json", product_id))
    assert gone["statusCode"] == 404, gone


def test_patch_event_on_an_existing_product(stack):
    product_id = create_product(stack)["productId"]
    patched = run(stack, for_product("patch-product.json", product_id))
    assert patched["statusCode"] == 200, patched
    body = json.loads(patched["body"])
    assert body["inventoryCount"] == json.loads(load_event("patch-product.json")["body"])["inventoryCount"]
    assert body["name"] == json.loads(load_event("create-product.json")["body"])["name"]  # untouched fields stay


def test_list_by_category_finds_a_created_product(stack):
    product_id = create_product(stack)["productId"]
    listed = run(stack, load_event("list-by-category.json"))
    assert listed["statusCode"] == 200, listed
    body = json.loads(listed["body"])
    assert product_id in [item["productId"] for item in body["items"]]
    assert body["count"] == len(body["items"])

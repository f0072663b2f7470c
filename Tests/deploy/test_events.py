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

from deploy_support import PACKAGE_ROOT
from tools.local.sample_events import EXPECTED_ON_EMPTY_TABLE, LIFECYCLE, ON_EXISTING_PRODUCT, event_names, for_product, load_event
from tools.local.stack import DEFAULT_BOOTSTRAP, LocalStack

# The binary under test: `$BOOTSTRAP` (as for the e2e tests), else .build/release/bootstrap.
BOOTSTRAP = os.path.abspath(os.environ.get("BOOTSTRAP") or DEFAULT_BOOTSTRAP)


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


def create_product(stack) -> dict:
    response = run(stack, load_event("create-product.json"))
    assert response["statusCode"] == 201, response
    return json.loads(response["body"])


def test_product_events_on_an_existing_product(stack):
    product = create_product(stack)
    product_id = product["productId"]
    responses = {}
    for name, status in LIFECYCLE:
        response = run(stack, for_product(name, product_id))
        assert response["statusCode"] == status, (name, response)
        responses.setdefault(name, response)

    assert json.loads(responses["get-product.json"]["body"])["productId"] == product_id
    replaced = json.loads(responses["update-product.json"]["body"])
    assert replaced["price"] == json.loads(load_event("update-product.json")["body"])["price"]


def test_patch_event_on_an_existing_product(stack):
    product_id = create_product(stack)["productId"]
    patched = run(stack, for_product("patch-product.json", product_id))
    assert patched["statusCode"] == ON_EXISTING_PRODUCT["patch-product.json"], patched
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

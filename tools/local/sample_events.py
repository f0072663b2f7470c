"""The sample events in `events/` and the status each must produce: shared by every test that runs them
(Tests/deploy/test_events.py through `make invoke`, Tests/e2e/test_rie.py through AWS's RIE) and by tools.

A fresh stack has an empty table, so the events that name a product see none (404). Aimed at a product that
exists (`for_product`), they produce ON_EXISTING_PRODUCT, in the order of LIFECYCLE.
"""

from __future__ import annotations

import json
import os

from .template import PACKAGE_ROOT

EVENTS_DIR = os.path.join(PACKAGE_ROOT, "events")

# Status each event gets from a fresh stack (an empty table).
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

# create → get → update (If-Match "1") → the same update again, now stale → delete → get: the statuses of the
# event files aimed at the created product, in this order.
LIFECYCLE = (
    ("get-product.json", 200),
    ("update-product.json", 200),
    ("update-product-stale-version.json", 409),
    ("delete-product.json", 204),
    ("get-product.json", 404),
)
# A PATCH of a product that exists.
ON_EXISTING_PRODUCT = {"patch-product.json": 200, **dict(LIFECYCLE[:4])}


def load_event(name: str) -> dict:
    with open(os.path.join(EVENTS_DIR, name), encoding="utf-8") as handle:
        return json.load(handle)


def event_names() -> list[str]:
    return sorted(name for name in os.listdir(EVENTS_DIR) if name.endswith(".json"))


def for_product(name: str, product_id: str) -> dict:
    """The event file, aimed at `product_id` instead of its sample id."""
    event = load_event(name)
    sample_id = event["pathParameters"]["id"]
    event["pathParameters"]["id"] = product_id
    event["path"] = event["path"].replace(sample_id, product_id)
    event["requestContext"]["path"] = event["requestContext"]["path"].replace(sample_id, product_id)
    return event

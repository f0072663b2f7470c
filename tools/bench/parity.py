"""The comparator must be the same API: every event in events/ (and a few extra bad requests) goes through both
functions, each against its own freshly written product, and every status code (and error code) must match. A mismatch fails
the harness's section: a comparator that answers differently is not a fair one."""

from __future__ import annotations

import copy
import json
import os

from .functions import Function
from .workload import _aim, _set_header

# In this order: the product's lifecycle depends on it (PUT 200 → stale PUT 409 → PATCH with If-Match "2").
SEQUENCE = [
    "health", "health-http-api-v2", "create-product", "create-product-invalid", "malformed-body", "list-products",
    "list-by-category", "get-product", "get-product-not-found", "update-product", "update-product-stale-version",
    "patch-product", "unknown-route", "method-not-allowed", "preflight-products", "delete-product", "get-product",
]
_PRODUCT_EVENTS = {"get-product", "update-product", "update-product-stale-version", "patch-product", "delete-product"}


def _extra_cases(events_dir: str, product_id: str, key: str) -> dict[str, dict]:
    """Bad requests the event files do not cover: each rule's edge, as a client would get them wrong. `key`: an
    Idempotency-Key of this function's own (both share the table, and hash requests their own way)."""
    with open(os.path.join(events_dir, "create-product.json")) as source:
        create = json.load(source)
    body = json.loads(create["body"])
    cases = {}

    def variant(name, change=None, headers=None, raw=None):
        event = copy.deepcopy(create)
        if raw is not None:
            event["body"] = raw
        else:
            changed = dict(body)
            if change:
                change(changed)
            event["body"] = json.dumps(changed)
        for header, value in (headers or {}).items():
            _set_header(event, header, value)
        cases[name] = event

    variant("price with 3 decimals", lambda b: b.update(price=1.234))
    variant("negative price", lambda b: b.update(price=-1))
    variant("price as a string", lambda b: b.update(price="12.50"))
    variant("blank name", lambda b: b.update(name="   "))
    variant("201-character name", lambda b: b.update(name="x" * 201))
    variant("duplicate tags", lambda b: b.update(tags=["a", "a"]))
    variant("21 tags", lambda b: b.update(tags=[f"t{i}" for i in range(21)]))
    variant("read-only member", lambda b: b.update(version=3))
    variant("unknown member", lambda b: b.update(colour="red"))
    variant("missing category", lambda b: b.pop("category"))
    variant("fractional inventory", lambda b: b.update(inventoryCount=1.5))
    variant("array body", raw="[1]")
    variant("text/plain", headers={"Content-Type": "text/plain"})
    variant("idempotent create", headers={"Idempotency-Key": key})
    variant("retried idempotent create", headers={"Idempotency-Key": key})
    variant("same key, other body", lambda b: b.update(price=1), headers={"Idempotency-Key": key})
    with open(os.path.join(events_dir, "list-by-category.json")) as source:
        listing = json.load(source)
    for name, query in (("limit 0", {"limit": "0"}), ("limit 101", {"limit": "101"}), ("forged cursor", {"cursor": "AAAA"})):
        event = copy.deepcopy(listing)
        event["queryStringParameters"] = {**listing["queryStringParameters"], **query}
        event["multiValueQueryStringParameters"] = {key: [value] for key, value in event["queryStringParameters"].items()}
        cases[f"list, {name}"] = event
    with open(os.path.join(events_dir, "update-product.json")) as source:
        update = _aim(json.load(source), product_id)
    for name, value in (("If-Match *", "*"), ("If-Match list", '"1", "2"')):
        event = copy.deepcopy(update)
        _set_header(event, "If-Match", value)
        cases[f"update, {name}"] = event
    event = copy.deepcopy(update)
    del event["headers"]["If-Match"]
    event.get("multiValueHeaders", {}).pop("If-Match", None)
    cases["update without a version"] = event
    return cases


def statuses(function: Function, events_dir: str, product_id: str) -> dict[str, str]:
    """Status code of every case, in order, from one process of `function`."""
    answers = {}
    with function.runtime_api() as api:
        for index, name in enumerate(SEQUENCE):
            with open(os.path.join(events_dir, f"{name}.json")) as source:
                event = json.load(source)
            if name in _PRODUCT_EVENTS:
                event = _aim(event, product_id)
            answers[f"{index:02d} {name}"] = _status(api.invoke(json.dumps(event)))
        for name, event in _extra_cases(events_dir, product_id, f"bench-parity-{function.name}-{product_id}").items():
            answers[name] = _status(api.invoke(json.dumps(event)))
    return answers


def _status(result) -> str:
    """`201`, or for an error answer its status and code: `400 ValidationFailed`."""
    if result.is_error:
        return f"error {result.error_type}"
    response = result.json()
    status = str(response.get("statusCode"))
    try:
        error = json.loads(response.get("body") or "null")
    except ValueError:
        return status + " (body is not JSON)"
    if isinstance(error, dict) and isinstance(error.get("error"), dict):
        status += f" {error['error'].get('code')}"
    return status


def compare(swift: dict[str, str], python: dict[str, str]) -> dict:
    mismatches = {name: {"swift": swift.get(name), "python": python.get(name)} for name in swift if swift.get(name) != python.get(name)}
    if mismatches:
        raise RuntimeError(f"the comparator answers differently: {json.dumps(mismatches)}")
    return {"cases": len(swift), "statuses": swift}

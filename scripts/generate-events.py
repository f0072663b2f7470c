#!/usr/bin/env python3
"""Writes events/*.json: one sample event per route and per important error.

Each event starts from what `sam local generate-event` prints (so the shape is exactly SAM's), then gets
the route's method, resource, path, path and query parameters, headers and body. Bodies are plain text with
`isBase64Encoded: false`, as API Gateway delivers JSON (SAM's samples base64 every body). Run with the
repository's venv: `.venv/bin/python scripts/generate-events.py` (or `make events`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
EVENTS = os.path.join(ROOT, "events")
SAM = os.path.join(ROOT, ".venv", "bin", "sam")
STAGE = "Prod"  # the stage SAM creates for an AWS::Serverless::Api
# The id the product events carry. Tests that need the product to exist substitute a real one.
SAMPLE_PRODUCT_ID = "5b2c0f7e-8a41-4c1e-9d3a-2f6b7c8d9e01"
MISSING_PRODUCT_ID = "00000000-0000-4000-8000-000000000000"

NEW_PRODUCT = {
    "name": "Trail Running Shoe",
    "description": "Lightweight shoe with a rock plate for technical trails.",
    "price": 129.99,
    "category": "footwear",
    "inventoryCount": 42,
    "tags": ["running", "trail"],
}
REPLACEMENT = {**NEW_PRODUCT, "price": 119.99, "inventoryCount": 40, "tags": ["running", "trail", "sale"]}
PATCH = {"price": 99.5, "inventoryCount": 12}
INVALID_PRODUCT = {"description": "no name", "price": -5, "category": "footwear", "inventoryCount": 1.5}


def sam_event(*args: str) -> dict:
    output = subprocess.run(
        [SAM, "local", "generate-event", *args],
        check=True, capture_output=True, text=True, env={**os.environ, "SAM_CLI_TELEMETRY": "0"},
    ).stdout
    return json.loads(output)


def set_header(event: dict, name: str, value: str) -> None:
    """Sets a header in `headers` and, when the event has them, `multiValueHeaders`."""
    event["headers"][name] = value
    if "multiValueHeaders" in event:
        event["multiValueHeaders"][name] = [value]


def set_body(event: dict, body: dict | str | None) -> None:
    if body is None:
        event["body"] = None
    else:
        event["body"] = body if isinstance(body, str) else json.dumps(body, separators=(",", ":"))
    event["isBase64Encoded"] = False


def rest_event(method: str, resource: str, path: str, *, path_parameters: dict | None = None,
               query: dict | None = None, headers: dict | None = None, body: dict | str | None = None) -> dict:
    """An API Gateway REST API (payload 1.0) proxy event, from `sam local generate-event apigateway aws-proxy`."""
    event = sam_event("apigateway", "aws-proxy", "--method", method, "--resource", resource,
                      "--path", path.lstrip("/"), "--stage", STAGE)
    event["pathParameters"] = path_parameters
    event["queryStringParameters"] = query
    event["multiValueQueryStringParameters"] = {key: [value] for key, value in query.items()} if query else None
    event["stageVariables"] = None
    set_header(event, "Accept", "application/json")
    for name, value in (headers or {}).items():
        set_header(event, name, value)
    if body is not None:
        set_header(event, "Content-Type", "application/json")
    # SAM's sample disagrees with itself on Host; API Gateway's two views of the headers always agree.
    event["multiValueHeaders"] = {name: [value] for name, value in event["headers"].items()}
    set_body(event, body)
    return event


def product_event(method: str, product_id: str = SAMPLE_PRODUCT_ID, **kwargs) -> dict:
    return rest_event(method, "/products/{id}", f"/products/{product_id}", path_parameters={"id": product_id}, **kwargs)


def health_http_api_v2() -> dict:
    """API Gateway HTTP API (payload 2.0), from `sam local generate-event apigateway http-api-proxy`."""
    event = sam_event("apigateway", "http-api-proxy", "--method", "GET", "--path", "health")
    event["rawQueryString"] = ""
    event.pop("queryStringParameters", None)
    event.pop("pathParameters", None)
    event.pop("body", None)
    event["isBase64Encoded"] = False
    event["headers"] = {"accept": "application/json", "user-agent": "agent"}
    return event


def health_alb() -> dict:
    """Application Load Balancer target group request, from `sam local generate-event alb request`."""
    event = sam_event("alb", "request", "--method", "GET", "--path", "health")
    event["queryStringParameters"] = {}
    event["headers"]["accept"] = "application/json"
    event["body"] = ""
    event["isBase64Encoded"] = False
    return event


def all_events() -> dict[str, dict]:
    return {
        "health.json": rest_event("GET", "/health", "/health"),
        "create-product.json": rest_event("POST", "/products", "/products", body=NEW_PRODUCT),
        "get-product.json": product_event("GET"),
        "get-product-not-found.json": product_event("GET", MISSING_PRODUCT_ID),
        "list-products.json": rest_event("GET", "/products", "/products", query={"limit": "10"}),
        "list-by-category.json": rest_event("GET", "/products", "/products", query={"category": "footwear", "limit": "10"}),
        "update-product.json": product_event("PUT", headers={"If-Match": '"1"'}, body=REPLACEMENT),
        "patch-product.json": product_event("PATCH", headers={"If-Match": '"1"'}, body=PATCH),
        # Only a stale version once the product is at version 2 (after update-product.json): then 409.
        "update-product-stale-version.json": product_event("PUT", headers={"If-Match": '"1"'}, body=REPLACEMENT),
        "delete-product.json": product_event("DELETE"),
        "create-product-invalid.json": rest_event("POST", "/products", "/products", body=INVALID_PRODUCT),
        "malformed-body.json": rest_event("POST", "/products", "/products", body='{"name": "Broken", "price": 12.5'),
        "unknown-route.json": rest_event("GET", "/{proxy+}", "/no/such/route", path_parameters={"proxy": "no/such/route"}),
        "method-not-allowed.json": rest_event("DELETE", "/products", "/products"),
        "preflight-products.json": rest_event("OPTIONS", "/products", "/products", headers={
            "Origin": "https://example.com",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        }),
        "health-http-api-v2.json": health_http_api_v2(),
        "health-alb.json": health_alb(),
    }


def main() -> int:
    if not os.access(SAM, os.X_OK):
        print(f"{SAM} not found: run `make venv`", file=sys.stderr)
        return 1
    os.makedirs(EVENTS, exist_ok=True)
    for name, event in all_events().items():
        with open(os.path.join(EVENTS, name), "w", encoding="utf-8") as handle:
            json.dump(event, handle, indent=2)
            handle.write("\n")
        print(f"wrote events/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

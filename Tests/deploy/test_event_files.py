"""events/*.json: SAM's event shapes, on routes the template declares, with the bodies the routes expect.

The shapes are compared with what `sam local generate-event` prints now, so a drift in either shows up."""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest

from deploy_support import SAM_ENV, VENV_BIN, event_names, load_event

REST_EVENTS = [name for name in event_names() if not name.startswith("health-")]
PRODUCT_FIELDS = {"name", "description", "price", "category", "inventoryCount", "tags"}


def sam_sample(*args: str) -> dict:
    output = subprocess.run([os.path.join(VENV_BIN, "sam"), "local", "generate-event", *args],
                            check=True, capture_output=True, text=True, env=SAM_ENV).stdout
    return json.loads(output)


@pytest.fixture(scope="module")
def rest_sample() -> dict:
    return sam_sample("apigateway", "aws-proxy")


def declared_routes(function: dict) -> set[tuple[str, str]]:
    return {(event["Properties"]["Path"], event["Properties"]["Method"].upper()) for event in function["Properties"]["Events"].values()}


def test_every_required_event_exists():
    required = {
        "health.json", "create-product.json", "get-product.json", "list-products.json", "list-by-category.json",
        "update-product.json", "patch-product.json", "update-product-stale-version.json", "delete-product.json",
        "malformed-body.json", "unknown-route.json", "method-not-allowed.json", "health-http-api-v2.json",
        "health-alb.json",
    }
    assert required <= set(event_names())


@pytest.mark.parametrize("name", REST_EVENTS)
def test_rest_event_has_sams_shape(name, rest_sample):
    event = load_event(name)
    assert set(event) == set(rest_sample)
    assert set(event["requestContext"]) == set(rest_sample["requestContext"])
    assert set(event["requestContext"]["identity"]) == set(rest_sample["requestContext"]["identity"])
    context = event["requestContext"]
    assert context["httpMethod"] == event["httpMethod"]
    assert context["resourcePath"] == event["resource"]
    assert context["path"] == f"/{context['stage']}{event['path']}"
    # headers and multiValueHeaders say the same thing.
    assert {key: [value] for key, value in event["headers"].items()} == event["multiValueHeaders"]
    if event["queryStringParameters"] is not None:
        assert {key: [value] for key, value in event["queryStringParameters"].items()} == event["multiValueQueryStringParameters"]


@pytest.mark.parametrize("name", REST_EVENTS)
def test_rest_event_path_matches_its_resource(name):
    event = load_event(name)
    pattern = re.sub(r"\\\{(\w+)\\\+\\\}", r"(?P<\1>.+)", re.escape(event["resource"]))
    pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", pattern)
    match = re.fullmatch(pattern, event["path"])
    assert match, f"{event['path']} is not on {event['resource']}"
    assert (event["pathParameters"] or {}) == match.groupdict()


@pytest.mark.parametrize("name", [n for n in REST_EVENTS if n not in ("unknown-route.json", "method-not-allowed.json")])
def test_rest_event_is_on_a_declared_route(name, function):
    event = load_event(name)
    assert (event["resource"], event["httpMethod"]) in declared_routes(function)


def test_error_events_are_off_the_declared_routes(function):
    routes = declared_routes(function)
    unknown = load_event("unknown-route.json")
    assert unknown["path"] not in {path for path, _ in routes}
    not_allowed = load_event("method-not-allowed.json")
    assert not_allowed["resource"] in {path for path, _ in routes}
    assert (not_allowed["resource"], not_allowed["httpMethod"]) not in routes


@pytest.mark.parametrize("name", ["create-product.json", "update-product.json", "update-product-stale-version.json"])
def test_full_product_bodies_carry_every_field(name):
    event = load_event(name)
    assert event["isBase64Encoded"] is False
    assert event["headers"]["Content-Type"] == "application/json"
    assert set(json.loads(event["body"])) == PRODUCT_FIELDS


def test_patch_body_is_a_subset_of_the_fields():
    body = json.loads(load_event("patch-product.json")["body"])
    assert body and set(body) < PRODUCT_FIELDS


@pytest.mark.parametrize("name", ["update-product.json", "patch-product.json", "update-product-stale-version.json"])
def test_writes_to_a_product_send_if_match(name):
    assert re.fullmatch(r'"\d+"', load_event(name)["headers"]["If-Match"])


def test_malformed_body_is_not_json():
    with pytest.raises(json.JSONDecodeError):
        json.loads(load_event("malformed-body.json")["body"])


def test_http_api_v2_event_has_sams_shape():
    sample = sam_sample("apigateway", "http-api-proxy")
    event = load_event("health-http-api-v2.json")
    assert event["version"] == "2.0"
    assert set(event) <= set(sample)
    assert set(event["requestContext"]) == set(sample["requestContext"])
    assert event["requestContext"]["http"]["method"] == "GET"
    assert event["rawPath"] == event["requestContext"]["http"]["path"] == "/health"


def test_alb_event_has_sams_shape():
    sample = sam_sample("alb", "request")
    event = load_event("health-alb.json")
    assert set(event) == set(sample)
    assert "elb" in event["requestContext"]
    assert (event["httpMethod"], event["path"]) == ("GET", "/health")

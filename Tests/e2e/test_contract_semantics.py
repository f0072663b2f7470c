"""What docs/openapi.yaml promises beyond shapes, against the real bootstrap: the document's patterns and
ranges accept exactly what the function accepts, `If-Match: *`, conditional GETs (304), methods API Gateway
does not have, idempotent replays after a delete, and `GET /openapi.json`."""

from __future__ import annotations

import json
import os
import re
import uuid
from fractions import Fraction

import pytest
import requests
import yaml

PACKAGE_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DOCUMENT = os.path.join(PACKAGE_ROOT, "docs", "openapi.yaml")
JSON = {"Content-Type": "application/json"}


def document() -> dict:
    with open(DOCUMENT, encoding="utf-8") as file:
        return yaml.safe_load(file)


SCHEMAS = document()["components"]["schemas"]


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def fields(**overrides) -> dict:
    body = {"name": unique("lamp"), "price": 19.99, "category": unique("cat")}
    body.update(overrides)
    return body


def create(api_url: str, body: dict | None = None, headers: dict | None = None) -> requests.Response:
    return requests.post(f"{api_url}/products", data=json.dumps(body or fields()), headers={**JSON, **(headers or {})}, timeout=30)


def created(api_url: str) -> dict:
    response = create(api_url)
    assert response.status_code == 201, response.text
    return response.json()


def problems(response: requests.Response) -> set[str]:
    """The fields a 400 ValidationFailed names (empty for anything else)."""
    if response.status_code != 400:
        return set()
    error = response.json()["error"]
    return {detail["field"] for detail in error.get("details", [])} if error["code"] == "ValidationFailed" else set()


# --- the document's rules are the function's rules -----------------------------------------------------------

IF_MATCH_SAMPLES = ["*", '"1"', "1", 'W/"1"', '"999999999999999999"', '"0"', "0", '"01"', "W/1", '"1", "2"', '"x"', '"1',
                    '"1000000000000000000"', "**", '"*"', "-1", "1.0"]


@pytest.mark.parametrize("value", IF_MATCH_SAMPLES)
def test_if_match_is_refused_exactly_when_the_documented_pattern_refuses_it(api_url, value):
    pattern = re.compile(SCHEMAS["IfMatchValue"]["pattern"])
    product = created(api_url)
    response = requests.delete(f"{api_url}/products/{product['productId']}", headers={"If-Match": value}, timeout=30)
    accepted = "If-Match" not in problems(response)
    assert accepted == bool(pattern.search(value)), (value, response.status_code, response.text)
    assert response.status_code in (204, 400, 409)


# Unicode White_Space, and look-alikes that are not White_Space (U+001C..U+001F, U+200B, U+FEFF): Python's own
# `\s` would call the first four white space; the document's pattern and the function both do not.
BLANK_SAMPLES = [" ", "\t", "\n\r", "\x0b\x0c", "\x85", "\xa0", "\u1680", "\u2000\u200a", "\u2028\u2029", "\u202f", "\u205f",
                 "\u3000", "\x1c", "\x1f", "\u200b", "\ufeff", " a ", "é"]


@pytest.mark.parametrize("text", BLANK_SAMPLES)
def test_not_blank_means_what_the_documented_pattern_says(api_url, text):
    # Every pattern the document gives the field: "not blank", and (through allOf) "no control characters".
    patterns = [SCHEMAS["ProductName"]["pattern"], *(part["pattern"] for part in SCHEMAS["ProductName"].get("allOf", []))]
    assert SCHEMAS["Category"]["pattern"] == SCHEMAS["ProductName"]["pattern"]
    assert SCHEMAS["Category"].get("allOf") == SCHEMAS["ProductName"].get("allOf")
    response = create(api_url, fields(name=text, category=text))
    refused = problems(response) & {"name", "category"}
    assert (not refused) == all(re.search(pattern, text) for pattern in patterns), (repr(text), response.text)
    if not refused:
        assert response.status_code == 201, response.text


@pytest.mark.parametrize("price", ["0", "0.01", "1.5", "1.50", "1.500", "39.90", "1e2", "1.005", "0.001", "999999999999.99",
                                   "999999999999.991", "1000000000000", "-0.01", "12345678901.23"])
def test_prices_are_refused_exactly_when_the_documented_range_and_multiple_refuse_them(api_url, price):
    schema = SCHEMAS["Price"]
    value = Fraction(price)
    valid = Fraction(str(schema["minimum"])) <= value <= Fraction(str(schema["maximum"])) and value % Fraction(str(schema["multipleOf"])) == 0
    body = f'{{"name":"p","price":{price},"category":"{unique("price")}"}}'
    response = requests.post(f"{api_url}/products", data=body, headers=JSON, timeout=30)
    assert (response.status_code == 201) == valid, (price, response.text)
    if valid:
        assert Fraction(str(response.json()["price"])) == value
    else:
        assert problems(response) == {"price"}


def test_tags_are_distinct_code_point_for_code_point_as_uniqueItems_says(api_url):
    response = create(api_url, fields(tags=["\u00e9", "e\u0301"]))
    assert response.status_code == 201, response.text
    assert response.json()["tags"] == ["\u00e9", "e\u0301"]
    assert problems(create(api_url, fields(tags=["a", "a"]))) == {"tags[1]"}


@pytest.mark.parametrize("version, status", [(999999999999999999, 409), (10**18, 400), (9223372036854775807, 400), (0, 400)])
def test_body_versions_beyond_the_documented_maximum_are_a_400_never_a_crash(api_url, version, status):
    assert SCHEMAS["Version"]["maximum"] == 999999999999999999
    product = created(api_url)
    response = requests.patch(f"{api_url}/products/{product['productId']}", data=json.dumps({"price": 1, "version": version}), headers=JSON, timeout=30)
    assert response.status_code == status, response.text


@pytest.mark.parametrize("query", ["cursor=", "category=", "category=%20%E3%80%80", "limit=0", "limit=101", "limit=x"])
def test_list_parameters_outside_the_document_are_a_400(api_url, query):
    response = requests.get(f"{api_url}/products?{query}", timeout=30)
    assert response.status_code == 400, response.text


# --- If-Match: * ------------------------------------------------------------------------------------------------

def test_if_match_star_updates_and_deletes_whatever_the_version(api_url):
    product = created(api_url)
    url = f"{api_url}/products/{product['productId']}"
    patched = requests.patch(url, data='{"price": 2}', headers={**JSON, "If-Match": "*"}, timeout=30)
    assert patched.status_code == 200, patched.text
    assert patched.json()["version"] == 2 and patched.headers["ETag"] == '"2"'
    replaced = requests.put(url, data=json.dumps(fields()), headers={**JSON, "If-Match": "*"}, timeout=30)
    assert replaced.status_code == 200 and replaced.json()["version"] == 3
    # With `*` a body version still has to be current.
    stale = requests.patch(url, data='{"price": 3, "version": 1}', headers={**JSON, "If-Match": "*"}, timeout=30)
    assert stale.status_code == 409 and stale.json()["error"]["details"] == {"currentVersion": 3}
    assert requests.delete(url, headers={"If-Match": "*"}, timeout=30).status_code == 204
    assert requests.get(url, timeout=30).status_code == 404


def test_if_match_star_on_a_missing_product_is_404(api_url):
    url = f"{api_url}/products/{uuid.uuid4()}"
    assert requests.patch(url, data='{"price": 2}', headers={**JSON, "If-Match": "*"}, timeout=30).status_code == 404
    assert requests.put(url, data=json.dumps(fields()), headers={**JSON, "If-Match": "*"}, timeout=30).status_code == 404
    assert requests.delete(url, headers={"If-Match": "*"}, timeout=30).status_code == 404


# --- conditional GET ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("if_none_match", ['"1"', 'W/"1"', '"7", "1"', "*"])
def test_get_with_the_current_etag_is_304_without_a_body(api_url, if_none_match):
    product = created(api_url)
    url = f"{api_url}/products/{product['productId']}"
    response = requests.get(url, headers={"If-None-Match": if_none_match}, timeout=30)
    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["ETag"] == '"1"'
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_get_with_a_stale_etag_gets_the_product(api_url):
    product = created(api_url)
    url = f"{api_url}/products/{product['productId']}"
    assert requests.patch(url, data='{"price": 2}', headers={**JSON, "If-Match": '"1"'}, timeout=30).status_code == 200
    response = requests.get(url, headers={"If-None-Match": '"1"'}, timeout=30)
    assert response.status_code == 200 and response.json()["version"] == 2
    assert requests.get(url, headers={"If-None-Match": '"2"'}, timeout=30).status_code == 304
    assert requests.get(f"{api_url}/products/{uuid.uuid4()}", headers={"If-None-Match": "*"}, timeout=30).status_code == 404


# --- methods API Gateway does not have ------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["TRACE", "CONNECT", "QUERY", "PROPFIND"])
@pytest.mark.parametrize("path", ["/health", "/products", f"/products/{uuid.uuid4()}", "/nowhere"])
def test_methods_api_gateway_does_not_have_get_its_403_never_a_5xx(api_url, method, path):
    response = requests.request(method, f"{api_url}{path}", timeout=30)
    assert response.status_code == 403
    assert response.json() == {"message": "Missing Authentication Token"}
    assert response.headers["x-amzn-ErrorType"] == "MissingAuthenticationTokenException"


def test_standard_methods_a_path_does_not_serve_are_the_functions_405(api_url):
    for method, path in (("POST", "/health"), ("PUT", "/products"), ("POST", f"/products/{uuid.uuid4()}"), ("DELETE", "/openapi.json")):
        response = requests.request(method, f"{api_url}{path}", timeout=30)
        assert response.status_code == 405, (method, path)
        assert response.headers["Allow"]


# --- idempotent create: the replay is a snapshot ---------------------------------------------------------------

def test_a_replay_after_delete_answers_the_first_result_marked_as_a_replay(api_url):
    key = unique("replay")
    body = fields()
    first = create(api_url, body, {"Idempotency-Key": key})
    assert first.status_code == 201 and "Idempotent-Replayed" not in first.headers
    url = f"{api_url}/products/{first.json()['productId']}"
    assert requests.delete(url, timeout=30).status_code == 204
    replay = create(api_url, body, {"Idempotency-Key": key})
    assert replay.status_code == 201
    assert replay.json() == first.json()
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" in replay.headers["Access-Control-Expose-Headers"]
    assert requests.get(url, timeout=30).status_code == 404


def test_a_preflight_for_a_deleted_product_is_still_204(api_url):
    product = created(api_url)
    url = f"{api_url}/products/{product['productId']}"
    assert requests.delete(url, timeout=30).status_code == 204
    preflight = requests.options(url, headers={"Origin": "https://shop.example", "Access-Control-Request-Method": "GET"}, timeout=30)
    assert preflight.status_code == 204
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]


# --- GET /openapi.json ------------------------------------------------------------------------------------------

def test_openapi_json_is_the_yaml_document_with_validators_and_caching_headers(api_url):
    response = requests.get(f"{api_url}/openapi.json", timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["Cache-Control"] == "public, no-cache"
    assert response.json() == document()
    etag = response.headers["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    again = requests.get(f"{api_url}/openapi.json", headers={"If-None-Match": etag}, timeout=30)
    assert again.status_code == 304 and again.content == b"" and again.headers["ETag"] == etag
    assert requests.get(f"{api_url}/openapi.json", headers={"If-None-Match": '"stale"'}, timeout=30).status_code == 200
    head = requests.head(f"{api_url}/openapi.json", timeout=30)
    assert head.status_code == 200 and head.content == b"" and head.headers["ETag"] == etag


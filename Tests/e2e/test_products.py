"""The products API end to end: the real bootstrap behind the local API Gateway, on moto's DynamoDB.

Every test makes its own products (unique names and categories), since the stack and its table live for the
whole session."""

from __future__ import annotations

import base64
import datetime
import json
import re
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from authorized import api
from tools.local.waiting import wait_until

ORIGIN = "https://shop.example"
JSON = {"Content-Type": "application/json"}
UUID_V4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
ISO_MILLIS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")


def utc_now_millis() -> str:
    """Now in the API's timestamp format (ISO 8601 UTC with milliseconds), comparable as a string."""
    now = datetime.datetime.now(datetime.timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def product_fields(**overrides) -> dict:
    fields = {"name": unique("lamp"), "price": 19.99, "category": unique("cat"), "description": "Warm light", "tags": ["desk"]}
    fields.update(overrides)
    return {key: value for key, value in fields.items() if value is not ...}


def create(api_url: str, headers: dict | None = None, **overrides) -> requests.Response:
    response = api.post(f"{api_url}/products", json=product_fields(**overrides), headers=headers, timeout=30)
    return response


def created(api_url: str, **overrides) -> dict:
    response = create(api_url, **overrides)
    assert response.status_code == 201, response.text
    return response.json()


def error_of(response: requests.Response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["requestId"], str) and error["requestId"]
    return error


def fields_in(error: dict) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for detail in error["details"]:
        found.setdefault(detail["field"], []).append(detail["message"])
    return found


def patch(api_url: str, product_id: str, body, if_match: str | None = None, content_type: str = "application/json") -> requests.Response:
    headers = {"Content-Type": content_type}
    if if_match is not None:
        headers["If-Match"] = if_match
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return api.patch(f"{api_url}/products/{product_id}", data=data, headers=headers, timeout=30)


def put(api_url: str, product_id: str, body, if_match: str | None = None) -> requests.Response:
    headers = dict(JSON)
    if if_match is not None:
        headers["If-Match"] = if_match
    return api.put(f"{api_url}/products/{product_id}", data=json.dumps(body), headers=headers, timeout=30)


def get(api_url: str, product_id: str) -> requests.Response:
    return requests.get(f"{api_url}/products/{product_id}", timeout=30)


def table_items(dynamodb_client, table_name: str) -> list[dict]:
    items, kwargs = [], {"TableName": table_name, "ConsistentRead": True}
    while True:
        page = dynamodb_client.scan(**kwargs)
        items += page["Items"]
        if "LastEvaluatedKey" not in page:
            return items
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


# --- create and read ---------------------------------------------------------------------------------------


def test_create_returns_201_with_location_etag_and_the_product(api_url):
    fields = product_fields(inventoryCount=...)
    response = api.post(f"{api_url}/products", json=fields, timeout=30)
    assert response.status_code == 201, response.text
    product = response.json()
    assert UUID_V4.match(product["productId"])
    assert response.headers["Location"] == f"/products/{product['productId']}"
    assert response.headers["ETag"] == '"1"'
    assert product["version"] == 1
    assert product["inventoryCount"] == 0  # the default
    assert {key: product[key] for key in ("name", "price", "category", "description", "tags")} == fields
    assert ISO_MILLIS.match(product["createdAt"]) and product["createdAt"] == product["updatedAt"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_get_returns_the_product_and_its_etag(api_url):
    product = created(api_url, tags=...)
    response = get(api_url, product["productId"])
    assert response.status_code == 200
    assert response.json() == product
    assert response.json()["tags"] == []
    assert response.headers["ETag"] == '"1"'


def test_prices_keep_their_exact_digits_in_the_api_and_in_the_table(api_url, dynamodb_client, table_name):
    response = api.post(
        f"{api_url}/products", data='{"name":"Exact","price":123456789012.34,"category":"exact"}', headers=JSON, timeout=30
    )
    assert response.status_code == 201, response.text
    assert '"price":123456789012.34' in response.text  # not 123456789012.34000001 or 1.2345678901234E11
    product_id = response.json()["productId"]
    item = dynamodb_client.get_item(TableName=table_name, Key={"productId": {"S": product_id}})["Item"]
    assert item["price"] == {"N": "123456789012.34"}
    assert '"price":123456789012.34' in get(api_url, product_id).text
    for price in ("0.07", "0.1", "5", "0"):
        text = api.post(
            f"{api_url}/products", data=f'{{"name":"p","price":{price},"category":"exact"}}', headers=JSON, timeout=30
        ).text
        assert f'"price":{price},' in text


def test_unknown_ids_are_404_whatever_their_form(api_url):
    for product_id in (str(uuid.uuid4()), "not-a-uuid", "idempotency%23" + "0" * 64, str(uuid.uuid4()).upper()):
        error_of(get(api_url, product_id), 404, "NotFound")


def test_idempotency_records_are_not_reachable_as_products(api_url, dynamodb_client, table_name):
    key = unique("key")
    created_product = create(api_url, headers={"Idempotency-Key": key}).json()
    records = [item["productId"]["S"] for item in table_items(dynamodb_client, table_name) if item["productId"]["S"].startswith("idempotency#")]
    assert records
    for record_id in records[:3]:
        error_of(get(api_url, requests.utils.quote(record_id, safe="")), 404, "NotFound")
    assert created_product["productId"] not in records


# --- validation and request errors --------------------------------------------------------------------------


def test_validation_reports_every_problem_at_once(api_url):
    body = {
        "name": "   ", "description": "d" * 2001, "price": 1.999, "category": "c" * 101, "inventoryCount": -1,
        "tags": ["a", "a", "x" * 51] + [f"t{i}" for i in range(20)], "productId": "mine", "colour": "red",
    }
    error = error_of(api.post(f"{api_url}/products", json=body, timeout=30), 400, "ValidationFailed")
    fields = fields_in(error)
    assert fields["name"] == ["must not be blank"]
    assert fields["description"] == ["must be at most 2000 characters"]
    assert fields["price"] == ["must have at most 2 decimal places"]
    assert fields["category"] == ["must be at most 100 characters"]
    assert fields["inventoryCount"] == ["must be at least 0"]
    assert fields["tags"] == ["must have at most 20 tags"]
    assert fields["tags[1]"] == ["duplicates tags[0]: tags must be unique"]
    assert fields["tags[2]"] == ["must be at most 50 characters"]
    assert fields["productId"] == ["is read-only"]
    assert fields["colour"] == ["is not a known field"]


def test_required_fields_and_types(api_url):
    error = error_of(api.post(f"{api_url}/products", json={"price": "1", "inventoryCount": 1.5}, timeout=30), 400, "ValidationFailed")
    assert fields_in(error) == {
        "name": ["is required"], "price": ["must be a number"], "category": ["is required"],
        "inventoryCount": ["must be an integer"],
    }
    error = error_of(api.post(f"{api_url}/products", json={"name": "n", "price": -1, "category": "c", "version": 1}, timeout=30), 400, "ValidationFailed")
    assert fields_in(error) == {"price": ["must be at least 0"], "version": ["is read-only"]}


def test_malformed_json_and_non_objects(api_url):
    for body in ('{"name": ', "{'a': 1}", ""):
        error_of(api.post(f"{api_url}/products", data=body, headers=JSON, timeout=30), 400, "MalformedJSON")
    for body in ("[]", "42", '"text"', "null"):
        error = error_of(api.post(f"{api_url}/products", data=body, headers=JSON, timeout=30), 400, "ValidationFailed")
        assert fields_in(error) == {"body": ["must be a JSON object"]}


def test_bodies_over_64_kib_are_413(api_url):
    product = created(api_url)
    body = json.dumps({"name": "x", "price": 1, "category": "c", "description": "d" * (64 * 1024)})
    error = error_of(api.post(f"{api_url}/products", data=body, headers=JSON, timeout=30), 413, "PayloadTooLarge")
    assert error["details"] == {"limitBytes": 65536}
    error_of(patch(api_url, product["productId"], body, if_match='"1"'), 413, "PayloadTooLarge")


def test_non_json_content_types_are_415(api_url):
    product = created(api_url)
    body = json.dumps(product_fields())
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "application/xml"):
        response = api.post(f"{api_url}/products", data=body, headers={"Content-Type": content_type}, timeout=30)
        error_of(response, 415, "UnsupportedMediaType")
    # A body without any Content-Type is refused too (requests sends none for raw bytes).
    error_of(api.post(f"{api_url}/products", data=body.encode(), timeout=30), 415, "UnsupportedMediaType")
    response = api.patch(f"{api_url}/products/{product['productId']}", data='{"price":1}', headers={"Content-Type": "text/plain", "If-Match": '"1"'}, timeout=30)
    error_of(response, 415, "UnsupportedMediaType")
    for content_type in ("application/json; charset=utf-8", "application/vnd.products+json"):
        response = api.post(f"{api_url}/products", data=body, headers={"Content-Type": content_type}, timeout=30)
        assert response.status_code == 201, response.text
    response = patch(api_url, product["productId"], {"price": 2}, if_match='"1"', content_type="application/merge-patch+json")
    assert response.status_code == 200, response.text


def test_errors_carry_cors_headers_and_the_request_id(api_url):
    responses = [
        requests.get(f"{api_url}/products/{uuid.uuid4()}", headers={"Origin": ORIGIN}, timeout=30),
        api.post(f"{api_url}/products", data="{", headers={**JSON, "Origin": ORIGIN}, timeout=30),
        api.post(f"{api_url}/products", data="{}", headers={"Content-Type": "text/plain", "Origin": ORIGIN}, timeout=30),
        requests.get(f"{api_url}/products?limit=0", headers={"Origin": ORIGIN}, timeout=30),
    ]
    request_ids = set()
    for response in responses:
        assert response.status_code >= 400
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "ETag" in response.headers["Access-Control-Expose-Headers"]
        request_ids.add(response.json()["error"]["requestId"])
    assert len(request_ids) == len(responses)


def test_the_router_answers_unknown_routes_and_methods(proxy_api_url):
    error_of(requests.get(f"{proxy_api_url}/products/{uuid.uuid4()}/reviews", timeout=30), 404, "NotFound")
    response = api.post(f"{proxy_api_url}/products/{uuid.uuid4()}", json={}, timeout=30)
    error_of(response, 405, "MethodNotAllowed")
    assert {"GET", "PUT", "PATCH", "DELETE"} <= {method.strip() for method in response.headers["Allow"].split(",")}
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_preflight_allows_the_headers_writes_need(api_url):
    response = requests.options(
        f"{api_url}/products/{uuid.uuid4()}",
        headers={"Origin": ORIGIN, "Access-Control-Request-Method": "PATCH", "Access-Control-Request-Headers": "If-Match"},
        timeout=30,
    )
    assert response.status_code == 204
    allowed = {header.strip().lower() for header in response.headers["Access-Control-Allow-Headers"].split(",")}
    assert {"if-match", "idempotency-key", "content-type"} <= allowed


# --- updates -----------------------------------------------------------------------------------------------


def test_put_replaces_every_mutable_field(api_url):
    product = created(api_url, inventoryCount=5)
    # updatedAt has millisecond resolution: let the clock pass the create's before updating.
    wait_until(lambda: utc_now_millis() > product["updatedAt"], what="the clock to pass the create's updatedAt")
    replacement = {"name": "Replaced", "price": 7.5, "category": unique("cat")}
    response = put(api_url, product["productId"], replacement, if_match='"1"')
    assert response.status_code == 200, response.text
    updated = response.json()
    assert response.headers["ETag"] == '"2"'
    assert updated["version"] == 2
    assert {key: updated[key] for key in replacement} == replacement
    assert "description" not in updated and updated["tags"] == [] and updated["inventoryCount"] == 0
    assert updated["createdAt"] == product["createdAt"]
    assert updated["updatedAt"] > product["updatedAt"]
    assert get(api_url, product["productId"]).json() == updated


def test_put_needs_the_required_fields(api_url):
    product = created(api_url)
    error = error_of(put(api_url, product["productId"], {"name": "only", "version": 1}), 400, "ValidationFailed")
    assert fields_in(error) == {"price": ["is required"], "category": ["is required"]}
    assert get(api_url, product["productId"]).json()["version"] == 1


def test_patch_changes_only_the_given_fields_and_null_removes(api_url):
    product = created(api_url, inventoryCount=3)
    response = patch(api_url, product["productId"], {"price": 25, "description": None, "tags": None}, if_match='W/"1"')
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["price"] == 25 and "description" not in updated and updated["tags"] == []
    assert (updated["name"], updated["category"], updated["inventoryCount"]) == (product["name"], product["category"], 3)
    assert updated["version"] == 2 and response.headers["ETag"] == '"2"'
    response = patch(api_url, product["productId"], {"tags": ["b", "a"], "version": 2})
    assert response.status_code == 200 and response.json()["tags"] == ["b", "a"] and response.json()["version"] == 3


def test_patch_refuses_null_required_fields_read_only_and_unknown_members(api_url):
    product = created(api_url)
    body = {"name": None, "price": None, "category": None, "inventoryCount": None, "createdAt": "x", "updatedAt": "y", "productId": "z", "size": 1}
    error = error_of(patch(api_url, product["productId"], body, if_match="1"), 400, "ValidationFailed")
    fields = fields_in(error)
    for field in ("name", "price", "category", "inventoryCount"):
        assert fields[field] == ["must not be null"]
    for field in ("createdAt", "updatedAt", "productId"):
        assert fields[field] == ["is read-only"]
    assert fields["size"] == ["is not a known field"]
    error = error_of(patch(api_url, product["productId"], {}, if_match="1"), 400, "ValidationFailed")
    assert list(fields_in(error)) == ["body"]


def test_updates_without_a_version_are_428(api_url):
    product = created(api_url)
    error_of(patch(api_url, product["productId"], {"price": 1}), 428, "PreconditionRequired")
    error_of(put(api_url, product["productId"], product_fields()), 428, "PreconditionRequired")
    assert get(api_url, product["productId"]).json()["version"] == 1


def test_if_match_and_body_version_must_both_hold(api_url):
    product = created(api_url)
    # Both are preconditions: when they differ no version meets both, so it is a conflict and nothing is written.
    for if_match, version in (('"1"', 2), ('"2"', 1)):
        error = error_of(patch(api_url, product["productId"], {"price": 1, "version": version}, if_match=if_match), 409, "VersionConflict")
        assert error["details"] == {"currentVersion": 1}
    assert get(api_url, product["productId"]).json()["version"] == 1
    assert patch(api_url, product["productId"], {"price": 1, "version": 1}, if_match='"1"').status_code == 200
    for bad in ('"1", "2"', '"x"', '"01"', ''):
        error = error_of(patch(api_url, product["productId"], {"price": 1}, if_match=bad), 400, "ValidationFailed")
        assert list(fields_in(error)) == ["If-Match"]


def test_a_stale_version_is_409_with_the_current_version_and_writes_nothing(api_url):
    product = created(api_url)
    assert patch(api_url, product["productId"], {"price": 2}, if_match='"1"').status_code == 200
    before = get(api_url, product["productId"]).json()
    error = error_of(patch(api_url, product["productId"], {"price": 3}, if_match='"1"'), 409, "VersionConflict")
    assert error["details"] == {"currentVersion": 2}
    error = error_of(put(api_url, product["productId"], product_fields(), if_match='"5"'), 409, "VersionConflict")
    assert error["details"] == {"currentVersion": 2}
    assert get(api_url, product["productId"]).json() == before


def test_updating_a_missing_product_is_404(api_url):
    error_of(patch(api_url, str(uuid.uuid4()), {"price": 1}, if_match='"1"'), 404, "NotFound")
    error_of(put(api_url, str(uuid.uuid4()), product_fields(), if_match='"1"'), 404, "NotFound")
    error_of(patch(api_url, "nope", {"price": 1}, if_match='"1"'), 404, "NotFound")


def test_concurrent_updates_with_the_same_version_one_wins_nothing_is_lost(api_url):
    product = created(api_url, inventoryCount=10)
    barrier = threading.Barrier(2)

    def send(change: dict) -> requests.Response:
        barrier.wait()
        return patch(api_url, product["productId"], change, if_match='"1"')

    changes = [{"inventoryCount": 11, "name": "first"}, {"inventoryCount": 12, "name": "second"}]
    with ThreadPoolExecutor(max_workers=2) as pool:
        responses = list(pool.map(send, changes))
    assert sorted(response.status_code for response in responses) == [200, 409]
    winner = next(change for change, response in zip(changes, responses) if response.status_code == 200)
    loser = next(response for response in responses if response.status_code == 409)
    assert loser.json()["error"]["details"] == {"currentVersion": 2}
    final = get(api_url, product["productId"]).json()
    assert final["version"] == 2
    assert (final["inventoryCount"], final["name"]) == (winner["inventoryCount"], winner["name"])


def test_two_function_instances_racing_on_one_version_one_wins_nothing_is_lost(api_url, new_runtime, new_api):
    """As Lambda scales out: two bootstrap processes, each behind its own API, write at the same moment, so the
    race is decided by DynamoDB's condition, not by one process serving the requests in turn."""
    product = created(api_url, inventoryCount=10)
    apis = [new_api(new_runtime()).url for _ in range(2)]
    for url in apis:  # both processes warm, so neither is still starting when the race begins
        assert requests.get(f"{url}/health", timeout=30).status_code == 200
    barrier = threading.Barrier(2)
    changes = [{"inventoryCount": 21, "name": "instance one"}, {"inventoryCount": 22, "name": "instance two"}]

    def send(index: int) -> requests.Response:
        barrier.wait()
        return patch(apis[index], product["productId"], changes[index], if_match='"1"')

    with ThreadPoolExecutor(max_workers=2) as pool:
        responses = list(pool.map(send, range(2)))
    assert sorted(response.status_code for response in responses) == [200, 409]
    winner = changes[[response.status_code for response in responses].index(200)]
    final = get(api_url, product["productId"]).json()
    assert final["version"] == 2
    assert (final["inventoryCount"], final["name"]) == (winner["inventoryCount"], winner["name"])


# --- delete ------------------------------------------------------------------------------------------------


def test_delete_is_204_then_404(api_url):
    product = created(api_url)
    response = api.delete(f"{api_url}/products/{product['productId']}", timeout=30)
    assert response.status_code == 204
    assert response.content == b""
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    error_of(get(api_url, product["productId"]), 404, "NotFound")
    error_of(api.delete(f"{api_url}/products/{product['productId']}", timeout=30), 404, "NotFound")


def test_delete_honours_if_match(api_url):
    product = created(api_url)
    url = f"{api_url}/products/{product['productId']}"
    error = error_of(api.delete(url, headers={"If-Match": '"7"'}, timeout=30), 409, "VersionConflict")
    assert error["details"] == {"currentVersion": 1}
    assert get(api_url, product["productId"]).status_code == 200
    assert api.delete(url, headers={"If-Match": '"1"'}, timeout=30).status_code == 204


# --- idempotent creates ------------------------------------------------------------------------------------


def test_a_retried_create_with_the_same_key_returns_the_first_result(api_url, dynamodb_client, table_name):
    key = unique("order")
    fields = product_fields()
    first = api.post(f"{api_url}/products", json=fields, headers={"Idempotency-Key": key}, timeout=30)
    # The same request spelled differently (member order, spacing) is still the same request.
    retry_body = json.dumps(dict(reversed(list(fields.items()))), indent=2)
    second = api.post(f"{api_url}/products", data=retry_body, headers={**JSON, "Idempotency-Key": key}, timeout=30)
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second.headers["Location"] == first.headers["Location"]
    assert second.headers["ETag"] == first.headers["ETag"]
    same_name = [item for item in table_items(dynamodb_client, table_name) if item.get("name", {}).get("S") == fields["name"]]
    assert len(same_name) == 1
    # Its record expires (the table's TTL attribute) about a day later.
    records = [item for item in table_items(dynamodb_client, table_name) if item.get("product", {}).get("M", {}).get("name", {}).get("S") == fields["name"]]
    assert len(records) == 1
    assert records[0]["productId"]["S"].startswith("idempotency#")
    assert "category" not in records[0]
    assert abs(int(records[0]["expiresAt"]["N"]) - (time.time() + 86400)) < 600


def test_concurrent_retries_create_one_product(api_url, dynamodb_client, table_name):
    key = unique("order")
    fields = product_fields()
    barrier = threading.Barrier(3)

    def send(_):
        barrier.wait()
        return api.post(f"{api_url}/products", json=fields, headers={"Idempotency-Key": key}, timeout=30)

    with ThreadPoolExecutor(max_workers=3) as pool:
        responses = list(pool.map(send, range(3)))
    assert [response.status_code for response in responses] == [201, 201, 201]
    assert len({response.json()["productId"] for response in responses}) == 1
    assert len([item for item in table_items(dynamodb_client, table_name) if item.get("name", {}).get("S") == fields["name"]]) == 1


def test_reusing_a_key_for_a_different_request_is_422(api_url):
    key = unique("order")
    assert create(api_url, headers={"Idempotency-Key": key}).status_code == 201
    error_of(create(api_url, headers={"Idempotency-Key": key}), 422, "IdempotencyKeyReused")


def test_an_unusable_idempotency_key_is_400(api_url):
    error = error_of(create(api_url, headers={"Idempotency-Key": "k" * 256}), 400, "ValidationFailed")
    assert list(fields_in(error)) == ["Idempotency-Key"]


# --- listing -----------------------------------------------------------------------------------------------


def pages(api_url: str, limit: int, category: str | None = None) -> list[dict]:
    collected, cursor = [], None
    while True:
        params = {"limit": limit}
        if category is not None:
            params["category"] = category
        if cursor is not None:
            params["cursor"] = cursor
        response = requests.get(f"{api_url}/products", params=params, timeout=30)
        assert response.status_code == 200, response.text
        page = response.json()
        assert set(page) == {"items", "count", "nextCursor"}
        assert page["count"] == len(page["items"]) <= limit
        collected.append(page)
        cursor = page["nextCursor"]
        if cursor is None:
            return collected
        assert len(collected) < 1000, "pagination does not end"


@pytest.fixture(scope="module")
def category_of_25(api_url) -> tuple[str, list[str]]:
    category = unique("paged")
    ids = [created(api_url, category=category, name=f"item {index}")["productId"] for index in range(25)]
    return category, ids


def test_a_category_pages_newest_first_and_sees_each_product_once(api_url, category_of_25):
    category, ids = category_of_25
    result = pages(api_url, 10, category)
    assert [page["count"] for page in result] == [10, 10, 5]
    assert result[-1]["nextCursor"] is None
    items = [item for page in result for item in page["items"]]
    assert sorted(item["productId"] for item in items) == sorted(ids)
    created_at = [item["createdAt"] for item in items]
    assert created_at == sorted(created_at, reverse=True)
    assert all(item["category"] == category for item in items)


def test_the_scan_pages_through_everything_without_idempotency_records(api_url, category_of_25):
    _, ids = category_of_25
    create(api_url, headers={"Idempotency-Key": unique("scan")})
    result = pages(api_url, 7)
    seen = [item["productId"] for page in result for item in page["items"]]
    assert len(seen) == len(set(seen))
    assert set(ids) <= set(seen)
    assert all(UUID_V4.match(product_id) for product_id in seen)
    # Every page but the last is full: records filtered out never make a page short.
    assert all(page["count"] == 7 for page in result[:-1])


def test_the_default_page_size_is_20(api_url, category_of_25):
    category, _ = category_of_25
    page = requests.get(f"{api_url}/products", params={"category": category}, timeout=30).json()
    assert page["count"] == 20 and page["nextCursor"]


def test_bad_limits_are_400(api_url):
    for limit in ("0", "101", "ten", "-5", "2.5", ""):
        error = error_of(requests.get(f"{api_url}/products", params={"limit": limit}, timeout=30), 400, "ValidationFailed")
        assert list(fields_in(error)) == ["limit"]


def test_tampered_truncated_or_foreign_cursors_are_400(api_url, category_of_25):
    category, _ = category_of_25
    first = requests.get(f"{api_url}/products", params={"category": category, "limit": 5}, timeout=30).json()
    cursor = first["nextCursor"]
    raw = bytearray(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    raw[len(raw) // 3] ^= 0x20
    tampered = base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")
    bad = [tampered, cursor[:-6], cursor[6:], "not a cursor!", "e30", "A" * 5000]
    for candidate in bad:
        response = requests.get(f"{api_url}/products", params={"category": category, "cursor": candidate}, timeout=30)
        error_of(response, 400, "InvalidCursor")
    # Bound to its listing: not for another category, nor for the scan.
    error_of(requests.get(f"{api_url}/products", params={"category": category + "x", "cursor": cursor}, timeout=30), 400, "InvalidCursor")
    error_of(requests.get(f"{api_url}/products", params={"cursor": cursor}, timeout=30), 400, "InvalidCursor")
    # The genuine one still works.
    assert requests.get(f"{api_url}/products", params={"category": category, "cursor": cursor}, timeout=30).status_code == 200

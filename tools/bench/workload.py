"""The API Gateway events every figure is measured with, from events/*.json (the same files `sam local invoke`
uses), aimed at products the harness seeds, and the check that each answer is the success it must be.

Routes: health (GET /health), get (GET /products/{id}), create (POST /products), list (GET /products?category=
&limit=10, a Query on the category index), update (PUT /products/{id} with If-Match: the current version) and
delete (DELETE /products/{id} of the latest product created).

moto answers a Query by reading the whole table, so every product an invocation creates is deleted again
(by the function's own delete in the mixed run, by `cleanup` with boto3 after loops that only create): the
local DynamoDB's cost stays the same from the first figure to the last.
"""

from __future__ import annotations

import copy
import json
import os

ROUTES = ("health", "get", "create", "list", "update")
# The mixed run also deletes what it creates, so the table (and moto's cost per Query) stays the same size.
MIXED_ROUTES = ROUTES + ("delete",)
# What a success is for each route.
EXPECTED_STATUS = {"health": 200, "get": 200, "create": 201, "list": 200, "update": 200, "delete": 204}
SEED_CATEGORY = "footwear"
SEED_PRODUCTS = 12


class WorkloadError(RuntimeError):
    pass


def _load(events_dir: str, name: str) -> dict:
    with open(os.path.join(events_dir, f"{name}.json")) as source:
        return json.load(source)


def _aim(event: dict, product_id: str) -> dict:
    event = copy.deepcopy(event)
    event["path"] = f"/products/{product_id}"
    event["pathParameters"] = {"id": product_id}
    event["requestContext"]["path"] = f"/Prod/products/{product_id}"
    return event


def _set_header(event: dict, name: str, value: str) -> None:
    event["headers"][name] = value
    if event.get("multiValueHeaders") is not None:
        event["multiValueHeaders"][name] = [value]


class Workload:
    """Events for one function. `event(route)` gives the next event's bytes; `check(route, payload)` verifies
    the answer (raising WorkloadError with the payload) and remembers what the next event needs (the version
    an update must name)."""

    def __init__(self, events_dir: str, get_id: str, update_id: str, update_version: int = 1, client=None, table_name: str = ""):
        self.client = client
        self.table_name = table_name
        self.created: list[str] = []
        self._delete = _load(events_dir, "delete-product")
        self.events = {
            "health": json.dumps(_load(events_dir, "health")).encode(),
            "get": json.dumps(_aim(_load(events_dir, "get-product"), get_id)).encode(),
            "create": json.dumps(_load(events_dir, "create-product")).encode(),
            "list": json.dumps(_load(events_dir, "list-by-category")).encode(),
        }
        self._update = _aim(_load(events_dir, "update-product"), update_id)
        self.update_version = update_version
        self.get_id = get_id

    def event(self, route: str) -> bytes:
        if route == "delete":
            if not self.created:
                raise WorkloadError("delete: nothing created to delete")
            return json.dumps(_aim(self._delete, self.created[-1])).encode()
        if route == "update":
            event = copy.deepcopy(self._update)
            _set_header(event, "If-Match", f'"{self.update_version}"')
            return json.dumps(event).encode()
        return self.events[route]

    def check(self, route: str, payload: bytes) -> dict:
        try:
            response = json.loads(payload)
            status = response["statusCode"]
            body = json.loads(response["body"]) if response.get("body") else None
        except (ValueError, KeyError, TypeError) as error:
            raise WorkloadError(f"{route}: not an API Gateway response ({error}): {payload[:300]!r}") from None
        if status != EXPECTED_STATUS[route]:
            raise WorkloadError(f"{route}: status {status}, expected {EXPECTED_STATUS[route]}: {payload[:400]!r}")
        if route == "get" and body.get("productId") != self.get_id:
            raise WorkloadError(f"get: another product came back: {payload[:300]!r}")
        if route == "list" and not (body.get("count", 0) >= 1 and all(item["category"] == SEED_CATEGORY for item in body["items"])):
            raise WorkloadError(f"list: expected products of {SEED_CATEGORY}: {payload[:300]!r}")
        if route == "create":
            self.created.append(body["productId"])
        if route == "delete":
            self.created.pop()
        if route == "update":
            if body.get("version") != self.update_version + 1:
                raise WorkloadError(f"update: version {body.get('version')} after If-Match {self.update_version}")
            self.update_version = body["version"]
        return body


    def cleanup(self, limit: int = 100_000) -> int:
        """Deletes (with boto3) every product the function created and has not deleted; returns how many."""
        count = 0
        while self.created and count < limit:
            self.client.delete_item(TableName=self.table_name, Key={"productId": {"S": self.created.pop()}})
            count += 1
        return count


def seed(client, table_name: str, events_dir: str, count: int = SEED_PRODUCTS) -> list[str]:
    """Products of the list event's category, written with boto3 as the Swift and Python functions write them
    (strings S, numbers N, tags a list): ids of every one."""
    import uuid

    body = json.loads(_load(events_dir, "create-product")["body"])
    ids = []
    for index in range(count):
        product_id = str(uuid.uuid4())
        stamp = f"2026-01-01T00:00:{index:02d}.000Z"
        client.put_item(TableName=table_name, Item={
            "productId": {"S": product_id}, "name": {"S": f"{body['name']} {index}"}, "description": {"S": body["description"]},
            "price": {"N": str(body["price"])}, "category": {"S": SEED_CATEGORY}, "inventoryCount": {"N": str(body["inventoryCount"])},
            "tags": {"L": [{"S": tag} for tag in body["tags"]]}, "createdAt": {"S": stamp}, "updatedAt": {"S": stamp},
            "version": {"N": "1"},
        })
        ids.append(product_id)
    return ids

"""The products table through boto3's low-level DynamoDB client, built once at init as AWS's own examples
do. The same items, conditions and index as Sources/Products/Store: strings as S, price and counts as N,
tags as a list of S, a writeId per write, idempotency records under `idempotency#<sha256>`."""

import base64
import datetime
import hashlib
import hmac
import json
import os
import time
import uuid
from decimal import Decimal

import boto3
from botocore.exceptions import ClientError

from products_rules import RequestError

CATEGORY_INDEX = "category-index"
RECORD_PREFIX = "idempotency#"
RECORD_LIFETIME_SECONDS = 24 * 60 * 60
_TAG_LENGTH = 32
_CURSOR_DOMAIN = b"products-cursor-v1\n"
_MAXIMUM_CURSOR = 4096


def now_iso8601():
    now = datetime.datetime.now(datetime.timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


def _number(value):
    return {"N": format(value, "f") if isinstance(value, Decimal) else str(value)}


def to_item(product):
    item = {
        "productId": {"S": product["productId"]},
        "name": {"S": product["name"]},
        "price": _number(product["price"]),
        "category": {"S": product["category"]},
        "inventoryCount": _number(product["inventoryCount"]),
        "createdAt": {"S": product["createdAt"]},
        "updatedAt": {"S": product["updatedAt"]},
        "version": _number(product["version"]),
    }
    if product.get("description") is not None:
        item["description"] = {"S": product["description"]}
    if product.get("tags"):
        item["tags"] = {"L": [{"S": tag} for tag in product["tags"]]}
    return item


def from_item(item):
    try:
        tags = item.get("tags")
        if tags is None:
            tag_list = []
        elif "SS" in tags:
            tag_list = list(tags["SS"])
        else:
            tag_list = [element["S"] for element in tags["L"]]
        product = {
            "productId": item["productId"]["S"],
            "name": item["name"]["S"],
            "price": Decimal(item["price"]["N"]),
            "category": item["category"]["S"],
            "inventoryCount": int(item["inventoryCount"]["N"]),
            "tags": tag_list,
            "createdAt": item["createdAt"]["S"],
            "updatedAt": item["updatedAt"]["S"],
            "version": int(item["version"]["N"]),
        }
        if "description" in item:
            product["description"] = item["description"]["S"]
        return product
    except (KeyError, TypeError, ValueError, ArithmeticError) as error:
        raise RequestError(500, "InternalError", "An internal error occurred.") from error


def _storage_error(error):
    code = error.response.get("Error", {}).get("Code", "")
    if code in ("ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"):
        return RequestError(503, "ServiceUnavailable", "The service is temporarily unavailable; retry later.",
                            headers={"Retry-After": "1"})
    return RequestError(500, "InternalError", "An internal error occurred.")


class ProductStore:
    def __init__(self, table_name, cursor_secret=None):
        self.table = table_name
        self.client = boto3.client("dynamodb")
        key = cursor_secret.encode() if cursor_secret else hashlib.sha256(f"products-cursor-key:{table_name}".encode()).digest()
        self._cursor_key = key

    # -- reads -----------------------------------------------------------------------------------------

    def get(self, product_id):
        try:
            item = self.client.get_item(TableName=self.table, Key={"productId": {"S": product_id}}, ConsistentRead=True).get("Item")
        except ClientError as error:
            raise _storage_error(error) from error
        return from_item(item) if item else None

    def page(self, category, limit, cursor):
        binding = f"category:{category}" if category is not None else "scan"
        start = self._decode_cursor(cursor, binding, category) if cursor is not None else None
        try:
            if category is not None:
                request = dict(TableName=self.table, IndexName=CATEGORY_INDEX, KeyConditionExpression="#category = :category",
                               ExpressionAttributeNames={"#category": "category"},
                               ExpressionAttributeValues={":category": {"S": category}}, Limit=limit, ScanIndexForward=False)
                if start:
                    request["ExclusiveStartKey"] = start
                answer = self.client.query(**request)
                items, last = answer.get("Items", []), answer.get("LastEvaluatedKey")
            else:
                items, last = self._scan(limit, start)
        except ClientError as error:
            raise _storage_error(error) from error
        next_cursor = self._encode_cursor(last, binding) if last else None
        return [from_item(item) for item in items], next_cursor

    def _scan(self, limit, start):
        items = []
        for _ in range(10_000):  # bounded: a table this size is far past anything a page reads
            request = dict(TableName=self.table, FilterExpression="NOT begins_with(#productId, :recordPrefix)",
                           ExpressionAttributeNames={"#productId": "productId"},
                           ExpressionAttributeValues={":recordPrefix": {"S": RECORD_PREFIX}}, Limit=limit - len(items))
            if start:
                request["ExclusiveStartKey"] = start
            answer = self.client.scan(**request)
            items += answer.get("Items", [])
            start = answer.get("LastEvaluatedKey")
            if len(items) >= limit or not start:
                break
        return items, start

    # -- writes ----------------------------------------------------------------------------------------

    def create(self, product):
        write_id = str(uuid.uuid4())
        item = {**to_item(product), "writeId": {"S": write_id}}
        try:
            self.client.put_item(TableName=self.table, Item=item, ConditionExpression="attribute_not_exists(#productId)",
                                 ExpressionAttributeNames={"#productId": "productId"},
                                 ReturnValuesOnConditionCheckFailure="ALL_OLD")
        except ClientError as error:
            old = error.response.get("Item") or {}
            if error.response["Error"]["Code"] == "ConditionalCheckFailedException" and old.get("writeId") == {"S": write_id}:
                return
            raise _storage_error(error) from error

    def create_idempotent(self, product, key, request_hash):
        """Product and key record in one transaction; the first request's product when the key was used."""
        record_id = RECORD_PREFIX + hashlib.sha256(key.encode()).hexdigest()
        now = int(time.time())
        record = {"productId": {"S": record_id}, "requestHash": {"S": request_hash}, "product": {"M": to_item(product)},
                  "expiresAt": _number(now + RECORD_LIFETIME_SECONDS)}
        try:
            self.client.transact_write_items(TransactItems=[
                {"Put": {"TableName": self.table, "Item": to_item(product), "ConditionExpression": "attribute_not_exists(#productId)",
                         "ExpressionAttributeNames": {"#productId": "productId"}}},
                {"Put": {"TableName": self.table, "Item": record,
                         "ConditionExpression": "attribute_not_exists(#productId) OR #expiresAt < :now",
                         "ExpressionAttributeNames": {"#productId": "productId", "#expiresAt": "expiresAt"},
                         "ExpressionAttributeValues": {":now": _number(now)}, "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
            ])
            return product
        except ClientError as error:
            reasons = error.response.get("CancellationReasons") or []
            if error.response["Error"]["Code"] != "TransactionCanceledException" or len(reasons) != 2 or reasons[1].get("Code") in (None, "None"):
                raise _storage_error(error) from error
            stored = reasons[1].get("Item")
            if stored is None:
                stored = self.client.get_item(TableName=self.table, Key={"productId": {"S": record_id}}, ConsistentRead=True).get("Item")
            if stored is None:
                raise _storage_error(error) from error
        if stored.get("requestHash", {}).get("S") != request_hash:
            raise RequestError(422, "IdempotencyKeyReused", "This Idempotency-Key was already used with a different request body.")
        return from_item(stored["product"]["M"])

    def update(self, product_id, changes, expected_version):
        names, values, sets, removes = {}, {}, [], []
        for field, value in changes.items():
            names[f"#{field}"] = field
            if value is None:
                removes.append(f"#{field}")
                continue
            if field == "tags":
                values[f":{field}"] = {"L": [{"S": tag} for tag in value]}
            elif field in ("price", "inventoryCount"):
                values[f":{field}"] = _number(value)
            else:
                values[f":{field}"] = {"S": value}
            sets.append(f"#{field} = :{field}")
        write_id = str(uuid.uuid4())
        any_version = expected_version == "*"
        for field, value in (("updatedAt", {"S": now_iso8601()}), ("writeId", {"S": write_id})):
            names[f"#{field}"] = field
            values[f":{field}"] = value
            sets.append(f"#{field} = :{field}")
        names["#version"] = "version"
        names["#productId"] = "productId"
        if any_version:
            values[":one"] = _number(1)
            sets.append("#version = #version + :one")
            condition = "attribute_exists(#productId)"
        else:
            values[":version"] = _number(expected_version + 1)
            sets.append("#version = :version")
            values[":expectedVersion"] = _number(expected_version)
            condition = "attribute_exists(#productId) AND #version = :expectedVersion"
        expression = "SET " + ", ".join(sets) + (" REMOVE " + ", ".join(removes) if removes else "")
        try:
            answer = self.client.update_item(
                TableName=self.table, Key={"productId": {"S": product_id}}, UpdateExpression=expression,
                ConditionExpression=condition,
                ExpressionAttributeNames=names, ExpressionAttributeValues=values, ReturnValues="ALL_NEW",
                ReturnValuesOnConditionCheckFailure="ALL_OLD")
        except ClientError as error:
            old = error.response.get("Item")
            if old and old.get("writeId") == {"S": write_id}:
                return from_item(old)
            raise self._condition_failure(error, product_id) from error
        return from_item(answer["Attributes"])

    def delete(self, product_id, expected_version):
        condition, values = "attribute_exists(#productId)", {}
        names = {"#productId": "productId"}
        if expected_version is not None and expected_version != "*":
            condition += " AND #version = :expectedVersion"
            names["#version"] = "version"
            values[":expectedVersion"] = _number(expected_version)
        request = dict(TableName=self.table, Key={"productId": {"S": product_id}}, ConditionExpression=condition,
                       ExpressionAttributeNames=names, ReturnValuesOnConditionCheckFailure="ALL_OLD")
        if values:
            request["ExpressionAttributeValues"] = values
        try:
            self.client.delete_item(**request)
        except ClientError as error:
            raise self._condition_failure(error, product_id) from error

    @staticmethod
    def _condition_failure(error, product_id):
        if error.response["Error"]["Code"] != "ConditionalCheckFailedException":
            return _storage_error(error)
        old = error.response.get("Item")
        if not old:
            return RequestError(404, "NotFound", f"Product '{product_id}' was not found.")
        current = int(old["version"]["N"])
        return RequestError(409, "VersionConflict",
                            f'The product has changed: version {current} is current. Fetch it and retry with If-Match: "{current}".',
                            details={"currentVersion": current})

    # -- cursors: base64url(LastEvaluatedKey JSON + HMAC-SHA256 over the listing and the key) ------------

    def _tag(self, payload, binding):
        return hmac.new(self._cursor_key, _CURSOR_DOMAIN + binding.encode() + b"\0" + payload, hashlib.sha256).digest()

    def _encode_cursor(self, key, binding):
        payload = json.dumps(key, separators=(",", ":"), sort_keys=True).encode()
        return base64.urlsafe_b64encode(payload + self._tag(payload, binding)).rstrip(b"=").decode()

    def _decode_cursor(self, cursor, binding, category):
        invalid = RequestError(400, "InvalidCursor", "The cursor is invalid, altered or belongs to another listing.")
        try:
            if len(cursor) > _MAXIMUM_CURSOR:
                raise ValueError("too long")
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            payload, tag = raw[:-_TAG_LENGTH], raw[-_TAG_LENGTH:]
            if len(raw) <= _TAG_LENGTH or not hmac.compare_digest(tag, self._tag(payload, binding)):
                raise ValueError("tag")
            key = json.loads(payload)
        except ValueError:
            raise invalid from None
        expected = {"productId"} if category is None else {"productId", "category", "createdAt"}
        if not isinstance(key, dict) or set(key) != expected or not all(isinstance(v, dict) and v.get("S") for v in key.values()):
            raise invalid
        if category is not None and key["category"]["S"] != category:
            raise invalid
        return key


def idempotency_hash(fields):
    canonical = {name: fields.get(name) for name in ("name", "price", "category", "inventoryCount", "description", "tags")}
    canonical["price"] = str(canonical["price"])
    canonical["tags"] = canonical["tags"] or None
    return hashlib.sha256(json.dumps(canonical, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def new_product(fields):
    now = now_iso8601()
    return {"productId": str(uuid.uuid4()), **fields, "createdAt": now, "updatedAt": now, "version": 1}


def table_from_environment():
    return ProductStore(os.environ["TABLE_NAME"], os.environ.get("CURSOR_SECRET") or None)

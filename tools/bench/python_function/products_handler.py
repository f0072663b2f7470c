"""The comparator: the Products API as users write it today, a Python handler with boto3 under AWS's
`awslambdaric` (`python -m awslambdaric products_handler.handler`). Same routes, rules, status codes, error
shape and CORS headers as the Swift bootstrap; the DynamoDB client is built once at init.

Routes: GET /health; POST, GET /products; GET, PUT, PATCH, DELETE /products/{id}. Events: API Gateway REST
(v1) and HTTP API (v2)."""

import base64
import json
import os
import time
from decimal import Decimal

import products_rules as rules
import products_store
from products_rules import FieldErrors, RequestError

STORE = products_store.table_from_environment()
_FUNCTION_NAME = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
_FUNCTION_VERSION = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
_CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "Location, ETag, Retry-After"}
_ALLOWED_HEADERS = "Content-Type, Authorization, If-Match, Idempotency-Key, X-Amz-Date, X-Api-Key, X-Amz-Security-Token, X-Requested-With"
_ROUTES = {
    "collection": ("POST", "GET"),
    "item": ("GET", "PUT", "PATCH", "DELETE"),
    "health": ("GET",),
}
_cold = True


def _json_default(value):
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    raise TypeError(type(value).__name__)


def _dumps(value):
    return json.dumps(value, separators=(",", ":"), default=_json_default)


class _Request:
    def __init__(self, event):
        if "requestContext" in event and "http" in event.get("requestContext", {}):
            self.method = event["requestContext"]["http"]["method"]
            self.path = event.get("rawPath") or "/"
        else:
            self.method = event["httpMethod"]
            self.path = event["path"]
        self.headers = {name.lower(): value for name, value in (event.get("headers") or {}).items()}
        self.query = event.get("queryStringParameters") or {}
        body = event.get("body") or ""
        self.body = base64.b64decode(body) if event.get("isBase64Encoded") else body.encode("utf-8")
        self.multi_value = "multiValueHeaders" in event and "httpMethod" in event


def _response(request, status, body=None, headers=None):
    all_headers = {**(headers or {}), **_CORS}
    if body is not None:
        all_headers["Content-Type"] = "application/json"
    answer = {"statusCode": status, "headers": all_headers, "body": _dumps(body) if body is not None else "", "isBase64Encoded": False}
    if request is not None and request.multi_value:
        answer["multiValueHeaders"] = {name: [value] for name, value in all_headers.items()}
    return answer


def _error(request, error, request_id):
    body = {"code": error.code, "message": error.message, "requestId": request_id}
    if error.details is not None:
        body["details"] = error.details
    return _response(request, error.status, {"error": body}, error.headers)


def _product_json(product):
    body = {"productId": product["productId"], "name": product["name"]}
    if product.get("description") is not None:
        body["description"] = product["description"]
    body.update(price=product["price"], category=product["category"], inventoryCount=product["inventoryCount"],
                tags=product.get("tags") or [], createdAt=product["createdAt"], updatedAt=product["updatedAt"],
                version=product["version"])
    return body


def _product_response(request, status, product, extra=None):
    return _response(request, status, _product_json(product), {"ETag": f'"{product["version"]}"', **(extra or {})})


def _json_body(request):
    if len(request.body) > rules.MAXIMUM_BODY_BYTES:
        raise RequestError(413, "PayloadTooLarge", f"The request body exceeds {rules.MAXIMUM_BODY_BYTES} bytes.",
                           details={"limitBytes": rules.MAXIMUM_BODY_BYTES})
    content_type = request.headers.get("content-type")
    if (content_type is not None and not rules.is_json_media_type(content_type)) or (content_type is None and request.body):
        given = f"'{content_type}'" if content_type is not None else "none"
        raise RequestError(415, "UnsupportedMediaType", f"The request body must be application/json (Content-Type was {given}).")
    if not request.body:
        raise RequestError(400, "MalformedJSON", "the request body is empty; a JSON object is required")
    try:
        value = json.loads(request.body, parse_float=Decimal)
    except ValueError as error:
        raise RequestError(400, "MalformedJSON", f"the request body is not valid JSON: {error}") from None
    if not isinstance(value, dict):
        errors = FieldErrors()
        errors.add("body", "must be a JSON object")
        errors.raise_if_any()
    return value


def _product_id(request):
    product_id = request.path.split("/")[2]
    if not rules.is_product_id(product_id):
        raise RequestError(404, "NotFound", f"Product '{product_id}' was not found.")
    return product_id


def _create(request):
    body = _json_body(request)
    errors = FieldErrors()
    header = request.headers.get("idempotency-key")
    key = rules.idempotency_key(header, errors) if header is not None else None
    fields = rules.fields(body, False, errors)
    errors.raise_if_any()
    product = products_store.new_product(fields)
    if key is None:
        STORE.create(product)
    else:
        product = STORE.create_idempotent(product, key, products_store.idempotency_hash(fields))
    return _product_response(request, 201, product, {"Location": f"/products/{product['productId']}"})


def _get(request):
    product_id = _product_id(request)
    product = STORE.get(product_id)
    if product is None:
        raise RequestError(404, "NotFound", f"Product '{product_id}' was not found.")
    return _product_response(request, 200, product)


def _list(request):
    errors = FieldErrors()
    category, limit, cursor = rules.list_query(request.query, errors)
    errors.raise_if_any()
    products, next_cursor = STORE.page(category, limit, cursor)
    return _response(request, 200, {"items": [_product_json(p) for p in products], "count": len(products), "nextCursor": next_cursor})


def _update(request, partial):
    product_id = _product_id(request)
    body = _json_body(request)
    errors = FieldErrors()
    if partial:
        changes = rules.patch(body, errors)
    else:
        fields = rules.fields(body, True, errors)
        changes = None if fields is None else {**fields, "tags": fields["tags"] or None}
    expected = rules.expected_version(request.headers.get("if-match"), body, errors)
    errors.raise_if_any()
    if expected is None:
        raise RequestError(428, "PreconditionRequired",
                           'This update needs the version it is based on: send If-Match: "<version>" or a "version" member.')
    return _product_response(request, 200, STORE.update(product_id, changes, expected))


def _delete(request):
    product_id = _product_id(request)
    errors = FieldErrors()
    header = request.headers.get("if-match")
    expected = rules.if_match(header, errors) if header is not None else None
    errors.raise_if_any()
    STORE.delete(product_id, expected)
    return _response(request, 204)


def _health(request, context):
    global _cold
    body = {"status": "ok", "coldStart": _cold, "requestId": context.aws_request_id}
    if _FUNCTION_NAME:
        body["functionName"] = _FUNCTION_NAME
    if _FUNCTION_VERSION:
        body["functionVersion"] = _FUNCTION_VERSION
    return _response(request, 200, body, {"Cache-Control": "no-store"})


_HANDLERS = {
    ("collection", "POST"): _create,
    ("collection", "GET"): _list,
    ("item", "GET"): _get,
    ("item", "PUT"): lambda request: _update(request, partial=False),
    ("item", "PATCH"): lambda request: _update(request, partial=True),
    ("item", "DELETE"): _delete,
}


def _resource(path):
    segments = [segment for segment in path.split("/") if segment]
    if segments == ["health"]:
        return "health"
    if segments == ["products"]:
        return "collection"
    if len(segments) == 2 and segments[0] == "products":
        return "item"
    return None


def _route(request, context):
    resource = _resource(request.path)
    if resource is None:
        raise RequestError(404, "NotFound", f"No resource matches {request.path}.")
    methods = _ROUTES[resource]
    method = "GET" if request.method == "HEAD" else request.method
    if method not in methods:
        allowed = list(methods) + (["HEAD"] if "GET" in methods else []) + ["OPTIONS"]
        if request.method == "OPTIONS":
            return _response(request, 204, headers={"Access-Control-Allow-Methods": ", ".join(allowed),
                                                    "Access-Control-Allow-Headers": _ALLOWED_HEADERS,
                                                    "Access-Control-Max-Age": "600"})
        raise RequestError(405, "MethodNotAllowed", f"Method {request.method} is not allowed here; use one of {', '.join(allowed)}.",
                           headers={"Allow": ", ".join(allowed)})
    if resource == "health":
        answer = _health(request, context)
    else:
        answer = _HANDLERS[(resource, method)](request)
    if request.method == "HEAD":
        answer["body"] = ""
    return answer


def handler(event, context):
    global _cold
    started = time.monotonic()
    request = None
    try:
        request = _Request(event)
        answer = _route(request, context)
    except RequestError as error:
        answer = _error(request, error, context.aws_request_id)
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        answer = _error(request, RequestError(400, "BadRequest", f"not an HTTP request event: {error}"), context.aws_request_id)
    _cold = False
    print(_dumps({"level": "INFO", "message": "request", "method": getattr(request, "method", "-"), "path": getattr(request, "path", "-"),
                  "status": answer["statusCode"], "durationMs": round((time.monotonic() - started) * 1000, 3),
                  "requestId": context.aws_request_id}), flush=True)
    return answer


def loaded_files(event, context):
    """For the benchmark's eviction list only (never timed): serves `event` as `handler` does, then names every
    module file this process has imported and the startup files `site` reads."""
    handler(event, context)
    import site
    import sys

    files = set()
    for module in list(sys.modules.values()):
        for attribute in ("__file__", "__cached__"):
            path = getattr(module, attribute, None)
            if isinstance(path, str) and os.path.isfile(path):
                files.add(os.path.realpath(path))
    config = os.path.join(sys.prefix, "pyvenv.cfg")
    if os.path.isfile(config):
        files.add(config)
    for directory in site.getsitepackages():
        if os.path.isdir(directory):
            files.update(os.path.join(directory, name) for name in os.listdir(directory) if name.endswith(".pth"))
    return {"files": sorted(files)}

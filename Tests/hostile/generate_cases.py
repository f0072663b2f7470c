"""Writes cases.jsonl, the hostile-input corpus: one JSON object per line, each an event or request and the
outcome the function must give. Run it after editing this file (`make hostile-cases`); the test checks the
checked-in file is what this script writes, so the two never drift.

A case is {"id", "about", "event", "expect"}:
- "event" is one of
  {"raw": text} / {"raw_base64": b64}: the event's bytes as they are (not JSON, invalid UTF-8, ...);
  {"document": value}: a JSON event written as given;
  {"request": {"source", "method", "path", "query", "headers", "body", "body_base64", "base64"}}: an HTTP
  request the test wraps in the event its source sends (rest = API Gateway REST payload 1.0, http = HTTP API
  payload 2.0, alb = Application Load Balancer, url = function URL). "path" goes into the event as it is.
- "expect" is {"invocation_error": errorType} (posted to /invocation/{id}/error) or {"status", "code",
  "fields"?}: the HTTP answer, its error.code and the fields error.details must name.
Directives keep huge inputs small here: a string may be {"$repeat": text, "times": n}, {"$concat": [...]} or
{"$sequence": template, "count": n, "separator": s} ("#" in the template is the index); {"$object": [key, value],
"count": n} is an object of n numbered members; {"$pairs": [name, value], "count": n} inside a list is spliced in
as n numbered pairs.
Placeholders filled in by the test: @ID@ (an existing product at version 1), @MISSING@ (a well-formed id
that does not exist), @CURSOR@ (a real cursor of category hostile-a), @CURSOR_SCAN@ (a real scan cursor).
"""

from __future__ import annotations

import base64
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUTPUT = os.path.join(HERE, "cases.jsonl")

CASES: list[dict] = []
VALID = {"name": "Desk lamp", "price": 19.99, "category": "hostile-a"}
ALLOWED_ORIGIN = "https://app.example"  # the test's CORS_ALLOWED_ORIGINS


def repeat(text: str, times: int) -> dict:
    return {"$repeat": text, "times": times}


def concat(*parts) -> dict:
    return {"$concat": list(parts)}


def sequence(template: str, count: int, separator: str = ",") -> dict:
    return {"$sequence": template, "count": count, "separator": separator}


def numbered_pairs(name: str, value: str, count: int) -> dict:
    return {"$pairs": [name, value], "count": count}


def add(case_id: str, about: str, event: dict, expect: dict) -> None:
    assert all(case["id"] != case_id for case in CASES), case_id
    CASES.append({"id": case_id, "about": about, "event": event, "expect": expect})


def request(method: str, path: str, *, source: str = "rest", headers=None, query=None, body=None, body_base64=None) -> dict:
    spec: dict = {"source": source, "method": method, "path": path}
    if headers:
        spec["headers"] = [pair if isinstance(pair, dict) else list(pair) for pair in headers]
    if query:
        spec["query"] = [pair if isinstance(pair, dict) else list(pair) for pair in query]
    if body is not None:
        spec["body"] = body
    if body_base64 is not None:
        spec["body_base64"] = body_base64
    return {"request": spec}


def error(status: int, code: str, fields: list[str] | None = None) -> dict:
    expect: dict = {"status": status, "code": code}
    if fields:
        expect["fields"] = fields
    return expect


JSON_TYPE = [("Content-Type", "application/json")]


def body_of(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def with_field(name: str, value, base: dict | None = None) -> str:
    document = dict(base or VALID)
    document[name] = value
    return body_of(document)


# --- 1. Not JSON at all: a posted InvalidEvent, nothing else -------------------------------------------------
for case_id, text in [
    ("empty", ""), ("space", " "), ("open-brace", "{"), ("close-brace", "}"), ("open-bracket", "["),
    ("bare-word", "hello"), ("nul-literal", "nul"), ("missing-value", '{"httpMethod":}'),
    ("trailing-comma", '{"httpMethod":"GET","path":"/health",}'), ("single-quotes", "{'httpMethod':'GET'}"),
    ("trailing-garbage", '{"httpMethod":"GET","path":"/health"} x'),
    ("truncated-event", '{"httpMethod": "GET", "path": "/health", "headers": {"Host": "a'),
    ("unescaped-control", '{"httpMethod":"GET","path":"/he\u0001alth"}'), ("lone-surrogate", '{"path":"\\ud800"}'),
    ("bad-escape", '{"path":"\\q"}'), ("leading-zero", '{"a":01}'), ("nan", '{"a":NaN}'), ("comment", '// {}\n{}'),
    ("deep-arrays", concat(repeat("[", 100_000), repeat("]", 100_000))),
    ("deep-objects", concat(repeat('{"a":', 300), "1", repeat("}", 300))),
    ("unterminated-string", concat('{"path":"', repeat("a", 1_000_000))),
]:
    add(f"raw/{case_id}", "an event that is not JSON", {"raw": text}, {"invocation_error": "InvalidEvent"})

for case_id, data in [
    ("invalid-utf8", b'{"httpMethod":"GET","path":"/\xff"}'),
    ("overlong-utf8", b'{"httpMethod":"GET","path":"/\xc0\xaf"}'),
    ("utf8-surrogate", b'{"httpMethod":"GET","path":"/\xed\xa0\x80"}'),
    ("utf8-bom", b'\xef\xbb\xbf{"httpMethod":"GET","path":"/health"}'),
    ("utf16", '{"httpMethod":"GET","path":"/health"}'.encode("utf-16")),
    ("nul-bytes", b"\x00\x00\x00\x00"),
    ("binary", bytes(range(256))),
]:
    add(f"raw/{case_id}", "event bytes that are not UTF-8 JSON", {"raw_base64": base64.b64encode(data).decode()},
        {"invocation_error": "InvalidEvent"})

# --- 2. JSON, but no HTTP request: a posted UnsupportedEvent -------------------------------------------------
for case_id, document in [
    ("null", None), ("true", True), ("number", 42), ("huge-number", repeat("9", 100_000)), ("string", "GET /health"),
    ("empty-array", []), ("array-of-event", [{"httpMethod": "GET", "path": "/health"}]), ("empty-object", {}),
    ("sqs", {"Records": [{"eventSource": "aws:sqs", "body": "x"}]}),
    ("sns", {"Records": [{"EventSource": "aws:sns", "Sns": {"Message": "x"}}]}),
    ("s3", {"Records": [{"eventSource": "aws:s3", "s3": {"bucket": {"name": "b"}}}]}),
    ("dynamodb-stream", {"Records": [{"eventSource": "aws:dynamodb", "dynamodb": {}}]}),
    ("records-not-array", {"Records": "x"}),
    ("eventbridge", {"detail-type": "Scheduled Event", "source": "aws.events", "detail": {}}),
    ("method-number", {"httpMethod": 5, "path": "/health"}),
    ("method-array", {"httpMethod": ["GET"], "path": "/health"}),
    ("v2-method-number", {"version": "2.0", "rawPath": "/health", "requestContext": {"http": {"method": 7}}}),
    ("v2-http-string", {"version": "2.0", "rawPath": "/health", "requestContext": {"http": "GET"}}),
    ("alb-without-method", {"requestContext": {"elb": {"targetGroupArn": "arn:aws:elasticloadbalancing:x"}}, "path": "/health"}),
    ("context-only", {"requestContext": {"requestId": "r"}}),
]:
    if isinstance(document, dict) and "$repeat" in document:
        add(f"not-http/{case_id}", "valid JSON that is no HTTP event", {"raw": document}, {"invocation_error": "UnsupportedEvent"})
    else:
        add(f"not-http/{case_id}", "valid JSON that is no HTTP event", {"document": document}, {"invocation_error": "UnsupportedEvent"})

# --- 3. HTTP events with a member of the wrong type: 400 BadRequest, in the source's response shape ----------
REST_BASE = {"resource": "/{proxy+}", "path": "/health", "httpMethod": "GET", "requestContext": {"stage": "Prod", "requestId": "r"}}
V2_BASE = {"version": "2.0", "routeKey": "$default", "rawPath": "/health", "rawQueryString": "",
           "requestContext": {"http": {"method": "GET", "path": "/health", "sourceIp": "198.51.100.7"}, "stage": "$default"}}
ALB_BASE = {"requestContext": {"elb": {"targetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/t/1"}},
            "httpMethod": "GET", "path": "/health"}


def merged(base: dict, changes: dict) -> dict:
    document = json.loads(json.dumps(base))
    for dotted, value in changes.items():
        target = document
        *parents, last = dotted.split(".")
        for parent in parents:
            target = target[parent]
        target[last] = value
    return document


for source, base, changes in [
    ("rest", REST_BASE, {"headers": ["Host", "a"]}), ("rest", REST_BASE, {"headers": {"Host": 1}}),
    ("rest", REST_BASE, {"headers": {"Host": {"v": "a"}}}), ("rest", REST_BASE, {"multiValueHeaders": {"Host": "a"}}),
    ("rest", REST_BASE, {"multiValueHeaders": {"Host": [1]}}), ("rest", REST_BASE, {"multiValueHeaders": []}),
    ("rest", REST_BASE, {"queryStringParameters": "limit=1"}), ("rest", REST_BASE, {"queryStringParameters": {"limit": 1}}),
    ("rest", REST_BASE, {"multiValueQueryStringParameters": {"limit": "1"}}), ("rest", REST_BASE, {"path": 5}),
    ("rest", REST_BASE, {"path": ["/health"]}), ("rest", REST_BASE, {"body": 5}), ("rest", REST_BASE, {"body": {"a": 1}}),
    ("rest", REST_BASE, {"body": "e30=", "isBase64Encoded": "true"}), ("rest", REST_BASE, {"requestContext": ["x"]}),
    ("rest", REST_BASE, {"requestContext.stage": 1}), ("rest", REST_BASE, {"requestContext.requestId": 7}),
    ("rest", REST_BASE, {"requestContext.identity": "198.51.100.7"}), ("rest", REST_BASE, {"httpMethod": ""}),
    ("http", V2_BASE, {"rawPath": 1}), ("http", V2_BASE, {"rawQueryString": ["a"]}), ("http", V2_BASE, {"headers": "a: b"}),
    ("http", V2_BASE, {"cookies": "a=b"}), ("http", V2_BASE, {"cookies": [1]}), ("http", V2_BASE, {"requestContext.stage": False}),
    ("http", V2_BASE, {"requestContext.http.sourceIp": 1}), ("http", V2_BASE, {"body": True}),
    ("http", V2_BASE, {"requestContext.http.method": ""}),
    ("alb", ALB_BASE, {"headers": [1]}), ("alb", ALB_BASE, {"multiValueHeaders": {"host": "a"}}),
    ("alb", ALB_BASE, {"queryStringParameters": {"a": None, "b": 2}}), ("alb", ALB_BASE, {"path": {}}),
    ("alb", ALB_BASE, {"isBase64Encoded": 1, "body": "e30="}),
]:
    member = "+".join(f"{key}={json.dumps(value)}" for key, value in changes.items())
    add(f"event-type/{source}/{member}", "an HTTP event with a member of the wrong type",
        {"document": merged(base, changes)}, error(400, "BadRequest"))

# A body marked base64 that is not base64: 400 BadRequest before anything reads it.
for index, text in enumerate(["%%%%", "e3==0=", "e30=\n", "e3 0=", "ZZZ=Z", "====", "e30=="]):
    add(f"event-base64/rest/{index}", f"isBase64Encoded with a body that is not base64: {text!r}",
        {"document": merged(REST_BASE, {"httpMethod": "POST", "path": "/products", "headers": {"Content-Type": "application/json"},
                                          "body": text, "isBase64Encoded": True})}, error(400, "BadRequest"))
add("event-base64/http", "HTTP API body marked base64 that is not", {"document": merged(V2_BASE, {"body": "@@", "isBase64Encoded": True})},
    error(400, "BadRequest"))

# --- 4. Bodies: every field with every wrong type (POST and PATCH), numbers beyond range, control characters --
WRONG_TYPES = [("number", 1), ("true", True), ("array", []), ("object", {}), ("string", "12")]
for field in ["name", "description", "price", "category", "inventoryCount", "tags"]:
    for type_name, value in WRONG_TYPES:
        if field in ("name", "description", "category") and type_name == "string":
            continue
        if (field == "tags" and type_name == "array") or (field in ("price", "inventoryCount") and type_name == "number"):
            continue
        add(f"post/{field}/{type_name}", f"POST with {field} as {type_name}",
            request("POST", "/products", headers=JSON_TYPE, body=with_field(field, value)), error(400, "ValidationFailed", [field]))
    if field in ("name", "price", "category", "inventoryCount"):
        add(f"post/{field}/null", f"POST with {field} null", request("POST", "/products", headers=JSON_TYPE, body=with_field(field, None)),
            error(400, "ValidationFailed", [field]))
        add(f"patch/{field}/null", f"PATCH with {field} null",
            request("PATCH", "/products/@ID@", headers=JSON_TYPE + [("If-Match", '"1"')], body=body_of({field: None})),
            error(400, "ValidationFailed", [field]))
    add(f"patch/{field}/object", f"PATCH with {field} as an object",
        request("PATCH", "/products/@ID@", headers=JSON_TYPE + [("If-Match", '"1"')], body=body_of({field: {"$gt": 0}})),
        error(400, "ValidationFailed", [field]))

for field in ["name", "price", "category"]:
    document = dict(VALID)
    del document[field]
    add(f"post/{field}/missing", f"POST without {field}", request("POST", "/products", headers=JSON_TYPE, body=body_of(document)),
        error(400, "ValidationFailed", [field]))

for case_id, field, value in [
    ("name-empty", "name", ""), ("name-blank", "name", " \t "), ("name-too-long", "name", "n" * 201),
    ("name-astral-too-long", "name", "😀" * 201), ("category-empty", "category", ""), ("category-too-long", "category", "c" * 101),
    ("category-blank", "category", "\u2003"),
    ("tags-too-many", "tags", [f"t{index}" for index in range(21)]),
    ("tag-empty", "tags", [""]), ("tag-too-long", "tags", ["t" * 51]), ("tag-duplicate", "tags", ["a", "b", "a"]),
    ("tag-number", "tags", ["a", 1]), ("tag-null", "tags", [None]), ("tag-nested", "tags", [["a"]]),
    ("price-negative", "price", -1), ("price-three-decimals", "price", 1.005), ("price-too-big", "price", 1000000000000),
    ("price-string-nan", "price", "NaN"), ("inventory-negative", "inventoryCount", -1), ("inventory-fraction", "inventoryCount", 1.5),
    ("inventory-int64-overflow", "inventoryCount", 9223372036854775808),
]:
    add(f"post/{case_id}", f"POST with {field} out of its rules", request("POST", "/products", headers=JSON_TYPE, body=with_field(field, value)),
        error(400, "ValidationFailed", [field]))

# Numbers written as JSON number text (beyond float and beyond DynamoDB's 38 digits and 1E-130..9.9E+125).
for case_id, field, text in [
    ("price-1e126", "price", "1e126"), ("price-1e-131", "price", "1e-131"), ("price-39-digits", "price", "1" * 39),
    ("price-1e400", "price", "1E+400"), ("price-exponent-too-large", "price", "1e1000000"), ("price-neg-tiny", "price", "-1e-200"),
    ("inventory-1e38", "inventoryCount", "1e38"), ("inventory-1e999999", "inventoryCount", "1e999999"),
    ("inventory-huge-digits", "inventoryCount", "9" * 5000), ("inventory-neg-huge", "inventoryCount", "-1e130"),
]:
    body = '{"name":"Lamp","price":%s,"category":"hostile-a"}' % (text if field == "price" else "1")
    if field != "price":
        body = '{"name":"Lamp","price":1,"category":"hostile-a","%s":%s}' % (field, text)
    add(f"number/{case_id}", f"{field} = {text[:20]}", request("POST", "/products", headers=JSON_TYPE, body=body),
        error(400, "ValidationFailed", [field]))

# Control characters: refused in every text field, except tab and line feed in description.
for field, character in [
    ("name", "\u0000"), ("name", "\u0007"), ("name", "\u001b[31m"), ("name", "\r"), ("name", "\n"), ("name", "\t"),
    ("name", "\u007f"), ("name", "\u0085"), ("category", "\u0000"), ("category", "\n"), ("category", "\u009b"),
    ("description", "\u0000"), ("description", "\r"), ("description", "\u001b"), ("description", "\u0085"), ("description", "\u000b"),
    ("tags", "\n"), ("tags", "\u0000"),
]:
    value = [f"a{character}b"] if field == "tags" else f"a{character}b"
    code = f"U+{ord(character[0]):04X}"
    add(f"control/{field}/{code}", f"{field} with {code}", request("POST", "/products", headers=JSON_TYPE, body=with_field(field, value)),
        error(400, "ValidationFailed", ["tags[0]" if field == "tags" else field]))
add("control/patch-name", "PATCH name with a NUL", request("PATCH", "/products/@ID@", headers=JSON_TYPE + [("If-Match", '"1"')],
    body=body_of({"name": "x\u0000"})), error(400, "ValidationFailed", ["name"]))

# Members that are not fields, and bodies that are no JSON object.
for case_id, key in [("productId", "productId"), ("version", "version"), ("createdAt", "createdAt"), ("proto", "__proto__"),
                     ("uppercase", "NAME"), ("empty-key", ""), ("nul-key", "na\u0000me"), ("operator", "$set")]:
    add(f"members/{case_id}", f"POST with member {key!r}", request("POST", "/products", headers=JSON_TYPE, body=with_field(key, "x")),
        error(400, "ValidationFailed", [key]))
add("members/thousands-unknown", "POST with 5,000 unknown members",
    request("POST", "/products", headers=JSON_TYPE, body=concat(body_of(VALID)[:-1], ",", sequence('"k#":0', 5000), "}")),
    error(400, "ValidationFailed", ["k0", "k4999"]))
add("post/tags-thousands", "POST with 12,000 tags (once checked one by one)",
    request("POST", "/products", headers=JSON_TYPE, body=concat(body_of(VALID)[:-1], ',"tags":[', sequence('"t"', 12_000), "]}")),
    error(400, "ValidationFailed", ["tags"]))
add("post/description-too-long", "POST with a 2,001-character description",
    request("POST", "/products", headers=JSON_TYPE, body=concat(body_of(VALID)[:-1], ',"description":"', repeat("d", 2001), '"}')),
    error(400, "ValidationFailed", ["description"]))
add("members/duplicate-last-invalid", "a repeated member: the last one counts",
    request("POST", "/products", headers=JSON_TYPE, body='{"name":"Lamp","price":1,"category":"c","name":7}'), error(400, "ValidationFailed", ["name"]))
add("members/patch-empty", "PATCH with nothing to change", request("PATCH", "/products/@ID@", headers=JSON_TYPE + [("If-Match", '"1"')], body="{}"),
    error(400, "ValidationFailed", ["body"]))

for case_id, body in [("array", "[]"), ("string", '"x"'), ("number", "1"), ("null", "null"), ("true", "true"),
                      ("nested-array", body_of([VALID]))]:
    add(f"body-shape/{case_id}", "a JSON body that is not an object", request("POST", "/products", headers=JSON_TYPE, body=body),
        error(400, "ValidationFailed", ["body"]))

for case_id, body in [
    ("empty", ""), ("whitespace", " \n\t"), ("truncated", '{"name":"Lamp","price":1'), ("trailing-comma", '{"name":"a",}'),
    ("single-quotes", "{'name':'a'}"), ("comment", '{"name":"a"/*x*/}'), ("nan", '{"price":NaN}'), ("infinity", '{"price":Infinity}'),
    ("hex", '{"price":0x10}'), ("leading-zero", '{"price":012}'), ("plus", '{"price":+1}'), ("dot", '{"price":.5}'),
    ("lone-surrogate", '{"name":"\\udc00"}'), ("bad-escape", '{"name":"\\x41"}'), ("raw-newline", '{"name":"a\nb"}'),
    ("two-documents", "{}{}"), ("deep", concat(repeat("[", 30_000), repeat("]", 30_000))),
    ("deep-in-field", concat('{"name":', repeat("[", 300), repeat("]", 300), "}")),
]:
    add(f"malformed/{case_id}", "a body that is not JSON", request("POST", "/products", headers=JSON_TYPE, body=body),
        error(400, "MalformedJSON"))

for case_id, data in [
    ("invalid-utf8", b'{"name":"\xff","price":1,"category":"c"}'), ("overlong", b'{"name":"\xc0\xaf","price":1,"category":"c"}'),
    ("utf8-surrogate", b'{"name":"\xed\xa0\x80","price":1,"category":"c"}'), ("bom", b'\xef\xbb\xbf{"name":"a","price":1,"category":"c"}'),
    ("utf16", body_of(VALID).encode("utf-16-le")), ("latin1", '{"name":"caf\u00e9","price":1,"category":"c"}'.encode("latin-1")),
    ("nul", b"\x00"),
]:
    add(f"bytes/{case_id}", "a base64 body whose bytes are not UTF-8 JSON",
        request("POST", "/products", headers=JSON_TYPE, body_base64=base64.b64encode(data).decode()), error(400, "MalformedJSON"))

# Size: 64 KiB is the limit, whatever the encoding and whether or not the JSON is valid.
add("size/64KiB+1", "a body one byte over the limit", request("POST", "/products", headers=JSON_TYPE,
    body=concat('{"name":"', repeat("a", 65536 - 10), '"}')), error(413, "PayloadTooLarge"))
add("size/1MiB", "a 1 MiB body", request("POST", "/products", headers=JSON_TYPE, body=repeat("[", 1 << 20)), error(413, "PayloadTooLarge"))
add("size/4MiB-base64", "a 4 MiB base64 body", request("POST", "/products", headers=JSON_TYPE, body_base64=repeat("AAAA", 1 << 20)),
    error(413, "PayloadTooLarge"))
add("size/put-too-large", "PUT with a 100 KiB description", request("PUT", "/products/@ID@", headers=JSON_TYPE + [("If-Match", '"1"')],
    body=concat(body_of(VALID)[:-1], ',"description":"', repeat("d", 100_000), '"}')), error(413, "PayloadTooLarge"))

# Media types.
for case_id, content_type in [
    ("text-plain", "text/plain"), ("form", "application/x-www-form-urlencoded"), ("xml", "application/xml"),
    ("latin1", "application/json; charset=latin1"), ("utf16", "application/json;charset=utf-16"), ("jsonp", "application/jsonp"),
    ("multipart", "multipart/form-data; boundary=x"), ("crlf-injection", "application/json\r\nX-Injected: 1"),
    ("empty", ""), ("huge", concat("application/", repeat("x", 20_000))), ("nul", "application/json\u0000"),
]:
    add(f"media-type/{case_id}", f"Content-Type {case_id}", request("POST", "/products", headers=[("Content-Type", content_type)],
        body=body_of(VALID)), error(415, "UnsupportedMediaType"))
add("media-type/missing", "a body without Content-Type", request("POST", "/products", body=body_of(VALID)), error(415, "UnsupportedMediaType"))

# --- 5. Headers: Idempotency-Key, If-Match, Origin and oversized values ------------------------------------
for case_id, key in [("empty", ""), ("space", "a b"), ("crlf", "key\r\nSet-Cookie: a=b"), ("lf", "key\nx"), ("nul", "k\u0000"),
                     ("tab", "k\tx"), ("non-ascii", "ключ"), ("too-long", "k" * 256), ("huge", repeat("k", 100_000)), ("del", "k\u007f")]:
    add(f"idempotency-key/{case_id}", "an unusable Idempotency-Key", request("POST", "/products", headers=JSON_TYPE + [("Idempotency-Key", key)],
        body=body_of(VALID)), error(400, "ValidationFailed", ["Idempotency-Key"]))

# `*` is not here: RFC 9110's "any current version", accepted (Tests/e2e/test_contract_semantics.py).
for case_id, value in [("word", "abc"), ("list", '"1", "2"'), ("weak-empty", "W/"), ("empty-quotes", '""'),
                       ("zero", '"0"'), ("negative", '"-1"'), ("int64-max", '"9223372036854775807"'),
                       ("beyond-int64", '"99999999999999999999"'), ("crlf", '"1"\r\nX-Injected: 1'), ("half-quoted", '"1'),
                       ("fullwidth-digit", '"\uff11"'), ("huge", concat('"', repeat("1", 50_000), '"')), ("plus", '"+1"'),
                       ("hex", '"0x1"'), ("space-inside", '" 1"')]:
    add(f"if-match/patch/{case_id}", f"PATCH with If-Match {case_id}",
        request("PATCH", "/products/@ID@", headers=JSON_TYPE + [("If-Match", value)], body=body_of({"inventoryCount": 3})),
        error(400, "ValidationFailed", ["If-Match"]))
for case_id, value in [("int64-max", '"9223372036854775807"'), ("word", "x")]:
    add(f"if-match/put/{case_id}", f"PUT with If-Match {case_id}",
        request("PUT", "/products/@ID@", headers=JSON_TYPE + [("If-Match", value)], body=body_of(VALID)),
        error(400, "ValidationFailed", ["If-Match"]))
    add(f"if-match/delete/{case_id}", f"DELETE with If-Match {case_id}", request("DELETE", "/products/@ID@", headers=[("If-Match", value)]),
        error(400, "ValidationFailed", ["If-Match"]))
for case_id, version in [("int64-max", "9223372036854775807"), ("zero", "0"), ("string", '"1"'), ("fraction", "1.5"), ("huge", "1e40")]:
    add(f"body-version/{case_id}", f"PATCH with body version {version}",
        request("PATCH", "/products/@ID@", headers=JSON_TYPE, body='{"inventoryCount":3,"version":%s}' % version),
        error(400, "ValidationFailed", ["version"]))
add("body-version/disagrees", "If-Match and body version disagree",
    # Both are preconditions and no write can meet both: 409 with the current version, and nothing is written.
    request("PUT", "/products/@ID@", headers=JSON_TYPE + [("If-Match", '"1"')], body=with_field("version", 2)), error(409, "VersionConflict"))
add("precondition/put-none", "PUT with no expected version", request("PUT", "/products/@ID@", headers=JSON_TYPE, body=body_of(VALID)),
    error(428, "PreconditionRequired"))
add("precondition/patch-none", "PATCH with no expected version", request("PATCH", "/products/@ID@", headers=JSON_TYPE, body='{"price":2}'),
    error(428, "PreconditionRequired"))

# Origin: never echoed unless it is exactly the allowed origin (checked on every response by the test).
for case_id, origin in [("crlf", ALLOWED_ORIGIN + "\r\nSet-Cookie: session=x"), ("lf", ALLOWED_ORIGIN + "\nX: 1"),
                        ("nul", ALLOWED_ORIGIN + "\u0000"), ("trailing-space", ALLOWED_ORIGIN + " "), ("case", ALLOWED_ORIGIN.upper()),
                        ("null", "null"), ("star", "*"), ("suffix", ALLOWED_ORIGIN + ".evil.example"), ("huge", concat("https://", repeat("a", 100_000))),
                        ("list", ALLOWED_ORIGIN + ", https://evil.example")]:
    add(f"origin/{case_id}", "an Origin that must not be echoed", request("GET", "/products/not-an-id", headers=[("Origin", origin)]),
        error(404, "NotFound"))

# Oversized and odd headers on requests that are wrong for another reason (the answer says why, never a 5xx).
for case_id, headers in [
    ("bearer-100KiB", [("Authorization", concat("Bearer ", repeat("A", 100_000)))]),
    ("bearer-crlf", [("Authorization", "Bearer a\r\nX-Injected: 1")]),
    ("cookie-200KiB", [("Cookie", repeat("a=b; ", 40_000))]),
    ("header-name-crlf", [("X-A\r\nX-B", "1")]), ("header-name-empty", [("", "1")]),
    ("ten-thousand-headers", [numbered_pairs("X-H#", "v", 10_000)]),
    ("x-forwarded-for-huge", [("X-Forwarded-For", repeat("10.0.0.1, ", 20_000))]),
]:
    add(f"headers/{case_id}", "oversized or odd headers", request("GET", "/products/@MISSING@", headers=headers), error(404, "NotFound"))
add("headers/300k-members", "an event with 300,000 header members (once quadratic)",
    {"document": merged(REST_BASE, {"path": "/products/not-an-id", "headers": {"$object": ["h#", "v"], "count": 300_000}})},
    error(404, "NotFound"))
add("headers/300k-multi-value", "300,000 multi-value header members and a bad id",
    {"document": merged(REST_BASE, {"path": "/products/x", "multiValueHeaders": {"$object": ["h#", ["v"]], "count": 300_000}})},
    error(404, "NotFound"))

# --- 6. Paths and ids: encoded slashes, traversal, lookalikes, huge ----------------------------------------
for case_id, path in [
    ("traversal-encoded", "/products/..%2F..%2Fetc%2Fpasswd"), ("traversal-plain", "/products/../health/x"),
    ("dot-dot", "/products/.."), ("dot-dot-encoded", "/products/%2e%2e"), ("encoded-slash", "/products/@MISSING@%2Fx"),
    ("nul", "/products/%00"), ("nul-after-id", "/products/@MISSING@%00"), ("newline-after-id", "/products/@MISSING@%0A"),
    ("uppercase-id", "/products/3F2B8C1E-5D4A-4E6F-9A7B-0C1D2E3F4A5B"), ("uuid-v1", "/products/3f2b8c1e-5d4a-1e6f-9a7b-0c1d2e3f4a5b"),
    ("idempotency-record", "/products/idempotency%23" + "0" * 64), ("double-slash", "//products/x"), ("backslash", "/products\\..\\x"),
    ("bad-percent", "/products/%ZZ"), ("unicode-lookalike", "/products/\u0430bc"), ("rtl-override", "/products/\u202eabc"),
    ("huge-path", concat("/products/", repeat("a", 500_000))), ("huge-quotes-path", concat("/", repeat('"', 2_500_000))),
    ("uppercase-route", "/PRODUCTS"), ("semicolon", "/products;x=1"),
]:
    add(f"path/{case_id}", f"path {case_id}", request("GET", path), error(404, "NotFound"))
for method in ["PUT", "PATCH", "DELETE"]:
    add(f"path/{method.lower()}-traversal", f"{method} on a traversal id",
        request(method, "/products/..%2F@ID@", headers=JSON_TYPE + [("If-Match", '"1"')], body="" if method == "DELETE" else body_of({"price": 1})),
        error(404, "NotFound"))

for case_id, method in [("trace", "TRACE"), ("connect", "CONNECT"), ("crlf", "GET\r\nX: 1"), ("nul", "G\u0000ET"),
                        ("huge", repeat("M", 200_000)), ("space", "GE T")]:
    add(f"method/{case_id}", f"method {case_id}", request(method, "/products"), error(405, "MethodNotAllowed"))

# --- 7. Query: limit, category, forged cursors ------------------------------------------------------------
for case_id, value in [("zero", "0"), ("negative", "-1"), ("too-big", "101"), ("exponent", "1e2"), ("hex", "0x10"), ("space", "10 "),
                       ("empty", ""), ("fraction", "2.5"), ("beyond-int64", "99999999999999999999"), ("fullwidth", "\uff11"), ("plus", "+5")]:
    add(f"query/limit-{case_id}", f"limit={value!r}", request("GET", "/products", query=[("limit", value)]), error(400, "ValidationFailed", ["limit"]))
for case_id, value in [("empty", ""), ("blank", "   "), ("too-long", "c" * 101), ("nul", "a\u0000"), ("newline", "a\nb"), ("escape", "\u001b[2J")]:
    add(f"query/category-{case_id}", f"category={value!r}", request("GET", "/products", query=[("category", value)]),
        error(400, "ValidationFailed", ["category"]))
for case_id, cursor, category in [
    ("garbage", "not-a-cursor", None), ("empty", "", None), ("symbols", "!!!!", None), ("short-base64", "AAAA", None),
    ("random-bytes", base64.urlsafe_b64encode(os.urandom(0) + bytes(range(64))).decode().rstrip("="), None),
    ("unsigned-key", base64.urlsafe_b64encode(b'{"productId":{"S":"x"}}' + b"\0" * 32).decode().rstrip("="), None),
    ("too-long", "A" * 5000, None), ("huge", repeat("A", 1_000_000), None),
    ("tampered", "@CURSOR_TAMPERED@", "hostile-a"), ("truncated", "@CURSOR_TRUNCATED@", "hostile-a"),
    ("other-category", "@CURSOR@", "hostile-b"), ("category-cursor-in-scan", "@CURSOR@", None),
    ("scan-cursor-in-category", "@CURSOR_SCAN@", "hostile-a"), ("cursor-extra-symbol", "@CURSOR@A", "hostile-a"),
    ("cursor-twice", "@CURSOR@@CURSOR@", "hostile-a"),
]:
    query = [("cursor", cursor)] + ([("category", category)] if category else [])
    add(f"cursor/{case_id}", "a forged, altered or misplaced cursor", request("GET", "/products", query=query), error(400, "InvalidCursor"))
add("query/ten-thousand-parameters", "10,000 query parameters and a bad limit",
    request("GET", "/products", query=[numbered_pairs("p#", "v", 10_000), ("limit", "0")]), error(400, "ValidationFailed", ["limit"]))

# --- 8. The same hostile requests through the other front doors (HTTP API, ALB, function URL) ------------
for source in ["http", "alb", "url"]:
    for case_id, spec, expect in [
        ("post-name-number", dict(method="POST", path="/products", headers=JSON_TYPE, body=with_field("name", 1)), error(400, "ValidationFailed", ["name"])),
        ("post-control", dict(method="POST", path="/products", headers=JSON_TYPE, body=with_field("category", "a\u0000")), error(400, "ValidationFailed", ["category"])),
        ("post-malformed", dict(method="POST", path="/products", headers=JSON_TYPE, body='{"name":'), error(400, "MalformedJSON")),
        ("post-invalid-utf8", dict(method="POST", path="/products", headers=JSON_TYPE, body_base64=base64.b64encode(b'{"name":"\xfe"}').decode()), error(400, "MalformedJSON")),
        ("post-too-large", dict(method="POST", path="/products", headers=JSON_TYPE, body=repeat("x", 70_000)), error(413, "PayloadTooLarge")),
        ("post-text", dict(method="POST", path="/products", headers=[("Content-Type", "text/plain")], body="{}"), error(415, "UnsupportedMediaType")),
        ("idempotency-crlf", dict(method="POST", path="/products", headers=JSON_TYPE + [("Idempotency-Key", "a\r\nb")], body=body_of(VALID)), error(400, "ValidationFailed", ["Idempotency-Key"])),
        ("if-match-int64-max", dict(method="PATCH", path="/products/@ID@", headers=JSON_TYPE + [("If-Match", '"9223372036854775807"')], body='{"price":1}'), error(400, "ValidationFailed", ["If-Match"])),
        ("traversal", dict(method="GET", path="/products/..%2F..%2Fetc%2Fpasswd"), error(404, "NotFound")),
        ("encoded-slash", dict(method="DELETE", path="/products/@ID@%2F..%2F@MISSING@"), error(404, "NotFound")),
        ("limit", dict(method="GET", path="/products", query=[("limit", "1000")]), error(400, "ValidationFailed", ["limit"])),
        ("cursor-tampered", dict(method="GET", path="/products", query=[("category", "hostile-a"), ("cursor", "@CURSOR_TAMPERED@")]), error(400, "InvalidCursor")),
        ("origin-crlf", dict(method="GET", path="/nowhere", headers=[("Origin", ALLOWED_ORIGIN + "\r\nX: 1")]), error(404, "NotFound")),
        ("method", dict(method="BREW", path="/health"), error(405, "MethodNotAllowed")),
    ]:
        add(f"{source}/{case_id}", f"{case_id} through {source}", request(source=source, **spec), expect)


def main() -> None:
    with open(OUTPUT, "w", encoding="utf-8") as file:
        for case in CASES:
            file.write(json.dumps(case, ensure_ascii=True, separators=(",", ":")) + "\n")
    print(f"{len(CASES)} cases -> {os.path.relpath(OUTPUT)}")


if __name__ == "__main__":
    main()

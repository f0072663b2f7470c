"""The local API Gateway itself: the event it builds (compared with sam local's own event constructor) and how it
writes the function's proxy response back, with a Python function standing in for the Lambda function."""

import base64
import json
import time

import pytest
import requests

from tools.local.api_gateway import EventBuilder, LocalAPI, parse_proxy_response, MalformedResponse
from tools.local.runtime_api import InvocationResult, platform_error


class FakeFunction:
    """Records the events it gets and answers with `response` (a dict, raw bytes, or an InvocationResult)."""

    def __init__(self):
        self.events = []
        self.response = {"statusCode": 200, "body": "ok"}

    def __call__(self, event: bytes) -> InvocationResult:
        self.events.append(json.loads(event))
        if isinstance(self.response, InvocationResult):
            return self.response
        payload = self.response if isinstance(self.response, bytes) else json.dumps(self.response).encode()
        return InvocationResult("request-id", payload)


@pytest.fixture
def function():
    return FakeFunction()


@pytest.fixture
def api(function):
    with LocalAPI(function, port=0, log=lambda line: None) as local:
        yield local


def key_shape(value):
    """The nested key structure of an event, without values."""
    if isinstance(value, dict):
        return {key: key_shape(item) for key, item in value.items() if key not in ("headers", "multiValueHeaders")}
    return None


def test_the_event_has_the_shape_sam_local_produces():
    import flask  # installed with aws-sam-cli, which requirements-dev.txt pins
    from samcli.local.apigw.event_constructor import construct_v1_event

    app = flask.Flask("shape")
    app.add_url_rule("/<path:proxy>", endpoint="/<path:proxy>", view_func=lambda proxy: "", methods=["POST"])
    with app.test_request_context("/a/b?x=1", method="POST", data=b"{}", headers={"Content-Type": "application/json"}):
        theirs = construct_v1_event(flask.request, 3000, [], stage_name="Prod")
    ours = EventBuilder().build("POST", "/a/b?x=1", [("Content-Type", "application/json")], b"{}", "127.0.0.1", 3000)
    assert key_shape(ours) == key_shape(theirs)
    for key in ("resource", "path", "httpMethod", "pathParameters", "queryStringParameters", "body", "isBase64Encoded"):
        assert ours[key] == theirs[key], key


def test_the_default_domain_shape_puts_the_stage_in_the_client_path_only():
    builder = EventBuilder(stage_in_path=True)
    event = builder.build("GET", "/Prod/products/42", [], b"", "127.0.0.1", 3000)
    assert event["path"] == "/products/42"
    assert event["requestContext"]["path"] == "/Prod/products/42"
    assert event["pathParameters"] == {"proxy": "products/42"}
    assert builder.build("GET", "/products/42", [], b"", "127.0.0.1", 3000) is None  # no stage: API Gateway's 403


def test_a_base_path_mapping_stays_in_both_paths():
    builder = EventBuilder(base_path="/shop/v1")
    event = builder.build("GET", "/shop/v1/products/42", [], b"", "127.0.0.1", 3000)
    assert event["path"] == event["requestContext"]["path"] == "/shop/v1/products/42"
    assert event["resource"] == "/{proxy+}" and event["pathParameters"] == {"proxy": "products/42"}
    assert builder.build("GET", "/shop/products/42", [], b"", "127.0.0.1", 3000) is None


def test_a_proxy_resource_passes_the_path_as_the_proxy_parameter():
    event = EventBuilder().build("GET", "/products/abc%20d?limit=5&tag=a&tag=b&empty=", [("Host", "h:1")], b"", "10.0.0.1", 3000)
    assert event["resource"] == "/{proxy+}"
    assert event["path"] == "/products/abc d"
    assert event["pathParameters"] == {"proxy": "products/abc d"}
    assert event["queryStringParameters"] == {"limit": "5", "tag": "b", "empty": ""}
    assert event["multiValueQueryStringParameters"] == {"limit": ["5"], "tag": ["a", "b"], "empty": [""]}
    assert event["body"] is None and event["isBase64Encoded"] is False
    context = event["requestContext"]
    assert context["stage"] == "Prod"
    # Served at the root like a custom domain mapped to the stage: the client's path, no stage in it.
    assert context["path"] == "/products/abc d"
    assert context["resourcePath"] == "/{proxy+}"
    assert context["httpMethod"] == "GET"
    assert context["identity"]["sourceIp"] == "10.0.0.1"
    assert context["domainName"] == "h:1"
    assert context["protocol"] == "HTTP/1.1"
    assert abs(context["requestTimeEpoch"] - time.time() * 1000) < 60_000
    assert context["requestId"]


def test_the_root_path_is_its_own_resource_without_parameters():
    event = EventBuilder().build("GET", "/", [], b"", "127.0.0.1", 3000)
    assert (event["resource"], event["pathParameters"], event["queryStringParameters"]) == ("/", None, None)


def test_template_routes_are_matched_literal_first():
    builder = EventBuilder([("/products", "GET"), ("/products/{productId}", "ANY"), ("/{proxy+}", "ANY")])
    assert builder.build("GET", "/products", [], b"", "ip", 1)["resource"] == "/products"
    product = builder.build("DELETE", "/products/p1", [], b"", "ip", 1)
    assert (product["resource"], product["pathParameters"]) == ("/products/{productId}", {"productId": "p1"})
    assert builder.build("POST", "/products", [], b"", "ip", 1)["resource"] == "/{proxy+}"
    assert EventBuilder([("/products", "GET")]).build("GET", "/other", [], b"", "ip", 1) is None


def test_repeated_headers_keep_the_last_value_and_all_values():
    event = EventBuilder().build("GET", "/x", [("Accept", "a/b"), ("X-Multi", "1"), ("X-Multi", "2")], b"", "ip", 3000)
    assert event["headers"]["X-Multi"] == "2"
    assert event["multiValueHeaders"]["X-Multi"] == ["1", "2"]
    assert event["headers"]["X-Forwarded-Port"] == "3000"
    assert event["headers"]["X-Forwarded-Proto"] == "http"


@pytest.mark.parametrize(
    ("content_type", "body", "base64_expected"),
    [
        ("application/json", b'{"a":"\xc3\xa9"}', False),
        ("text/plain; charset=utf-8", b"hello", False),
        ("application/merge-patch+json", b"{}", False),
        (None, b"plain", False),
        ("application/octet-stream", b"\x00\xff\x10", True),
        ("image/png", b"\x89PNG", True),
        ("application/json", b"\xff\xfe not utf-8", True),
    ],
)
def test_binary_bodies_are_base64_encoded(content_type, body, base64_expected):
    headers = [("Content-Type", content_type)] if content_type else []
    event = EventBuilder().build("POST", "/x", headers, body, "ip", 1)
    assert event["isBase64Encoded"] is base64_expected
    if base64_expected:
        assert base64.b64decode(event["body"]) == body
    else:
        assert event["body"] == body.decode()


def test_the_http_request_reaches_the_function_as_an_event(api, function):
    response = requests.post(f"{api.url}/products?x=1", data=b"\x01\x02", headers={"Content-Type": "application/octet-stream"})
    assert response.status_code == 200
    event = function.events[-1]
    assert event["httpMethod"] == "POST"
    assert event["path"] == "/products"
    assert event["pathParameters"] == {"proxy": "products"}
    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == b"\x01\x02"
    assert event["requestContext"]["identity"]["sourceIp"] == "127.0.0.1"
    assert response.headers["x-amzn-RequestId"] == event["requestContext"]["requestId"]


def test_the_proxy_response_is_written_back(api, function):
    function.response = {
        "statusCode": 201,
        "headers": {"Content-Type": "text/plain", "X-One": "1"},
        "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]},
        "body": "created",
        "isBase64Encoded": False,
    }
    response = requests.put(f"{api.url}/thing", data="x")
    assert response.status_code == 201
    assert response.text == "created"
    assert response.headers["Content-Type"] == "text/plain"
    assert response.headers["X-One"] == "1"
    assert response.raw.headers.getlist("Set-Cookie") == ["a=1", "b=2"]


def test_a_base64_response_body_is_decoded(api, function):
    function.response = {"statusCode": 200, "headers": {"Content-Type": "image/png"}, "body": base64.b64encode(b"\x89PNG\x00").decode(), "isBase64Encoded": True}
    assert requests.get(f"{api.url}/img").content == b"\x89PNG\x00"


def test_without_content_type_the_response_is_json(api, function):
    function.response = {"statusCode": 204}
    response = requests.delete(f"{api.url}/x")
    assert response.status_code == 204
    assert response.headers["Content-Type"] == "application/json"


def test_a_function_error_is_a_502(api, function):
    function.response = platform_error("id", "UnsupportedEvent", "nope")
    response = requests.get(f"{api.url}/x")
    assert response.status_code == 502
    assert response.json() == {"message": "Internal server error"}


@pytest.mark.parametrize(
    "payload",
    [
        b"not json",
        b"[1]",
        json.dumps({"statusCode": "200x"}).encode(),
        json.dumps({"statusCode": 200, "body": {"not": "a string"}}).encode(),
        json.dumps({"statusCode": 200, "unexpected": 1}).encode(),
        json.dumps({"statusCode": 200, "headers": {"X": ["list"]}}).encode(),
        json.dumps({"statusCode": 200, "body": "!!!", "isBase64Encoded": True}).encode(),
    ],
)
def test_a_malformed_response_is_a_502(api, function, payload):
    function.response = payload
    with pytest.raises(MalformedResponse):
        parse_proxy_response(payload)
    response = requests.get(f"{api.url}/x")
    assert response.status_code == 502
    assert response.json() == {"message": "Internal server error"}


def test_keep_alive_connections_are_reused(api, function):
    with requests.Session() as session:
        for _ in range(3):
            assert session.get(f"{api.url}/x").status_code == 200
    assert len(function.events) == 3


def test_the_chain_through_the_runtime_api(standin_runtime):
    """The stand-in answers with a body that is no proxy response: the whole chain ends in API Gateway's 502."""
    runtime = standin_runtime()
    with LocalAPI(runtime.invoke, port=0, log=lambda line: None) as local:
        response = requests.get(f"{local.url}/health")
    assert response.status_code == 502
    answer = json.loads(runtime.logs.expect(lambda line: '"answered"' in line.text, "the stand-in's answer").text)
    assert answer["status"] == 202

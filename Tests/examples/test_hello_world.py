"""Examples/HelloWorld: one route, and the router's own answers for everything else."""

from __future__ import annotations

import json

from examples_support import request


def test_the_route_answers_with_the_name(hello_world):
    status, headers, body = request(hello_world, "GET", "/hello/Ada")
    assert (status, body) == (200, {"message": "Hello, Ada!"})
    assert headers["Content-Type"].startswith("application/json")


def test_a_percent_encoded_name_arrives_decoded(hello_world):
    status, _, body = request(hello_world, "GET", "/hello/Ada%20Lovelace")
    assert (status, body) == (200, {"message": "Hello, Ada Lovelace!"})


def test_another_method_is_the_routers_405(hello_world):
    # Straight to the function: API Gateway's own routes stop a POST before it reaches it.
    event = {"httpMethod": "POST", "path": "/hello/Ada", "resource": "/hello/{name}", "headers": {}, "body": None,
             "requestContext": {"requestId": "r-1", "stage": "Prod", "path": "/Prod/hello/Ada"}}
    result = hello_world.runtime.invoke(json.dumps(event))
    assert not result.is_error, result.error_message
    response = result.json()
    assert response["statusCode"] == 405
    assert json.loads(response["body"])["error"]["code"] == "MethodNotAllowed"


def test_an_event_that_is_no_http_request_is_an_invocation_error(hello_world):
    result = hello_world.runtime.invoke(json.dumps({"Records": []}))
    assert result.is_error and result.error_type == "UnsupportedEvent"

"""Both examples under AWS's Runtime Interface Emulator (tools/local/rie.py: Lambda's own `rapid` code running the
static bootstrap), on the same peers as the local stack: an API Gateway event in, the proxy response out, and the
INIT REPORT the RIE prints for the function's init (reported at the end of the session)."""

from __future__ import annotations

import json

from examples_support import RIE_INIT_REPORTS, example_bootstrap, stack_options
from tools.local import dynamodb, waiting
from tools.local.rie import RIEStack


def rest_event(method: str, path: str, resource: str, path_parameters: dict | None = None, body: str | None = None) -> dict:
    """An API Gateway REST API (payload 1.0) proxy event, as far as the router reads one."""
    return {"resource": resource, "path": path, "httpMethod": method, "headers": {"Content-Type": "application/json"},
            "queryStringParameters": None, "pathParameters": path_parameters, "body": body, "isBase64Encoded": False,
            "requestContext": {"requestId": "rie-test", "stage": "Prod", "path": f"/Prod{path}"}}


def answer(rie: RIEStack, event: dict) -> tuple[int, dict | None]:
    result = rie.invoke(event)
    assert result.status == 200 and not result.is_error, result.payload[:500]
    response = result.json()
    return response["statusCode"], json.loads(response["body"]) if response.get("body") else None


def record_init(name: str, rie: RIEStack) -> None:
    """The RIE's INIT REPORT for this start: it must have printed one, once the first invoke ran init."""
    assert rie.function is not None
    RIE_INIT_REPORTS[name] = waiting.wait_until(rie.function.init_reports, timeout=10, what="the RIE's INIT REPORT line")
    assert all(ms > 0 for ms in RIE_INIT_REPORTS[name])


def test_hello_world_under_the_rie():
    with RIEStack(example_bootstrap("HelloWorld", "HELLO_WORLD_BOOTSTRAP"), **stack_options("HelloWorld")) as rie:
        event = rest_event("GET", "/hello/Ada", "/hello/{name}", {"name": "Ada"})
        assert answer(rie, event) == (200, {"message": "Hello, Ada!"})
        record_init("HelloWorld", rie)
        status, body = answer(rie, rest_event("GET", "/nowhere", "/{proxy+}"))
        assert status == 404 and body["error"]["code"] == "NotFound"


def test_notes_under_the_rie():
    with RIEStack(example_bootstrap("Notes", "NOTES_BOOTSTRAP"), **stack_options("Notes")) as rie:
        status, note = answer(rie, rest_event("POST", "/notes", "/notes", body=json.dumps({"text": "under the RIE"})))
        assert status == 201, note
        record_init("Notes", rie)
        stored = dynamodb.client(rie.stack.moto_endpoint).get_item(TableName="notes", Key={"noteId": {"S": note["id"]}})
        assert stored["Item"]["text"] == {"S": "under the RIE"}
        path = f"/notes/{note['id']}"
        assert answer(rie, rest_event("GET", path, "/notes/{id}", {"id": note["id"]})) == (200, note)
        assert answer(rie, rest_event("DELETE", path, "/notes/{id}", {"id": note["id"]}))[0] == 204
        assert answer(rie, rest_event("GET", path, "/notes/{id}", {"id": note["id"]}))[0] == 404

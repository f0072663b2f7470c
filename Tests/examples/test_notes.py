"""Examples/Notes: create, get, list and delete on the example's own table (moto), and a 4xx for every bad input."""

from __future__ import annotations

import json

import pytest

from examples_support import request
from tools.local import dynamodb


def create(stack, text: str) -> dict:
    status, headers, body = request(stack, "POST", "/notes", json.dumps({"text": text}), {"Content-Type": "application/json"})
    assert status == 201, body
    assert headers["Location"] == f"/notes/{body['id']}"
    return body


def test_a_created_note_is_in_the_table_and_served_back(notes):
    note = create(notes, "buy milk")
    stored = dynamodb.client(notes.moto_endpoint).get_item(TableName="notes", Key={"noteId": {"S": note["id"]}})["Item"]
    assert stored["text"] == {"S": "buy milk"} and stored["createdAt"] == {"S": note["createdAt"]}

    status, _, body = request(notes, "GET", f"/notes/{note['id']}")
    assert (status, body) == (200, note)


def test_a_deleted_note_is_gone(notes):
    note = create(notes, "call back")
    status, _, body = request(notes, "DELETE", f"/notes/{note['id']}")
    assert (status, body) == (204, None)
    assert "Item" not in dynamodb.client(notes.moto_endpoint).get_item(TableName="notes", Key={"noteId": {"S": note["id"]}})
    assert request(notes, "GET", f"/notes/{note['id']}")[0] == 404
    assert request(notes, "DELETE", f"/notes/{note['id']}")[0] == 404


def test_the_list_pages_through_every_note(notes):
    created = {create(notes, f"note {index}")["id"] for index in range(5)}
    seen: list[str] = []
    after = None
    for _ in range(20):
        query = "?limit=2" + (f"&after={after}" if after else "")
        status, _, body = request(notes, "GET", "/notes" + query)
        assert status == 200, body
        assert len(body["notes"]) <= 2
        seen += [note["id"] for note in body["notes"]]
        after = body.get("next")
        if after is None:
            break
    assert created <= set(seen)
    assert len(seen) == len(set(seen)), "a note was listed twice"


@pytest.mark.parametrize(
    "body, status",
    [
        ("not json", 400),
        ("[1, 2]", 422),
        ("{}", 422),
        ('{"text": 7}', 422),
        ('{"text": ""}', 422),
        (json.dumps({"text": "x" * 1001}), 422),
    ],
)
def test_a_bad_body_is_a_4xx_and_writes_nothing(notes, body, status):
    before = dynamodb.client(notes.moto_endpoint).scan(TableName="notes")["Count"]
    got, _, error = request(notes, "POST", "/notes", body, {"Content-Type": "application/json"})
    assert got == status and error["error"]["message"], error
    assert dynamodb.client(notes.moto_endpoint).scan(TableName="notes")["Count"] == before


@pytest.mark.parametrize("path", ["/notes/not-an-id", "/notes/" + "A" * 32, "/notes?limit=0", "/notes?limit=abc", "/notes?after=zz"])
def test_a_bad_id_or_query_is_a_400(notes, path):
    status, _, error = request(notes, "GET", path)
    assert status == 400 and error["error"]["code"] in ("InvalidId", "BadRequest"), error

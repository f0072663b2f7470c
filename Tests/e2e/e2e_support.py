"""Helpers shared by the end-to-end tests (fixtures live in conftest.py)."""

from __future__ import annotations

import json


def answer(result) -> tuple[int, dict, dict | None]:
    """A proxy response's status, lower-cased headers and JSON body; fails on a function error (a timeout,
    a crash, a posted error)."""
    assert not result.is_error, f"{result.error_type}: {result.error_message}"
    response = result.json()
    headers = {name.lower(): value for name, value in (response.get("headers") or {}).items()}
    body = json.loads(response["body"]) if response.get("body") else None
    return response["statusCode"], headers, body

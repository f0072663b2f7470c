"""schemathesis hooks for docs/openapi.yaml, loaded by schemathesis.toml (`hooks = ...`).

One hook, for one behaviour OpenAPI cannot express: an `Idempotency-Key` names ONE intended create ("unique per
intended create", the document says), and a retry with it is answered from the first request's record: the same
201 and body (a snapshot, even if that product was deleted since), or 422 for a different body. schemathesis
generates short keys like "0" for unrelated creates, so its stateful checks would meet replays of products that
other scenarios deleted ("created resource not found") and its positive checks 422s. Each generated valid key
gets a unique suffix here, as a real client's key would be unique; invalid keys are left as they are, so negative
tests still send them. The replay and 422 behaviours themselves are tested in Tests/e2e/test_contract_semantics.py
and test_products.py.
"""

from __future__ import annotations

import itertools
import os
import re

import schemathesis

HEADER = "Idempotency-Key"
VALID = re.compile(r"^[\x21-\x7e]{1,255}$")
_counter = itertools.count()
_run = os.urandom(4).hex()


@schemathesis.hook
def before_call(context, case, kwargs):
    if case.operation.method.upper() != "POST" or case.operation.path != "/products":
        return
    headers = case.headers or {}
    for name in list(headers):
        value = headers[name]
        if name.lower() == HEADER.lower() and isinstance(value, str) and VALID.match(value):
            suffix = f"~{_run}{next(_counter)}"
            headers[name] = value[: 255 - len(suffix)] + suffix

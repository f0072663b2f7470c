"""schemathesis hooks for docs/openapi.yaml, loaded by schemathesis.toml (`hooks = ...`).

The bearer token. When `CONTRACT_BEARER_TOKEN` is set, an auth provider puts it on every request as
`Authorization: Bearer <token>`. Given this way (not as a plain `--header`), schemathesis knows it is the
credential of the document's `bearerAuth` scheme: it leaves it off the cases that test a missing Authorization
header (`missing_required_header` expects 401) and the `ignored_auth` check can resend a request without it and
with a wrong one (401 expected). Unset, requests carry no token (writes then answer 401).

And one hook for one behaviour OpenAPI cannot express: an `Idempotency-Key` names ONE intended create ("unique per
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
TOKEN_VARIABLE = "CONTRACT_BEARER_TOKEN"


# The token does not change during a run, so fetching it again after a 401 (schemathesis's default `retry_on`)
# would only replay the request with the same token.
@schemathesis.auth(retry_on=[])
class BearerToken:
    def get(self, case, context):
        return os.environ.get(TOKEN_VARIABLE) or None

    def set(self, case, data, context):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"


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

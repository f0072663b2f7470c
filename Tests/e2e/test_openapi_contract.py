"""docs/openapi.yaml against the running API: the document is valid OpenAPI, names every route the template
deploys, and schemathesis finds nothing with every check and every phase, the stateful one included (the
document's links chain create, read, update and delete). The few intended exclusions, each with its reason,
are in the checked-in schemathesis.toml, the same file a plain `schemathesis run` from the repository root reads."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import yaml
from openapi_spec_validator import validate

from tools.local.template import load_template

PACKAGE_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DOCUMENT = os.path.join(PACKAGE_ROOT, "docs", "openapi.yaml")
CONFIG = os.path.join(PACKAGE_ROOT, "schemathesis.toml")
SCHEMATHESIS = os.path.join(os.path.dirname(sys.executable), "schemathesis")
PHASES = "examples,coverage,fuzzing,stateful"
WRITES = ("POST", "PUT", "PATCH", "DELETE")
# Bounded for `make test` (a few minutes on a loaded 2-core machine); docs/api.md's full run uses -n 150.
MAX_EXAMPLES = int(os.environ.get("CONTRACT_MAX_EXAMPLES", "25"))
SEED = os.environ.get("CONTRACT_SEED", "20261201")
# Read by the auth provider in schemathesis_hooks.py (not imported here: importing it registers the provider).
TOKEN_VARIABLE = "CONTRACT_BEARER_TOKEN"
HAR = "requests.har"


def schemathesis_command(api_url: str, report_dir: str) -> list[str]:
    return [
        SCHEMATHESIS, "--config-file", CONFIG, "run", DOCUMENT, "--url", api_url, "--checks", "all", "--phases", PHASES,
        "--max-examples", str(MAX_EXAMPLES), "--seed", SEED, "--no-color", "--report-dir", report_dir,
        # Every request and answer, unsanitized (the token is the local issuer's): the auth probes show in it.
        "--report", "har", "--report-har-path", os.path.join(report_dir, HAR), "--output-sanitize", "false",
    ]


def schemathesis_environment(token: str | None) -> dict[str, str]:
    """The token goes to the hooks' auth provider (schemathesis_hooks.py), never on the command line as a header."""
    environment = {name: value for name, value in os.environ.items() if name != TOKEN_VARIABLE}
    if token:
        environment[TOKEN_VARIABLE] = token
    return environment


def load_document() -> dict:
    with open(DOCUMENT, encoding="utf-8") as file:
        return yaml.safe_load(file)


def test_writes_document_the_bearer_scheme_and_its_401_403_answers():
    document = load_document()
    assert document["components"]["securitySchemes"]["bearerAuth"] == {**document["components"]["securitySchemes"]["bearerAuth"],
                                                                       "type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in ("post", "put", "patch", "delete"):
                assert operation["security"] == [{"bearerAuth": ["products/write"]}], (path, method)
                assert {"401", "403"} <= set(operation["responses"]), (path, method)
    product = document["components"]["schemas"]["Product"]["properties"]
    assert product["createdBy"]["type"] == product["updatedBy"]["type"] == "string"


def test_the_cursor_key_text_names_what_the_template_configures():
    """The template gives the function a generated secret (CURSOR_SECRET_ARN), not CURSOR_SECRET: the document
    must say so, and not promise unforgeable cursors only to those who set CURSOR_SECRET."""
    variables = load_template(os.path.join(PACKAGE_ROOT, "template.yaml"))["Resources"]["ProductsFunction"]["Properties"]["Environment"]["Variables"]
    assert "CURSOR_SECRET_ARN" in variables and "CURSOR_SECRET" not in variables
    text = " ".join(load_document()["info"]["description"].split())
    assert "`CURSOR_SECRET_ARN`" in text and "Secrets Manager" in text
    assert "Set `CURSOR_SECRET` on the function" not in text


def test_the_document_is_valid_openapi_3_0():
    document = load_document()
    assert document["openapi"].startswith("3.0.")
    validate(document)


def test_the_document_describes_every_route_the_template_deploys(stack):
    documented = {(path, method.upper()) for path, item in load_document()["paths"].items() for method in item if method != "parameters"}
    # ANY routes are the template's fallbacks, which only let the router answer 404/405 itself.
    assert {route for route in stack.function.routes if route[1] != "ANY"} == documented


def test_the_checked_in_config_is_what_a_plain_run_from_the_repository_root_reads(monkeypatch):
    """`schemathesis run docs/openapi.yaml ...` (docs/api.md's command, run from the repository root: the hooks path
    in the config is relative to it) finds schemathesis.toml and its hooks by itself."""
    from schemathesis.config import SchemathesisConfig

    monkeypatch.chdir(PACKAGE_ROOT)
    config = SchemathesisConfig.discover()
    assert config.config_path == CONFIG
    assert config.projects.default.hooks == "Tests/e2e/schemathesis_hooks.py"


def test_schemathesis_with_every_check_and_phase_finds_nothing(api_url, write_token, tmp_path):
    # A client of the real API: every request carries a write token from the local issuer.
    result = subprocess.run(
        schemathesis_command(api_url, str(tmp_path / "report")), env=schemathesis_environment(write_token),
        capture_output=True, text=True, timeout=900, cwd=PACKAGE_ROOT,
    )
    assert result.returncode == 0, result.stdout[-12000:] + result.stderr[-2000:]
    for phase in ("Examples", "Coverage", "Fuzzing", "Stateful"):
        assert f"✅ {phase}" in result.stdout or f"✅  {phase}" in result.stdout, result.stdout[-6000:]
    # The auth checks really ran: every write operation was also sent without the token (ignored_auth's probe,
    # missing_required_header's case) and with a wrong one (ignored_auth's), each refused with 401. A token given
    # as a plain --header was sent on every request, so neither could happen.
    refused = {"none": {}, "wrong": {}}
    with open(tmp_path / "report" / HAR, encoding="utf-8") as file:
        entries = json.load(file)["log"]["entries"]
    for entry in entries:
        request = entry["request"]
        if request["method"] not in WRITES:
            continue
        sent = [h["value"] for h in request["headers"] if h["name"].lower() == "authorization"]
        if sent != [f"Bearer {write_token}"]:
            refused["wrong" if sent else "none"].setdefault(request["method"], set()).add(entry["response"]["status"])
    assert refused == {"none": {method: {401} for method in WRITES}, "wrong": {method: {401} for method in WRITES}}, refused

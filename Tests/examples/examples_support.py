"""Helpers for Tests/examples: the function packages in Examples/ as a user builds them (`make build` in each, mk/shared/function.mk), each run
behind the local stack (tools/local) with its own template: its routes, its table, no auth. `make examples-test`
builds them first; `$HELLO_WORLD_BOOTSTRAP` / `$NOTES_BOOTSTRAP` name other binaries."""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request

PACKAGE_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
if PACKAGE_ROOT not in sys.path:
    sys.path.insert(0, PACKAGE_ROOT)

from tools.local.stack import LocalStack  # noqa: E402

EXAMPLES = os.path.join(PACKAGE_ROOT, "Examples")


def example_bootstrap(name: str, variable: str) -> str:
    path = os.environ.get(variable) or os.path.join(EXAMPLES, name, ".build", "release", name)
    assert os.access(path, os.X_OK), f"{path} is not built: run `make examples-build`"
    return os.path.abspath(path)


# Example name -> its function's log on the local stack, read for the report at the end of the session.
FUNCTION_LOGS: dict[str, str] = {}
# Example name -> the INIT REPORT durationMs AWS's RIE printed for it (test_examples_rie.py).
RIE_INIT_REPORTS: dict[str, list[float]] = {}


def stack_options(name: str) -> dict:
    """What shapes a stack (the local one or the RIE's peers) after the example: its template, its table, no auth."""
    return dict(table_name=name.lower(), template_path=os.path.join(EXAMPLES, name, "template.yaml"), auth="none")


def example_stack(name: str, variable: str, logs) -> LocalStack:
    """The example's bootstrap on a local stack shaped by the example's own template.yaml."""
    log_dir = logs.mktemp(name)
    FUNCTION_LOGS[name] = str(log_dir / "bootstrap.log")
    return LocalStack(
        example_bootstrap(name, variable),
        api_port=0,
        bootstrap_log=open(FUNCTION_LOGS[name], "w", encoding="utf-8"),
        moto_log=open(log_dir / "moto.log", "wb"),
        **stack_options(name),
    )


def cold_start_milliseconds(log_path: str) -> list[str]:
    """initDurationMs of every `cold start` line the function logged (one per execution environment)."""
    found = []
    with open(log_path, encoding="utf-8", errors="replace") as log:
        for line in log:
            try:
                record = json.loads(line[line.index("{"):])
            except ValueError:
                continue
            if isinstance(record, dict) and record.get("message") == "cold start":
                found.append(str(record.get("initDurationMs")))
    return found


def request(stack: LocalStack, method: str, path: str, body: bytes | str | None = None, headers: dict | None = None):
    """(status, headers, JSON body or None) from the stack's local API Gateway."""
    data = body.encode() if isinstance(body, str) else body
    call = urllib.request.Request(stack.api_url + path, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(call, timeout=30) as response:
            status, received, raw = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, received, raw = error.code, error.headers, error.read()
    return status, received, json.loads(raw) if raw else None


def report_lines() -> list[str]:
    """Each example's zip (Examples/*/dist/bootstrap.zip, from `make examples-build`) and its init: the function's
    own cold start line on the local stack, and the INIT REPORT under the RIE."""
    lines = []
    for name in sorted(os.listdir(EXAMPLES)):
        bundle = os.path.join(EXAMPLES, name, "dist", "bootstrap.zip")
        size = f"{os.path.getsize(bundle) / 1048576:.2f} MiB zipped" if os.path.exists(bundle) else "no zip (make examples-build)"
        init = ""
        if name in FUNCTION_LOGS and os.path.exists(FUNCTION_LOGS[name]):
            init = ", init " + (" / ".join(f"{ms} ms" for ms in cold_start_milliseconds(FUNCTION_LOGS[name])) or "not logged")
            init += " on the local stack (the function's own cold start line)"
        if name in RIE_INIT_REPORTS:
            init += ", INIT REPORT " + " / ".join(f"{ms:g} ms" for ms in RIE_INIT_REPORTS[name]) + " under AWS's RIE"
        lines.append(f"example {name}: {size}{init}")
    return lines

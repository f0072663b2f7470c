"""Regenerates scripts/startup-order.txt: the functions a cold start runs, for gold's --section-ordering-file.

    .venv/bin/python -m tools.startup_order [--bootstrap .build/release/bootstrap] [--output scripts/startup-order.txt]

Starts moto with the products table, runs the release `bootstrap` under callgrind behind the local Runtime API,
sends the first requests a fresh function serves (a create, a get, health, a list and an update), then lists
every function that ran as `.text.<mangled name>`: the sections gold then places together. Init's functions
(exec → the first `GET /next`, a dump of its own: callgrind dumps before every `nextInvocation`) come first,
then the requests' ones, each part in callgrind's order (most instructions first), so the pages a start
reads before its first `GET /next` are as few as init's code needs. Rebuild (`make build`) after regenerating.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import signal
import stat
import subprocess
import tempfile

from .local import dynamodb
from .local.stack import DEFAULT_BOOTSTRAP, LocalStack

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EVENT_ID = "5b2c0f7e-8a41-4c1e-9d3a-2f6b7c8d9e01"


def event(name: str, product_id: str | None = None, version: int | None = None) -> dict:
    with open(os.path.join(ROOT, "events", name)) as file:
        text = file.read()
    document = json.loads(text.replace(EVENT_ID, product_id) if product_id else text)
    if version is not None:
        for key in ("headers", "multiValueHeaders"):
            if document.get(key) and "If-Match" in document[key]:
                document[key]["If-Match"] = f'"{version}"' if key == "headers" else [f'"{version}"']
    return document


# Callgrind dumps its counters before each call of this (the Runtime API client's `GET /next`).
NEXT_INVOCATION = "$s13LambdaRuntime04CurlB3APIC14nextInvocationAA0F0VyAA0B8APIErrorOYKF"


def _parts(profile: str) -> list[str]:
    """The dumps callgrind wrote (profile.1, profile.2, ...), in order; the last is written at exit."""
    found = [path for path in glob.glob(profile + ".*") if path.rsplit(".", 1)[1].isdigit() and os.path.getsize(path) > 0]
    return sorted(found, key=lambda path: int(path.rsplit(".", 1)[1]))


def functions(profile: str) -> list[str]:
    out = subprocess.run(["callgrind_annotate", "--threshold=100", profile], capture_output=True, text=True, check=True).stdout
    names = []
    for line in out.splitlines():
        match = re.match(r"\s*[\d,]+ \([^)]*\)\s+\S*\?\?\?:(\S+) \[", line)
        # callgrind marks recursion levels as name'2, name'3: the section is the function's.
        name = re.sub(r"'\d+$", "", match.group(1)) if match else None
        if name and name not in names:
            names.append(name)
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", default=DEFAULT_BOOTSTRAP)
    parser.add_argument("--output", default=os.path.join(ROOT, "scripts", "startup-order.txt"))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        profile = os.path.join(work, "callgrind.out")
        wrapper = os.path.join(work, "bootstrap")
        with open(wrapper, "w") as file:
            file.write(f"#!/bin/sh\nexec valgrind --tool=callgrind --demangle=no --dump-instr=no "
                       f"'--dump-before={NEXT_INVOCATION}' "
                       f"--callgrind-out-file={profile} {os.path.abspath(args.bootstrap)}\n")
        os.chmod(wrapper, os.stat(wrapper).st_mode | stat.S_IEXEC)
        # Without authentication: the writes here carry no token (a token check is not on every start path).
        stack = LocalStack(wrapper, api_port=None, timeout_seconds=120, auth="none")
        stack.moto = dynamodb.start_dynamodb(stack.table_name)
        try:
            # Under valgrind a start takes seconds, more than the Runtime API's usual init allowance.
            stack.runtime = stack.new_runtime(init_timeout_seconds=300)
            created = stack.runtime.invoke(event("create-product.json")).json()
            assert created["statusCode"] == 201, created
            product = json.loads(created["body"])
            for document in (event("get-product.json", product["productId"]), event("health.json"),
                             event("list-by-category.json"),
                             event("update-product.json", product["productId"], product["version"])):
                result = stack.runtime.invoke(document)
                assert not result.is_error and result.json()["statusCode"] < 500, result.payload
            # callgrind writes its profile when the process ends on SIGTERM; give it time to.
            pid = stack.runtime.process_id
            os.killpg(pid, signal.SIGTERM)
            for _ in range(600):
                if stack.runtime.process_id is None and _parts(profile):
                    break
                subprocess.run(["sleep", "0.1"])
        finally:
            stack.stop()
        names: list[str] = []
        # Part 1 is exec → the first nextInvocation (init); the rest are the requests, then the exit.
        for part in _parts(profile):
            names += [name for name in functions(part) if name not in names]
    with open(args.output, "w") as file:
        file.writelines(f".text.{name}\n" for name in names)
    print(f"{len(names)} functions written to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Instructions per warm invocation, counted exactly by callgrind (whatever else the machine is doing).

    python -m tools.bench.quick_callgrind --bootstrap .build/release/bootstrap [--event events/health.json]
        [--short 20 --long 120] [--with-dynamodb] [--top 25] [--keep DIR]

bootstrap runs under `valgrind --tool=callgrind` behind the local Runtime API twice: once for `--short`
invocations and once for `--long`; the difference of the two totals divided by the difference of the counts is
what one more warm invocation costs (init, the cold invocation and exit cancel out). The Runtime API client's
work (libcurl, the `/next` and response round trips) is included: Lambda bills it too.

Without `--with-dynamodb` the function's DynamoDB endpoint is unreachable on purpose, so use an event that does
not call DynamoDB (GET /health). With it, a local moto (tools/local/dynamodb.py: plain HTTP, keep-alive) holds
the products table; each run first creates one product (events/create-product.json) and points the event's
`{id}` at it, so `--event events/get-product.json` measures a warm GetItem over a kept-alive connection (both
runs create one product, so the create cancels out too). `--top N` prints the N functions costing most per
invocation (self and inclusive, from callgrind_annotate of both runs, subtracted); `--keep DIR` keeps the
callgrind files.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile

from tools.local import dynamodb
from tools.local.runtime_api import RuntimeAPI

CREATE_EVENT = "events/create-product.json"


def total_instructions(out_file: str) -> int:
    with open(out_file, encoding="utf-8") as handle:
        for line in handle:
            match = re.match(r"(?:summary|totals):\s+(\d+)", line)
            if match:
                return int(match.group(1))
    raise RuntimeError(f"{out_file}: no totals line")


def function_costs(out_file: str, inclusive: bool) -> dict[str, int]:
    """Instructions per function in one callgrind file (self, or including callees)."""
    output = subprocess.run(["callgrind_annotate", f"--inclusive={'yes' if inclusive else 'no'}", "--threshold=100", out_file],
                            capture_output=True, text=True, check=True, timeout=300).stdout
    costs: dict[str, int] = {}
    for line in output.splitlines():
        match = re.match(r"\s*([\d,]+)\s+(?:\([^)]*\)\s+)?(.+?)\s*$", line)
        if not match or ":" not in match.group(2):
            continue
        name = match.group(2).split(":", 1)[1] if match.group(2).startswith("???:") else match.group(2)
        name = name.rsplit(" [", 1)[0]
        costs[name] = costs.get(name, 0) + int(match.group(1).replace(",", ""))
    return costs


def top_per_invocation(short_file: str, long_file: str, invocations: int, count: int, inclusive: bool) -> list[tuple[int, str]]:
    short, long = function_costs(short_file, inclusive), function_costs(long_file, inclusive)
    rows = [(round((cost - short.get(name, 0)) / invocations), name) for name, cost in long.items()]
    return sorted((row for row in rows if row[0] > 0), reverse=True)[:count]


def with_product(event: dict, product_id: str) -> dict:
    """The event, its `{id}` path parameter (and path) pointed at `product_id`."""
    old = (event.get("pathParameters") or {}).get("id")
    if old is None:
        return event
    event = json.loads(json.dumps(event))
    event["pathParameters"]["id"] = product_id
    for key in ("path", "rawPath"):
        if isinstance(event.get(key), str):
            event[key] = event[key].replace(old, product_id)
    return event


def run(bootstrap: str, event: dict, count: int, directory: str, environment: dict[str, str], create: dict | None) -> tuple[int, str]:
    out_file = os.path.join(directory, f"callgrind.{count}.out")
    wrapper = os.path.join(directory, f"bootstrap-{count}")
    with open(wrapper, "w", encoding="utf-8") as handle:
        handle.write(f"#!/bin/sh\nexec valgrind --tool=callgrind --callgrind-out-file={out_file} {os.path.abspath(bootstrap)}\n")
    os.chmod(wrapper, os.stat(wrapper).st_mode | stat.S_IXUSR)
    runtime = RuntimeAPI(wrapper, environment=environment, memory_mb=256, timeout_seconds=120, init_timeout_seconds=120).start()
    try:
        if create is not None:
            created = runtime.invoke(create)
            answer = created.json()
            if created.is_error or answer.get("statusCode") != 201:
                raise RuntimeError(f"creating the product failed: {created.payload[:300]!r}")
            event = with_product(event, json.loads(answer["body"])["productId"])
        for _ in range(count):
            result = runtime.invoke(event)
            if result.is_error:
                raise RuntimeError(f"invocation failed: {result.payload[:300]!r}")
            status = result.json().get("statusCode") if create is not None else None
            if status is not None and status >= 400:
                raise RuntimeError(f"the event was answered {status}: {result.payload[:300]!r}")
    finally:
        runtime.stop()  # SIGTERM: callgrind writes its totals as the process ends
    return total_instructions(out_file), out_file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--event", default="events/health.json")
    parser.add_argument("--short", type=int, default=20)
    parser.add_argument("--long", type=int, default=120)
    parser.add_argument("--with-dynamodb", action="store_true", help="a local moto with the products table (see above)")
    parser.add_argument("--top", type=int, default=0, metavar="N", help="print the N costliest functions per invocation")
    parser.add_argument("--keep", metavar="DIR", help="keep the callgrind files in DIR")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="extra environment variable")
    args = parser.parse_args(argv)
    with open(args.event, encoding="utf-8") as handle:
        event = json.load(handle)
    create = None
    # Reads need no token, and a write's token check is not what this counts: writes run unauthenticated.
    environment = {
        "TABLE_NAME": "products", "AWS_LAMBDA_LOG_FORMAT": "JSON", "AWS_LAMBDA_LOG_LEVEL": "INFO", "AUTH_MODE": "none",
        "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:9", **dynamodb.TEST_CREDENTIALS,
    }
    server = None
    if args.with_dynamodb:
        server = dynamodb.start_dynamodb()
        environment["AWS_ENDPOINT_URL_DYNAMODB"] = server.endpoint
        with open(CREATE_EVENT, encoding="utf-8") as handle:
            create = json.load(handle)
    environment.update(dict(item.split("=", 1) for item in args.set))
    try:
        with tempfile.TemporaryDirectory() as directory:
            short, short_file = run(args.bootstrap, event, args.short, directory, environment, create)
            long, long_file = run(args.bootstrap, event, args.long, directory, environment, create)
            invocations = args.long - args.short
            report = {"bootstrap": args.bootstrap, "event": args.event, "with_dynamodb": args.with_dynamodb,
                      "short": [args.short, short], "long": [args.long, long],
                      "instructions_per_invocation": round((long - short) / invocations)}
            if args.top:
                for inclusive in (False, True):
                    print(f"--- per invocation, {'inclusive' if inclusive else 'self'} ---")
                    for cost, name in top_per_invocation(short_file, long_file, invocations, args.top, inclusive):
                        print(f"{cost:>10,}  {name}")
            if args.keep:
                os.makedirs(args.keep, exist_ok=True)
                for path in (short_file, long_file):
                    shutil.copy(path, args.keep)
    finally:
        if server is not None:
            server.stop()
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())

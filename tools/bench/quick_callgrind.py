"""Instructions per warm invocation, counted exactly by callgrind (whatever else the machine is doing).

    python -m tools.bench.quick_callgrind --bootstrap .build/release/bootstrap [--event events/health.json] [--short 20 --long 120]

bootstrap runs under `valgrind --tool=callgrind` behind the local Runtime API twice: once for `--short`
invocations and once for `--long`; the difference of the two totals divided by the difference of the counts is
what one more warm invocation costs (init, the cold invocation and exit cancel out). The Runtime API client's
work (libcurl, the `/next` and response round trips) is included: Lambda bills it too. The event's DynamoDB
endpoint is unreachable on purpose, so use an event that does not call DynamoDB (GET /health).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import stat
import sys
import tempfile

from tools.local import dynamodb
from tools.local.runtime_api import RuntimeAPI


def total_instructions(out_file: str) -> int:
    with open(out_file, encoding="utf-8") as handle:
        for line in handle:
            match = re.match(r"(?:summary|totals):\s+(\d+)", line)
            if match:
                return int(match.group(1))
    raise RuntimeError(f"{out_file}: no totals line")


def run(bootstrap: str, event: dict, count: int, directory: str, environment: dict[str, str]) -> int:
    out_file = os.path.join(directory, f"callgrind.{count}.out")
    wrapper = os.path.join(directory, f"bootstrap-{count}")
    with open(wrapper, "w", encoding="utf-8") as handle:
        handle.write(f"#!/bin/sh\nexec valgrind --tool=callgrind --callgrind-out-file={out_file} {os.path.abspath(bootstrap)}\n")
    os.chmod(wrapper, os.stat(wrapper).st_mode | stat.S_IXUSR)
    runtime = RuntimeAPI(wrapper, environment=environment, memory_mb=256, timeout_seconds=120, init_timeout_seconds=120).start()
    try:
        for _ in range(count):
            result = runtime.invoke(event)
            if result.is_error:
                raise RuntimeError(f"invocation failed: {result.payload[:300]!r}")
    finally:
        runtime.stop()  # SIGTERM: callgrind writes its totals as the process ends
    return total_instructions(out_file)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--event", default="events/health.json")
    parser.add_argument("--short", type=int, default=20)
    parser.add_argument("--long", type=int, default=120)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="extra environment variable")
    args = parser.parse_args(argv)
    with open(args.event, encoding="utf-8") as handle:
        event = json.load(handle)
    environment = {
        "TABLE_NAME": "products", "AWS_LAMBDA_LOG_FORMAT": "JSON", "AWS_LAMBDA_LOG_LEVEL": "INFO",
        "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:9", **dynamodb.TEST_CREDENTIALS,
        **dict(item.split("=", 1) for item in args.set),
    }
    with tempfile.TemporaryDirectory() as directory:
        short = run(args.bootstrap, event, args.short, directory, environment)
        long = run(args.bootstrap, event, args.long, directory, environment)
    per_invocation = (long - short) / (args.long - args.short)
    print(json.dumps({"bootstrap": args.bootstrap, "event": args.event, "short": [args.short, short], "long": [args.long, long],
                      "instructions_per_invocation": round(per_invocation)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

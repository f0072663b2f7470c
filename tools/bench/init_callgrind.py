"""Instructions from exec to the first `GET /next` (init), counted exactly by callgrind.

    python -m tools.bench.init_callgrind --bootstrap .build/release/bootstrap [--top 30] [--keep DIR] [--bytes N]

The bootstrap starts under callgrind behind the local Runtime API with no event queued, so it stops in its
first `GET /next`; then its counters are dumped (`callgrind_control --dump`). The dump holds exec → the
request sent (the dynamic work of the process start, the Swift runtime, our init), nothing after it.
Deterministic: the same binary gives the same count whatever the machine is doing. `--top N` lists the N
costliest functions (self, then inclusive) on an unstripped build. `--bytes N` (root) also reads the binary,
stripped as in the zip, from a loop-mounted image with readahead off over N fresh starts and reports the
bytes of it read before the first `GET /next` (tools/bench/touched.py, as `make bench` does).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

from . import functions
from .callgrind import CallgrindProcess
from .quick_callgrind import function_costs
from .measure import wait_first_next
from .touched import bundle_bytes_touched

# What a deployed function is given (the DynamoDB endpoint is never reached during init).
ENVIRONMENT = {
    "TABLE_NAME": "products", "AWS_LAMBDA_LOG_FORMAT": "JSON", "AWS_LAMBDA_LOG_LEVEL": "INFO", "AUTH_MODE": "none",
    "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:9", "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
}


def measure(bootstrap: str, workdir: str, environment: dict[str, str] | None = None) -> tuple[int, str]:
    """(instructions from exec to the first GET /next, the callgrind file holding them)."""
    function = functions.swift(bootstrap, {**ENVIRONMENT, **(environment or {})})
    process = CallgrindProcess(function, workdir, None)
    with process:
        wait_first_next(process.api, timeout=120.0)
        total = process.phase()
    return total, process.last_path


def top(path: str, count: int, inclusive: bool) -> list[tuple[int, str]]:
    return sorted(((cost, name) for name, cost in function_costs(path, inclusive).items()), reverse=True)[:count]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--top", type=int, default=0, metavar="N", help="print the N costliest functions")
    parser.add_argument("--keep", metavar="DIR", help="keep the callgrind file in DIR")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="extra environment variable")
    parser.add_argument("--bytes", type=int, default=0, metavar="N", help="bytes read before the first GET /next, N starts")
    args = parser.parse_args(argv)
    report: dict = {"bootstrap": args.bootstrap}
    environment = dict(item.split("=", 1) for item in args.set)
    with tempfile.TemporaryDirectory() as directory:
        total, path = measure(args.bootstrap, os.path.join(directory, "work"), environment)
        report["exec_to_first_next_instructions"] = total
        if args.top:
            for inclusive in (False, True):
                print(f"--- exec → first GET /next, {'inclusive' if inclusive else 'self'} ---")
                for cost, name in top(path, args.top, inclusive):
                    print(f"{cost:>10,}  {name}")
        if args.keep:
            os.makedirs(args.keep, exist_ok=True)
            shutil.copy(path, os.path.join(args.keep, "callgrind.init.out"))
        if args.bytes:
            stripped = os.path.join(directory, "bootstrap")
            subprocess.run(["strip", "--strip-all", "-o", stripped, args.bootstrap], check=True, timeout=120)
            function = functions.swift(stripped, {**ENVIRONMENT, **environment})
            touched = bundle_bytes_touched(function, stripped, None, os.path.join(directory, "image"), args.bytes)
            report["bytes_before_first_next"] = touched.get("at_first_next_bytes", touched)
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())

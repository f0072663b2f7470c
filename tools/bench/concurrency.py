"""`make bench-concurrency`: the throughput of ONE execution environment against AWS_LAMBDA_MAX_CONCURRENCY
(1, 2, 4, 8), as on Lambda Managed Instances, for the real bootstrap behind the local Runtime API.

    python -m tools.bench.concurrency --bootstrap .build/release/bootstrap [--seconds 3] [--delay-ms 20]
        [--output bench/concurrency.json]

Two workloads, each driven by as many client threads as the environment takes invocations:
- `GET /health`: no DynamoDB, so the figure is CPU-bound (this machine's cores, shared with the harness);
- `GET /products/{id}` against moto behind a proxy that holds every DynamoDB request `--delay-ms`, as a
  real table's round trip would: the figure shows how well one environment overlaps waiting on DynamoDB.
Each run stops after `--seconds`. Everything stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import platform
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

from tools.local.api_gateway import EventBuilder
from tools.local.delay_proxy import DelayProxy
from tools.local.stack import LocalStack

LEVELS = (1, 2, 4, 8)


def drive(runtime, events: list[bytes], clients: int, seconds: float) -> dict:
    """Invocations per second with `clients` callers for `seconds`, and the errors seen."""
    stop_at = time.monotonic() + seconds
    counts = [0] * clients
    errors = [0] * clients
    kinds: collections.Counter = collections.Counter()

    def client(index: int) -> None:
        turn = index
        while time.monotonic() < stop_at:
            result = runtime.invoke(events[turn % len(events)])
            turn += 1
            if result.is_error or result.json().get("statusCode") != 200:
                errors[index] += 1
                kinds[result.payload[:160].decode("utf-8", "replace") if result.is_error else str(result.json().get("statusCode"))] += 1
            counts[index] += 1

    started = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    elapsed = time.monotonic() - started
    return {"invocations": sum(counts), "errors": sum(errors), "perSecond": round(sum(counts) / elapsed, 1),
            **({"errorKinds": dict(kinds)} if kinds else {})}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench.concurrency", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--delay-ms", type=float, default=20.0)
    parser.add_argument("--output", default="bench/concurrency.json")
    args = parser.parse_args(argv)
    if not os.access(args.bootstrap, os.X_OK):
        parser.error(f"{args.bootstrap} is not an executable (run `make build`)")

    builder = EventBuilder()

    def event(method: str, target: str, body: str = "") -> bytes:
        headers = [("Content-Type", "application/json")] if body else []
        return json.dumps(builder.build(method, target, headers, body.encode(), "127.0.0.1", 3000)).encode()

    results: dict = {"levels": [], "delayMs": args.delay_ms, "seconds": args.seconds}
    with LocalStack(args.bootstrap, api_port=None, log_level="WARN", moto_log=open(os.devnull, "w")) as stack:
        target = urllib.parse.urlsplit(stack.moto_endpoint)
        with DelayProxy((target.hostname, target.port), delay=args.delay_ms / 1000) as proxy:
            environment = {"AWS_ENDPOINT_URL_DYNAMODB": f"http://{proxy.address}", "LOG_LEVEL": "WARN", "AWS_LAMBDA_LOG_LEVEL": "WARN"}
            create = json.loads(event("POST", "/products", '{"name":"Mug","price":9.5,"category":"bench"}'))
            created = stack.runtime.invoke(stack.with_token(create)).json()
            product_id = json.loads(created["body"])["productId"]
            health = [event("GET", "/health")]
            get = [event("GET", f"/products/{product_id}")]
            for level in LEVELS:
                runtime = stack.new_runtime(environment, max_concurrency=level)
                try:
                    drive(runtime, health, level, min(0.5, args.seconds))  # warm every worker
                    row = {"maxConcurrency": level,
                           "health": drive(runtime, health, level, args.seconds),
                           "getProduct": drive(runtime, get, level, args.seconds)}
                    if row["health"]["errors"] or row["getProduct"]["errors"]:
                        # What the function said about it (a crash or a fatal error is on stderr).
                        for line in runtime.logs.lines()[-200:]:
                            if any(word in line.text for word in ("FATAL", "ERROR", "Fatal", "fatal", "error")):
                                print(f"  bootstrap: {line.text[:300]}", file=sys.stderr)
                finally:
                    runtime.stop()
                results["levels"].append(row)
                print(f"max concurrency {level}: health {row['health']['perSecond']}/s, "
                      f"GET /products/{{id}} {row['getProduct']['perSecond']}/s "
                      f"(errors {row['health']['errors'] + row['getProduct']['errors']})", flush=True)
    results["machine"] = {"cpus": os.cpu_count(), "kernel": platform.release(), "python": platform.python_version()}
    results["date"] = time.strftime("%Y-%m-%d", time.gmtime())
    os.makedirs(os.path.dirname(args.output) or ".", exist_ok=True)
    with open(args.output, "w") as output:
        json.dump(results, output, indent=2)
        output.write("\n")
    return 1 if any(row[kind]["errors"] for row in results["levels"] for kind in ("health", "getProduct")) else 0


if __name__ == "__main__":
    sys.exit(main())

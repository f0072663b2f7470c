"""A bounded load generator for the products API: W workers for a fixed time, each a loop of creates, reads,
lists, updates (PATCH with If-Match) and deletes on its own products, so every answer is predictable and any
other status is an unexpected error. Reports requests, errors and latency percentiles per operation.

    python -m tools.resilience.load --api http://127.0.0.1:3000 [--duration 10] [--workers 4]
    python -m tools.resilience.load --bootstrap .build/release/bootstrap --concurrency 4 ...   (own local stack)

Exit status 1 if any request got an unexpected answer. Loopback only; stops after `duration` seconds.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import threading
import time
import uuid

import requests

TIMEOUT = 30
# operation → the status every answer must have
EXPECTED = {"create": 201, "get": 200, "list": 200, "update": 200, "delete": 204}
# How often each operation is picked (reads dominate, as in most APIs).
MIX = [("get", 45), ("list", 10), ("create", 20), ("update", 15), ("delete", 10)]


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list (0 for an empty one)."""
    if not sorted_values:
        return 0.0
    rank = max(1, min(len(sorted_values), int(round(fraction * len(sorted_values) + 0.5))))
    return sorted_values[rank - 1]


class Worker(threading.Thread):
    def __init__(self, api: str, stop_at: float, seed: int, token: str | None = None):
        super().__init__(name=f"load-{seed}", daemon=True)
        self.api = api
        self.token = token
        self.stop_at = stop_at
        self.random = random.Random(seed)
        self.category = f"load-{uuid.uuid4().hex[:10]}"
        self.latencies: dict[str, list[float]] = {name: [] for name in EXPECTED}
        self.unexpected: list[str] = []
        self.products: dict[str, dict] = {}  # id → the product as last returned

    def run(self) -> None:
        weights = [weight for _, weight in MIX]
        names = [name for name, _ in MIX]
        with requests.Session() as session:
            if self.token:
                # Writes need a bearer token, as a client of the deployed API sends.
                session.headers["Authorization"] = f"Bearer {self.token}"
            self.session = session
            while time.monotonic() < self.stop_at:
                operation = self.random.choices(names, weights)[0]
                if operation in ("get", "update", "delete") and not self.products:
                    operation = "create"
                try:
                    getattr(self, operation)()
                except requests.RequestException as error:
                    self.unexpected.append(f"{operation}: {type(error).__name__}: {error}")

    def timed(self, operation: str, method: str, path: str, **options) -> requests.Response:
        started = time.perf_counter()
        response = self.session.request(method, f"{self.api}{path}", timeout=TIMEOUT, **options)
        self.latencies[operation].append((time.perf_counter() - started) * 1000)
        if response.status_code != EXPECTED[operation]:
            self.unexpected.append(f"{operation} {method} {path}: {response.status_code} {response.text[:200]}")
        return response

    def create(self) -> None:
        fields = {"name": f"item-{uuid.uuid4().hex[:8]}", "price": round(self.random.uniform(1, 500), 2),
                  "category": self.category, "inventoryCount": self.random.randint(0, 1000), "tags": ["load"]}
        response = self.timed("create", "POST", "/products", json=fields)
        if response.status_code == 201:
            product = response.json()
            self.products[product["productId"]] = product

    def pick(self) -> dict:
        return self.products[self.random.choice(list(self.products))]

    def get(self) -> None:
        product = self.pick()
        response = self.timed("get", "GET", f"/products/{product['productId']}")
        if response.status_code == 200 and response.json() != product:
            self.unexpected.append(f"get {product['productId']}: read {response.json()} after writing {product}")

    def list(self) -> None:
        self.timed("list", "GET", f"/products?category={self.category}&limit=20")

    def update(self) -> None:
        product = self.pick()
        response = self.timed("update", "PATCH", f"/products/{product['productId']}",
                              # a different value: a PATCH that changes nothing is refused (400)
                              json={"inventoryCount": (product["inventoryCount"] + self.random.randint(1, 1000)) % 1001},
                              headers={"If-Match": f'"{product["version"]}"'})
        if response.status_code == 200:
            self.products[product["productId"]] = response.json()

    def delete(self) -> None:
        product = self.pick()
        response = self.timed("delete", "DELETE", f"/products/{product['productId']}",
                              headers={"If-Match": f'"{product["version"]}"'})
        if response.status_code == 204:
            del self.products[product["productId"]]


def run_load(api: str, duration: float, workers: int, token: str | None = None) -> dict:
    stop_at = time.monotonic() + duration
    started = time.monotonic()
    threads = [Worker(api, stop_at, seed, token) for seed in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + TIMEOUT + 30)
    elapsed = time.monotonic() - started
    everything = sorted(value for thread in threads for values in thread.latencies.values() for value in values)
    per_operation = {}
    for operation in EXPECTED:
        values = sorted(value for thread in threads for value in thread.latencies[operation])
        per_operation[operation] = {"requests": len(values), "p50_ms": round(percentile(values, 0.50), 2),
                                    "p99_ms": round(percentile(values, 0.99), 2)}
    unexpected = [error for thread in threads for error in thread.unexpected]
    return {
        "workers": workers,
        "duration_s": round(elapsed, 2),
        "requests": len(everything),
        "requests_per_s": round(len(everything) / elapsed, 1) if elapsed else 0.0,
        "unexpected_errors": len(unexpected),
        "first_unexpected": unexpected[:10],
        "p50_ms": round(percentile(everything, 0.50), 2),
        "p99_ms": round(percentile(everything, 0.99), 2),
        "max_ms": round(everything[-1], 2) if everything else 0.0,
        "operations": per_operation,
        "stuck_workers": sum(thread.is_alive() for thread in threads),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--api", help="a running local API; default: start a local stack")
    parser.add_argument("--bootstrap", help="with no --api: the bootstrap the stack runs")
    parser.add_argument("--concurrency", type=int, default=4, help="with no --api: execution environments (default 4)")
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--output", help="also write the summary JSON here")
    parser.add_argument("--token", help="with --api: the bearer token writes send (default: the started stack's issuer)")
    args = parser.parse_args(argv)
    stack = None
    api = args.api
    if api is None:
        from tools.local.stack import DEFAULT_BOOTSTRAP, LocalStack

        stack = LocalStack(args.bootstrap or DEFAULT_BOOTSTRAP, api_port=0, concurrency=args.concurrency,
                           bootstrap_log=lambda line: None, api_log=lambda line: None).start()
        api = stack.api_url
    token = args.token or (stack.issuer.mint() if stack is not None and stack.issuer is not None else None)
    try:
        summary = run_load(api, args.duration, args.workers, token)
        if stack is not None:
            summary["environments"] = {"limit": stack.environments.size, "started": stack.environments.cold_starts,
                                       "throttled": stack.environments.throttles}
    finally:
        if stack is not None:
            stack.stop()
    text = json.dumps(summary, indent=2)
    print(text)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    return 0 if summary["unexpected_errors"] == 0 and summary["stuck_workers"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

"""One concurrent writer: applies `count` inventory decrements to one product, each a PATCH with `If-Match`
on the version it last read, re-reading and retrying on 409 VersionConflict. Prints one JSON line: the
versions its accepted writes produced, how many conflicts it retried, and anything unexpected.

    python -m tools.resilience.writers --api URL --product ID --count M [--max-attempts 1000]
    python -m tools.resilience.writers --api URL --create-with-key KEY --body JSON

The second form sends one idempotent create (the racing-creates test) and prints its status and product id.
Run as separate processes by Tests/e2e/test_concurrent_writers.py: K of them race on the same item.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

import requests

TIMEOUT = 30


def decrement(session: requests.Session, api: str, product_id: str, count: int, max_attempts: int) -> dict:
    accepted_versions: list[int] = []
    conflicts = 0
    unexpected: list[str] = []
    attempts = 0
    current = session.get(f"{api}/products/{product_id}", timeout=TIMEOUT)
    if current.status_code != 200:
        return {"accepted": [], "conflicts": 0, "unexpected": [f"GET {current.status_code} {current.text[:200]}"]}
    product = current.json()
    while len(accepted_versions) < count and attempts < max_attempts:
        attempts += 1
        response = session.patch(
            f"{api}/products/{product_id}",
            json={"inventoryCount": product["inventoryCount"] - 1},
            headers={"If-Match": f'"{product["version"]}"'},
            timeout=TIMEOUT,
        )
        if response.status_code == 200:
            product = response.json()
            accepted_versions.append(product["version"])
        elif response.status_code == 409:
            conflicts += 1
            fresh = session.get(f"{api}/products/{product_id}", timeout=TIMEOUT)
            if fresh.status_code != 200:
                unexpected.append(f"GET after 409: {fresh.status_code} {fresh.text[:200]}")
                break
            product = fresh.json()
        else:
            unexpected.append(f"PATCH {response.status_code} {response.text[:200]}")
            break
    if len(accepted_versions) < count and not unexpected:
        unexpected.append(f"only {len(accepted_versions)} of {count} accepted in {attempts} attempts")
    return {"accepted": accepted_versions, "conflicts": conflicts, "unexpected": unexpected}


def create(session: requests.Session, api: str, key: str, body: str) -> dict:
    response = session.post(
        f"{api}/products", data=body, headers={"Content-Type": "application/json", "Idempotency-Key": key}, timeout=TIMEOUT
    )
    product_id = response.json().get("productId") if response.status_code == 201 else None
    return {"status": response.status_code, "productId": product_id, "body": response.text[:300]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--api", required=True)
    parser.add_argument("--product")
    parser.add_argument("--count", type=int, default=1)
    parser.add_argument("--max-attempts", type=int, default=1000)
    parser.add_argument("--create-with-key")
    parser.add_argument("--body")
    parser.add_argument("--token", help="the bearer token writes send")
    parser.add_argument("--start", help="a file to wait for before starting, so every writer starts together")
    args = parser.parse_args(argv)
    if args.start:
        deadline = time.monotonic() + 60
        while not os.path.exists(args.start) and time.monotonic() < deadline:
            time.sleep(0.005)
    with requests.Session() as session:
        if args.token:
            session.headers["Authorization"] = f"Bearer {args.token}"
        if args.create_with_key:
            result = create(session, args.api, args.create_with_key, args.body)
        else:
            result = decrement(session, args.api, args.product, args.count, args.max_attempts)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

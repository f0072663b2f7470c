"""Concurrent writers race on one item through the local API (4 execution environments, real bootstrap,
moto): optimistic locking loses no decrement, and racing idempotent creates make exactly one product.

K separate processes (tools/resilience/writers.py) start together on a signal file. Sizes come from
WRITERS / DECREMENTS (defaults 4 x 15, about 10 s here); `make writers` runs bigger ones."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import requests

from authorized import api


PACKAGE_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WRITERS = int(os.environ.get("WRITERS", "4"))
DECREMENTS = int(os.environ.get("DECREMENTS", "15"))


def run_writers(tmp_path, arguments: list[list[str]]) -> list[dict]:
    """Starts one writer process per argument list, releases them at once, returns their JSON results."""
    start = tmp_path / f"start-{uuid.uuid4().hex}"
    processes = [
        subprocess.Popen([sys.executable, "-m", "tools.resilience.writers", "--start", str(start), *args],
                         cwd=PACKAGE_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for args in arguments
    ]
    try:
        start.write_text("go")
        results = []
        for process in processes:
            out, err = process.communicate(timeout=600)
            assert process.returncode == 0, err[-3000:]
            results.append(json.loads(out.strip().splitlines()[-1]))
        return results
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()


def test_concurrent_decrements_with_if_match_lose_nothing(api_url, stack, tmp_path):
    start_inventory = WRITERS * DECREMENTS + 100
    response = requests.post(f"{api_url}/products", timeout=30, headers={"Authorization": f"Bearer {api.token}"}, json={
        "name": f"contended-{uuid.uuid4().hex[:8]}", "price": 1.5, "category": f"race-{uuid.uuid4().hex[:8]}",
        "inventoryCount": start_inventory})
    assert response.status_code == 201, response.text
    product = response.json()
    assert product["version"] == 1
    cold_starts_before = stack.environments.cold_starts

    results = run_writers(tmp_path, [["--api", api_url, "--token", api.token, "--product", product["productId"], "--count", str(DECREMENTS)]
                                     for _ in range(WRITERS)])

    assert [result["unexpected"] for result in results] == [[]] * WRITERS
    accepted = [version for result in results for version in result["accepted"]]
    assert len(accepted) == WRITERS * DECREMENTS
    # Every accepted write produced a distinct next version: no write was lost or applied twice.
    assert sorted(accepted) == list(range(2, WRITERS * DECREMENTS + 2))
    final = requests.get(f"{api_url}/products/{product['productId']}", timeout=30).json()
    assert final["inventoryCount"] == start_inventory - len(accepted)
    # The create wrote version 1; each accepted write added one.
    assert final["version"] == len(accepted) + 1
    conflicts = sum(result["conflicts"] for result in results)
    print(f"\n{WRITERS} writers x {DECREMENTS} decrements: {len(accepted)} accepted, {conflicts} conflicts retried, "
          f"environments {stack.environments.cold_starts} (before {cold_starts_before}), throttled {stack.environments.throttles}")


def test_racing_creates_with_one_idempotency_key_make_one_product(api_url, dynamodb_client, table_name, tmp_path):
    key = f"race-{uuid.uuid4().hex}"
    name = f"raced-{uuid.uuid4().hex[:8]}"
    body = json.dumps({"name": name, "price": 3.25, "category": f"race-{uuid.uuid4().hex[:8]}"})
    results = run_writers(tmp_path, [["--api", api_url, "--token", api.token, "--create-with-key", key, "--body", body] for _ in range(WRITERS)])

    assert [result["status"] for result in results] == [201] * WRITERS, results
    assert len({result["productId"] for result in results}) == 1

    pages = dynamodb_client.get_paginator("scan").paginate(
        TableName=table_name, FilterExpression="#n = :n", ExpressionAttributeNames={"#n": "name"},
        ExpressionAttributeValues={":n": {"S": name}})
    assert sum(len(page["Items"]) for page in pages) == 1
    # and a later retry still answers with the same product
    retry = requests.post(f"{api_url}/products", data=body, headers={"Content-Type": "application/json", "Idempotency-Key": key}, timeout=30)
    assert retry.status_code == 201 and retry.json()["productId"] == results[0]["productId"]

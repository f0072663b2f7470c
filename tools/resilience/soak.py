"""Endurance: N mixed invocations straight through the local Runtime API (no API Gateway in between, to
keep it fast) into the real bootstrap against moto. Every invocation must be answered with what its event
asks for (none lost, none unanswered, no replacement process); after warm-up the bootstrap's peak RSS may
grow by less than 1 MB, and its open file descriptors and threads must stay constant.

    python -m tools.resilience.soak [--invocations 100000] [--warm-up 2000] [--bootstrap PATH] [--output FILE]

The mix, 20 invocations a cycle: a product's life (create, get, list by category, update with If-Match, delete)
and 15 that stop before DynamoDB (health, validation errors, a missing If-Match, malformed JSON, an unknown
route, a CORS preflight, a bad cursor, a non-HTTP and a non-JSON event: posted errors). Exit status 1 on any
failure.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import uuid

from tools.local.api_gateway import EventBuilder
from tools.local.stack import DEFAULT_BOOTSTRAP, LocalStack

RSS_GROWTH_LIMIT_KB = 1024
SQS_EVENT = {"Records": [{"messageId": "m", "eventSource": "aws:sqs", "body": "soak", "awsRegion": "us-east-1"}]}


def process_figures(pid: int) -> dict[str, int]:
    """Peak and current RSS (kB), threads and open file descriptors of a process, from /proc."""
    figures: dict[str, int] = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmHWM", "VmRSS", "Threads"):
                figures[name] = int(value.split()[0])
    figures["fds"] = len(os.listdir(f"/proc/{pid}/fd"))
    return figures


class Soak:
    def __init__(self, runtime, category: str, token: str | None = None):
        self.runtime = runtime
        # Writes carry a bearer token, as a client of the deployed API sends.
        self.token_headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.events = EventBuilder([("/{proxy+}", "ANY")])
        self.category = category
        self.invocations = 0
        self.failures: list[str] = []

    def event(self, method: str, target: str, body: dict | None = None, headers: dict | None = None) -> dict:
        data = json.dumps(body).encode() if body is not None else b""
        all_headers = {"Content-Type": "application/json", **self.token_headers, **(headers or {})}
        return self.events.build(method, target, list(all_headers.items()), data, "127.0.0.1", 3000)

    def call(self, what: str, event, expected: int | str) -> dict | None:
        """Invokes; checks the status (an int) or the posted error type (a str). Returns the JSON body."""
        self.invocations += 1
        result = self.runtime.invoke(event)
        if isinstance(expected, str):
            if result.error_type != expected:
                self.failures.append(f"{what}: expected error {expected}, got {result.error_type} {result.payload[:200]!r}")
            return None
        if result.is_error:
            self.failures.append(f"{what}: function error {result.error_type}: {result.error_message}")
            return None
        response = result.json()
        if response.get("statusCode") != expected:
            self.failures.append(f"{what}: expected {expected}, got {response.get('statusCode')} {response.get('body', '')[:200]}")
            return None
        return json.loads(response["body"]) if response.get("body") else {}

    def cycle(self) -> None:
        """20 invocations: a product's whole life (5 DynamoDB calls) and 15 that never reach DynamoDB, so the
        soak is not just a benchmark of moto."""
        created = self.call("create", self.event("POST", "/products", {
            "name": f"soak-{uuid.uuid4().hex[:8]}", "price": 9.99, "category": self.category, "inventoryCount": 5}), 201)
        if created is not None:
            product_id = created["productId"]
            got = self.call("get", self.event("GET", f"/products/{product_id}"), 200)
            if got is not None and got != created:
                self.failures.append(f"get {product_id}: read {got}, wrote {created}")
            self.call("list", self.event("GET", f"/products?category={self.category}&limit=5"), 200)
            updated = self.call("update", self.event("PATCH", f"/products/{product_id}", {"inventoryCount": 4},
                                                     {"If-Match": f'"{created["version"]}"'}), 200)
            if updated is not None and (updated["inventoryCount"], updated["version"]) != (4, 2):
                self.failures.append(f"update {product_id}: {updated}")
            self.call("delete", self.event("DELETE", f"/products/{product_id}", headers={"If-Match": '"2"'}), 204)
        for _ in range(5):
            self.call("health", self.event("GET", "/health"), 200)
        for _ in range(3):
            self.call("invalid", self.event("POST", "/products", {"name": "", "price": -1}), 400)
        self.call("precondition", self.event("PATCH", f"/products/{uuid.uuid4()}", {"price": 1}), 428)
        self.call("malformed", self.events.build("POST", "/products", [("Content-Type", "application/json"), *self.token_headers.items()], b"{nope",
                                                 "127.0.0.1", 3000), 400)
        self.call("unknown route", self.event("GET", "/no-such-thing"), 404)
        self.call("preflight", self.event("OPTIONS", "/products", headers={
            "Origin": "https://a.example", "Access-Control-Request-Method": "POST"}), 204)
        self.call("non-http", SQS_EVENT, "UnsupportedEvent")
        self.call("not json", b"{not json", "InvalidEvent")
        self.call("bad cursor", self.event("GET", "/products?cursor=not-a-cursor"), 400)


def run_soak(bootstrap: str, invocations: int, warm_up: int, progress=None) -> dict:
    with LocalStack(bootstrap, api_port=None, bootstrap_log=lambda line: None) as stack:
        runtime = stack.runtime
        soak = Soak(runtime, f"soak-{uuid.uuid4().hex[:8]}", stack.issuer.mint() if stack.issuer is not None else None)
        started = time.monotonic()
        while soak.invocations < min(warm_up, invocations):
            soak.cycle()
        pid = runtime.process_id
        if pid is None:
            return {"invocations": soak.invocations, "failures": ["bootstrap is not running after warm-up"] + soak.failures[:20]}
        after_warm_up = process_figures(pid)
        warm_at = soak.invocations
        samples = [after_warm_up]
        next_sample = soak.invocations + max(1000, invocations // 20)
        while soak.invocations < invocations:
            soak.cycle()
            if soak.invocations >= next_sample:
                samples.append(process_figures(pid))
                next_sample += max(1000, invocations // 20)
                if progress:
                    progress(f"{soak.invocations} invocations, {len(soak.failures)} failures, {samples[-1]}")
        elapsed = time.monotonic() - started
        final_pid = runtime.process_id
        end = process_figures(pid) if final_pid == pid else {}
        samples.append(end)
        summary = {
            "invocations": soak.invocations,
            "seconds": round(elapsed, 1),
            "invocations_per_s": round(soak.invocations / elapsed, 1),
            "failures": len(soak.failures),
            "first_failures": soak.failures[:20],
            "process_replaced": final_pid != pid or runtime.exit_codes != [],
            "warm_up_invocations": warm_at,
            "after_warm_up": after_warm_up,
            "end": end,
            "peak_rss_growth_kb": end.get("VmHWM", 0) - after_warm_up["VmHWM"] if end else None,
            "fds_constant": bool(end) and all(sample.get("fds") == after_warm_up["fds"] for sample in samples),
            "threads_constant": bool(end) and all(sample.get("Threads") == after_warm_up["Threads"] for sample in samples),
        }
        summary["passed"] = (
            summary["failures"] == 0 and not summary["process_replaced"] and summary["peak_rss_growth_kb"] is not None
            and summary["peak_rss_growth_kb"] < RSS_GROWTH_LIMIT_KB and summary["fds_constant"] and summary["threads_constant"]
        )
        return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", default=DEFAULT_BOOTSTRAP)
    parser.add_argument("--invocations", type=int, default=100_000)
    parser.add_argument("--warm-up", type=int, default=2000)
    parser.add_argument("--output")
    args = parser.parse_args(argv)
    summary = run_soak(args.bootstrap, args.invocations, args.warm_up, progress=lambda text: print(text, file=sys.stderr, flush=True))
    text = json.dumps(summary, indent=2)
    print(text)
    if args.output:
        os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    return 0 if summary["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())

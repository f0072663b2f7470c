"""The headline figures (one row each, Swift next to Python and their ratio) and issue 8's targets, read
from the harness's detailed results. Targets are reported as met or missed with the measured value; they
never fail the run. MB in a target means 10^6 bytes."""

from __future__ import annotations

from .workload import ROUTES

MB = 1_000_000

# (key, figure key, limit, unit, what). Issue 8's, with issue 20's (init at the C++ floor) where they are
# stricter: exec → first GET /next, the bytes read before it, and the start and reconnect limits.
TARGETS = [
    ("init_instructions", "instructions_init", 1_000_000, "instructions", "exec → first GET /next ≤ 1.0 M instructions"),
    ("init_bytes_touched", "bytes_touched_init", 1.0 * MB, "bytes", "bytes of the binary read before the first GET /next ≤ 1.0 MB"),
    ("init_rie_ratio", "rie_init_ratio", 1.1, "×",
     "RIE init duration (INIT REPORT), page cache evicted, p50 ≤ 1.1× the health-only bootstrap's"),
    ("start_to_first_response_instructions", "instructions_start_to_first_response", 16_000_000, "instructions",
     "start → first DynamoDB-backed response, client side ≤ 16 M instructions"),
    ("new_connection_instructions", "instructions_new_connection_get", 6_000_000, "instructions",
     "a request on a new connection ≤ 6 M instructions"),
    ("warm_health_instructions", "instructions_health", 180_000, "instructions", "warm GET /health ≤ 180,000 instructions"),
    ("warm_get_instructions", "instructions_get", 400_000, "instructions", "warm GET /products/{id} ≤ 400,000 instructions"),
    ("bytes_touched", "bytes_touched_first_response", 1.5 * MB, "bytes", "bytes of the binary touched before the first response ≤ 1.5 MB"),
    ("zip_size", "zip_bytes", 3.5 * MB, "bytes", "zip ≤ 3.5 MB"),
    ("peak_rss", "peak_rss_bytes", 8 * MB, "bytes", "peak RSS after the mixed invocations (10,000 in a full run) ≤ 8 MB"),
]


def _get(tree, *path):
    for key in path:
        if not isinstance(tree, dict) or key not in tree:
            return None
        tree = tree[key]
    return tree


def _row(key: str, label: str, unit: str, swift, python, group: str) -> dict:
    ratio = float(f"{python / swift:.3g}") if isinstance(swift, (int, float)) and isinstance(python, (int, float)) and swift else None
    return {"key": key, "label": label, "unit": unit, "group": group, "swift": swift, "python": python, "python_over_swift": ratio}


def headline(details: dict) -> list[dict]:
    s, p = details.get("swift", {}), details.get("python", {})
    rows = []

    def both(key, label, unit, group, *path):
        rows.append(_row(key, label, unit, _get(s, *path), _get(p, *path), group))

    for cache in ("evicted", "warm"):
        for stat in ("median", "p90"):
            both(f"init_{cache}_{stat}_ms", f"init (launch → 1st GET /next), page cache {cache}, {'p50' if stat == 'median' else stat}",
                 "ms", "start", f"start_{cache}", "launch_to_first_next_ms", stat)
        for stat in ("median", "p90"):
            both(f"first_response_{cache}_{stat}_ms",
                 f"start → 1st DynamoDB-backed response (cold GET), page cache {cache}, {'p50' if stat == 'median' else stat}",
                 "ms", "start", f"start_{cache}", "launch_to_first_response_ms", stat)
    rie = _get(s, "rie_init") or {}
    rows.append(_row("rie_init_evicted_p50_ms", "RIE init duration (INIT REPORT), page cache evicted, p50", "ms",
                     _get(rie, "bootstrap_ms", "median"), None, "start"))
    rows.append(_row("rie_init_floor_evicted_p50_ms", "the same for the health-only bootstrap (the floor)", "ms",
                     _get(rie, "floor_ms", "median"), None, "start"))
    rows.append(_row("rie_init_ratio", "RIE init, bootstrap / health-only bootstrap, p50", "×", rie.get("ratio_p50"), None, "start"))
    for stat in ("median", "p99"):
        both(f"reconnect_{stat}_us", f"GET on a new connection (server closed it), {'p50' if stat == 'median' else stat}", "µs",
             "latency", "reconnect", "round_trip_us", stat)
    for route in ROUTES:
        for stat in ("median", "p99"):
            both(f"warm_{route}_{stat}_us", f"warm {route}, {'p50' if stat == 'median' else stat}", "µs", "latency",
                 "warm", route, "round_trip_us", stat)
    for route in ROUTES:
        both(f"cpu_{route}_us", f"CPU time per warm {route}", "µs", "cpu", "warm", route, "cpu_per_invocation_us")
    both("cpu_reconnect_us", "CPU time per GET on a new connection", "µs", "cpu", "reconnect", "cpu_per_invocation_us")
    both("instructions_init", "instructions: exec → 1st GET /next (init)", "instructions", "instructions", "callgrind",
         "exec_to_first_next")
    both("instructions_start_to_first_response", "instructions: start → 1st DynamoDB-backed response", "instructions",
         "instructions", "callgrind", "start_to_first_dynamodb_response")
    both("instructions_new_connection_get", "instructions: GET on a new connection", "instructions", "instructions",
         "callgrind", "new_connection_get", "per_invocation")
    for route in ROUTES:
        both(f"instructions_{route}", f"instructions per warm {route}", "instructions", "instructions",
             "callgrind", "routes", route, "per_invocation")
    rows.append(_row("bytes_touched_first_response", "binary bytes read before the 1st response (loop ext4, readahead 0, mincore)",
                     "bytes", _get(s, "bytes_touched", "at_first_response_bytes", "median"), None, "size"))
    rows.append(_row("bytes_touched_init", "binary bytes read before the 1st GET /next (same)", "bytes",
                     _get(s, "bytes_touched", "at_first_next_bytes", "median"), None, "size"))
    both("files_touched_estimate", "all files' bytes touched to the 1st response (estimate: mapped Rss + files read)", "bytes",
         "size", "files_touched", "total_bytes")
    for side in (s, p):
        hwm = _get(side, "memory", "after_invocations_kib", "VmHWM")
        side.setdefault("_derived", {})["peak_rss_bytes"] = hwm * 1024 if hwm is not None else None
    mixed = _get(s, "memory", "invocations")
    both("peak_rss_bytes", f"peak RSS (VmHWM) after {mixed:,} mixed invocations" if mixed else "peak RSS (VmHWM)", "bytes", "size", "_derived", "peak_rss_bytes")
    both("zip_bytes", "deployment zip", "bytes", "size", "package", "zip_bytes")
    both("binary_bytes", "stripped binary (Python: the boto3 stack as installed)", "bytes", "size", "package", "code_bytes")
    for side in (s, p):
        side.pop("_derived", None)
    return rows


def targets(rows: list[dict]) -> list[dict]:
    by_key = {row["key"]: row for row in rows}
    checked = []
    for key, figure, limit, unit, what in TARGETS:
        measured = by_key.get(figure, {}).get("swift")
        checked.append({
            "target": key, "what": what, "limit": limit, "unit": unit, "measured": measured,
            "status": "not measured" if measured is None else ("met" if measured <= limit else "missed"),
        })
    return checked

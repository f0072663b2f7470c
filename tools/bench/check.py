"""`make bench-smoke`'s assertion: the harness produced well-formed results (every section ran, every figure the
run measures is a number, every target has a verdict, the chart is a PNG). Never how fast anything is.

    python -m tools.bench.check RESULTS.json [--chart CHART.png]
"""

from __future__ import annotations

import argparse
import json
import sys

from .figures import TARGETS

# Figures a smoke run measures for both functions (Python's instructions are skipped there: valgrind on Python
# takes minutes), and those it measures for Swift only.
BOTH = ["init_evicted_median_ms", "init_warm_p90_ms", "first_response_evicted_median_ms", "first_response_warm_median_ms",
        "reconnect_median_us", "warm_health_median_us", "warm_get_p99_us", "warm_create_median_us", "warm_list_median_us",
        "warm_update_median_us", "cpu_get_us", "cpu_update_us", "cpu_reconnect_us", "files_touched_estimate",
        "peak_rss_bytes", "zip_bytes", "binary_bytes"]
SWIFT = ["instructions_init", "instructions_start_to_first_response", "instructions_new_connection_get", "instructions_health", "instructions_get"]
TOP_LEVEL = ["date", "mode", "machine", "git", "functions", "figures", "targets", "details", "errors", "method"]


def problems(results: dict, root: bool | None = None) -> list[str]:
    found = [f"missing key {key}" for key in TOP_LEVEL if key not in results]
    if found:
        return found
    if results["errors"]:
        found += [f"section {name} failed: {error}" for name, error in results["errors"].items()]
    for key in ("cpu", "kernel", "cpus"):
        if not results["machine"].get(key):
            found.append(f"machine.{key} is empty")
    rows = {row["key"]: row for row in results["figures"]}
    for key in BOTH + SWIFT:
        row = rows.get(key)
        sides = ("swift", "python") if key in BOTH else ("swift",)
        for side in sides:
            value = None if row is None else row.get(side)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
                found.append(f"figure {key} has no positive {side} value: {value!r}")
        if key in BOTH and row and row.get("python_over_swift") is None:
            found.append(f"figure {key} has no ratio")
    touched = results["details"]["swift"].get("bytes_touched", {})
    if "skipped" not in touched and not isinstance(rows.get("bytes_touched_first_response", {}).get("swift"), (int, float)):
        found.append("bytes touched (loop image) neither measured nor skipped")
    verdicts = {target["target"]: target["status"] for target in results["targets"]}
    for key, *_ in TARGETS:
        skipped = ("skipped" in touched and key in ("bytes_touched", "init_bytes_touched")) or (
            key == "init_rie_ratio" and "skipped" in results["details"]["swift"].get("rie_init", {"skipped": "absent"}))
        if verdicts.get(key) not in ("met", "missed") and not skipped:
            found.append(f"target {key} has no verdict: {verdicts.get(key)!r}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench.check", description=__doc__)
    parser.add_argument("results")
    parser.add_argument("--chart")
    args = parser.parse_args(argv)
    with open(args.results) as source:
        results = json.load(source)
    found = problems(results)
    if args.chart:
        with open(args.chart, "rb") as chart:
            if chart.read(8) != b"\x89PNG\r\n\x1a\n":
                found.append(f"{args.chart} is not a PNG")
    for problem in found:
        print(f"bench-smoke: {problem}", file=sys.stderr)
    if found:
        return 1
    print(f"bench-smoke: {args.results} is well-formed ({len(results['figures'])} figures, {len(results['targets'])} targets)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

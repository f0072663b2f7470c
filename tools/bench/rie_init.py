"""Init as Lambda reports it: the RIE's `INIT REPORT(durationMs: …)` (AWS's Runtime Interface Emulator, the
`rapid` code Lambda runs; tools/local/rie.py), page cache evicted, for the products `bootstrap` and for the
do-nothing runtime of the same size class built from this project's code (`health-bootstrap`: the same
runtime, transport and router, statically linked the same way, serving only GET /health). Issue 20's target:
the products bootstrap's p50 within 1.1× of the floor's.

The two alternate in rounds (a few starts of one, then of the other), so a change in the machine's load
during the run reaches both alike. Before every start the binary's pages are dropped from the page cache
(checked with mincore), as for a cold start from Lambda's storage.

    python -m tools.bench.rie_init --bootstrap BIN --floor BIN [--rounds 4 --per-round 5]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

from . import page_cache
from .measure import BenchmarkError
from .stats import summarize

FLOOR_LABEL = "health-only bootstrap (same runtime, transport and router; static, same size class)"


def _evicted(path: str):
    def evict() -> None:
        left = page_cache.evict([path]).resident_bytes
        if left:
            raise BenchmarkError(f"{left} bytes of {path} stayed cached after eviction")
    return evict


def stripped_copy(binary: str, directory: str) -> str:
    """`binary` stripped as the zip's is, as `directory`/bootstrap (the name Lambda runs)."""
    os.makedirs(directory, exist_ok=True)
    target = os.path.join(directory, "bootstrap")
    subprocess.run(["strip", "--strip-all", "-o", target, binary], check=True, timeout=120)
    return target


def measure(bootstrap: str, floor: str, rounds: int, per_round: int) -> dict:
    from tools.local.rie import init_durations  # needs SAM CLI's wheel (the RIE binary); imported when used

    samples: dict[str, list[float]] = {"bootstrap": [], "floor": []}
    for _ in range(rounds):
        for name, path in (("bootstrap", bootstrap), ("floor", floor)):
            samples[name] += init_durations(per_round, path, before_each=_evicted(path))
    bootstrap_ms, floor_ms = summarize(samples["bootstrap"]), summarize(samples["floor"])
    return {
        "bootstrap_ms": bootstrap_ms, "floor_ms": floor_ms, "floor_label": FLOOR_LABEL,
        "ratio_p50": round(bootstrap_ms["median"] / floor_ms["median"], 3) if floor_ms["median"] else None,
        "rounds": rounds, "per_round": per_round,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--floor", required=True, help="the health-only bootstrap (.build/release/health-bootstrap)")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--per-round", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as directory:
        bootstrap = stripped_copy(args.bootstrap, os.path.join(directory, "products"))
        floor = stripped_copy(args.floor, os.path.join(directory, "floor"))
        print(json.dumps(measure(bootstrap, floor, args.rounds, args.per_round), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

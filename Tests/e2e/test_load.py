"""A short bounded load run through the local API with 4 execution environments (the session stack): a mix
of reads, lists, creates, updates and deletes; every answer must be the expected one. `make load` runs the
same generator longer on its own stack (tools/resilience/load.py)."""

from __future__ import annotations

import json
import os

from tools.resilience.load import run_load

DURATION = float(os.environ.get("LOAD_SECONDS", "8"))


def test_a_mixed_load_with_4_environments_gets_no_unexpected_answer(api_url, stack, write_token):
    summary = run_load(api_url, DURATION, workers=stack.environments.size, token=write_token)
    print("\n" + json.dumps(summary, indent=2))
    assert summary["stuck_workers"] == 0
    assert summary["unexpected_errors"] == 0, summary["first_unexpected"]
    assert summary["requests"] > 0
    for operation, figures in summary["operations"].items():
        assert figures["requests"] > 0, f"no {operation} was sent"
    # Up to 4 requests at once: more than one environment ran, and none was throttled.
    assert stack.environments.throttles == 0
    assert stack.environments.busy_peak >= 2

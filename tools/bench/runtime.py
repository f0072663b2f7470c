"""`make bench-runtime`: startup, warm latency, memory and size of the Swift `bootstrap`, next to AWS's Python
runtime interface client (awslambdaric) serving the same API Gateway health event.

    python -m tools.bench.runtime --bootstrap .build/release/bootstrap [--bundle dist/bootstrap.zip]
        [--runs 20] [--invocations 1000] [--budget-seconds 25] [--output .build/bench/runtime.json]

Both functions run behind tools/local's Runtime API on 127.0.0.1, which times them from its side:
- startup: N fresh processes each serve one event queued before the launch; from just before Popen to the
  first `GET /next`, and to the response POST. First with the function's startup files evicted from the
  page cache (fsync + posix_fadvise DONTNEED, checked with mincore), then with them cached.
- warm invocations: one process serves M more events; event handed to `GET /next` -> response POST read.
- memory: the function process's VmHWM after those invocations.
- floor: the warm invocations again with a do-nothing runtime (null_runtime.py): the harness's own share.
When --bundle names an existing zip, the `bootstrap` inside it (what Lambda runs) is the binary measured.
Every loop stops at its count or after --budget-seconds, whichever comes first.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time
import zipfile

from . import functions, machine, measure, report


def extract_bootstrap(bundle: str, directory: str) -> str:
    """The zip's `bootstrap` written to `directory`, with the mode the zip records."""
    os.makedirs(directory, exist_ok=True)
    target = os.path.join(directory, "bootstrap")
    with zipfile.ZipFile(bundle) as archive:
        member = archive.getinfo("bootstrap")
        with archive.open(member) as source, open(target, "wb") as output:
            output.write(source.read())
    os.chmod(target, (member.external_attr >> 16) & 0o777 or 0o755)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench.runtime", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", required=True, help="the release build (.build/release/bootstrap)")
    parser.add_argument("--bundle", help="the Lambda zip; when it exists, its bootstrap is the one measured")
    parser.add_argument("--runs", type=int, default=20, help="startups per runtime and page-cache state")
    parser.add_argument("--invocations", type=int, default=1000, help="warm invocations per runtime")
    parser.add_argument("--budget-seconds", type=float, default=25.0, help="time limit of each measuring loop")
    parser.add_argument("--event", default="events/health.json")
    parser.add_argument("--python", default=sys.executable, help="interpreter (with awslambdaric) for the comparator")
    parser.add_argument("--workdir", default=".build/bench/runtime")
    parser.add_argument("--output", default=".build/bench/runtime.json")
    args = parser.parse_args(argv)

    if not os.access(args.bootstrap, os.X_OK):
        parser.error(f"{args.bootstrap} is not an executable (run `make build`)")
    if importlib.util.find_spec("awslambdaric") is None:
        parser.error("awslambdaric is not installed for this interpreter (run `make venv`)")
    with open(args.event, "rb") as source:
        event = source.read()

    started = time.monotonic()
    load_before = machine.load_average()
    bundle_info: dict = {"built_bootstrap": args.bootstrap, "built_bootstrap_bytes": os.path.getsize(args.bootstrap), "zip": args.bundle, "zip_bytes": None}
    binary = args.bootstrap
    if args.bundle and os.path.isfile(args.bundle):
        binary = extract_bootstrap(args.bundle, os.path.join(args.workdir, "bundle"))
        bundle_info.update(zip_bytes=os.path.getsize(args.bundle), bootstrap_bytes=os.path.getsize(binary))

    workdir = os.path.abspath(args.workdir)
    under_test = [functions.swift(binary), functions.python(os.path.join(workdir, "python-function"), args.python)]
    floor = functions.floor(os.path.join(workdir, "null-runtime"), args.python)
    results: dict = {
        "machine": machine.describe(binary),
        "load_average_before": load_before,
        "bundle": bundle_info,
        "parameters": {"runs": args.runs, "invocations": args.invocations, "budget_seconds": args.budget_seconds, "event": args.event},
        "method": METHOD,
        "runtimes": {},
    }
    try:
        for function in under_test:
            print(f"bench-runtime: {function.label} ...", file=sys.stderr, flush=True)
            functions.discover_startup_files(function, event, measure.check)
            results["runtimes"][function.name] = {
                "label": function.label,
                "executable": os.path.relpath(function.executable),
                "start_evicted": measure.startups(function, event, args.runs, args.budget_seconds, evict=True),
                "start_cached": measure.startups(function, event, args.runs, args.budget_seconds, evict=False),
                "invocations": measure.invocations(function, event, args.invocations, args.budget_seconds),
                "startup_files": function.startup_files,
            }
        print(f"bench-runtime: {floor.label} ...", file=sys.stderr, flush=True)
        results["floor"] = {"label": floor.label, "invocations": measure.invocations(floor, event, args.invocations, args.budget_seconds)}
    except measure.BenchmarkError as error:
        print(f"bench-runtime: {error}", file=sys.stderr)
        return 1
    results["load_average_after"] = machine.load_average()
    results["elapsed_seconds"] = round(time.monotonic() - started, 1)

    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w") as output:
        json.dump(results, output, indent=2)
        output.write("\n")
    print(report.table(results))
    print(f"({results['elapsed_seconds']} s; everything in {args.output})")
    return 0


METHOD = {
    "runtime_api": "tools/local/runtime_api.py (Python, ThreadingHTTPServer, TCP_NODELAY) on 127.0.0.1; times are "
    "CLOCK_MONOTONIC in the Runtime API's process",
    "launch": "just before subprocess.Popen of the function's executable, so fork+exec are included",
    "start_evicted": "before each start: fsync + posix_fadvise(POSIX_FADV_DONTNEED) on every file the function "
    "read to start (the files its process maps, plus for Python every imported module's .py/.pyc, pyvenv.cfg, "
    "*.pth and the /bin/sh bootstrap), then mincore to count what stayed cached; the event is queued before "
    "the launch, so the first GET /next is answered at once",
    "start_cached": "the same after one untimed start, nothing evicted",
    "invocations": "one process; after its first (cold) event, M events one after another; round trip = event "
    "released to the waiting GET /next (before it is written) -> response POST read in full",
    "floor": "the same warm invocations served by tools/bench/null_runtime.py, a raw-socket loop that posts a "
    "fixed response: the harness's own share of each round trip",
    "memory": "VmHWM of the function process (/proc/<pid>/status) after the M invocations",
    "python_comparator": "tools/bench/python_function/health_handler.py (same response as the Swift /health) "
    "run by `python -m awslambdaric health_handler.handler`, started from a /bin/sh bootstrap that execs "
    "it, as Lambda's managed Python runtimes start",
}


if __name__ == "__main__":
    sys.exit(main())

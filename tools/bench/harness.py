"""`make bench`: the Swift `bootstrap` and the Python + boto3 comparator, side by side, against the same local
DynamoDB (moto under gunicorn over HTTPS with keep-alive), in one run.

    python -m tools.bench [--smoke] --bootstrap .build/release/bootstrap --bundle dist/bootstrap.zip
        [--output bench/results.json] [--chart bench/chart.png] [--doc docs/benchmarks.md]

For each function: init and start → first DynamoDB-backed response with the page cache evicted and warm;
warm round trips and CPU time per route; a GET on a new connection (a loopback proxy closes every
connection before it); instructions (callgrind); bytes touched at start; peak RSS after mixed
invocations; package size. Then the figures, their ratios and issue 8's targets go to --output (JSON), a
chart to --chart, the table into docs/benchmarks.md (--doc). --smoke is the short run CI
does to keep the harness working: few runs, small callgrind lengths, no Python callgrind, no getitem.
Every loop is bounded by a count and a time budget.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
import traceback
import zipfile

from tools.local import dynamodb

from . import callgrind, figures, functions, machine, measure, parity, report, touched
from .tls_dynamodb import ClosingProxy, TLSDynamoDB
from .workload import ROUTES, Workload, seed

FULL = {"runs": 20, "invocations": 500, "reconnects": 100, "mixed": 10_000, "touched_runs": 5, "budget_seconds": 60.0, "mixed_budget_seconds": 1200.0,
        "callgrind_lengths": {"swift": (5, 25), "python": (1, 3)}, "callgrind_reconnect_lengths": {"swift": (1, 4), "python": (1, 2)},
        "callgrind_routes": {"swift": list(ROUTES), "python": list(ROUTES)}, "getitem": True}
SMOKE = {"runs": 2, "invocations": 20, "reconnects": 5, "mixed": 100, "touched_runs": 1, "budget_seconds": 20.0, "mixed_budget_seconds": 60.0,
         "callgrind_lengths": {"swift": (0, 1)}, "callgrind_reconnect_lengths": {"swift": (0, 1)}, "callgrind_routes": {"swift": ["health", "get"]}, "getitem": False}


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


def _python_package(workdir: str) -> dict:
    """The comparator's zip (its handler modules; boto3 comes with Lambda's Python runtime) and the size of
    the boto3 stack it imports, as installed."""
    path = os.path.join(workdir, "python-function.zip")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in functions.PYTHON_MODULES:
            archive.write(os.path.join(functions.PYTHON_FUNCTION, name), name)
    stack = 0
    for package in ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3", "six.py"):
        spec = importlib.util.find_spec(package.removesuffix(".py"))
        if spec is None or spec.origin is None:
            continue
        root = os.path.dirname(spec.origin) if package != "six.py" else spec.origin
        if os.path.isfile(root):
            stack += os.path.getsize(root)
            continue
        for directory, _, names in os.walk(root):
            stack += sum(os.path.getsize(os.path.join(directory, name)) for name in names)
    return {"zip_bytes": os.path.getsize(path), "code_bytes": stack, "note": "zip: the handler modules; code: boto3, botocore, "
            "s3transfer, jmespath, dateutil, urllib3, six as installed (Lambda's Python runtime ships boto3)"}


def _getitem(smoke: bool) -> dict:
    binary = ".build/bench/release/products-bench"
    if smoke:
        return {"skipped": "smoke run"}
    if not os.access(binary, os.X_OK):
        return {"skipped": f"{binary} not built (make bench builds it)"}
    output = subprocess.run([binary, "getitem"], capture_output=True, text=True, timeout=600, check=True).stdout
    lines = [line.strip() for line in output.splitlines() if "µs/op" in line]
    return {"output": lines, "us_per_op": {line.rsplit(":", 1)[0]: float(line.rsplit(":", 1)[1].split()[0]) for line in lines}}


def _git() -> dict:
    def git(*args):
        return subprocess.run(["git", *args], capture_output=True, text=True, timeout=30).stdout.strip()
    return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain", "--untracked-files=no"))}


class Run:
    """Runs each section, keeping going after a failure so one broken figure does not hide the others."""

    def __init__(self):
        self.errors: dict[str, str] = {}
        self.timings: dict[str, float] = {}

    def section(self, name: str, call):
        print(f"bench: {name} ...", file=sys.stderr, flush=True)
        started = time.monotonic()
        try:
            return call()
        except Exception as error:  # noqa: BLE001 - recorded, reported, and the run fails at the end
            self.errors[name] = f"{type(error).__name__}: {error}"
            print(f"bench: {name} FAILED: {error}\n{traceback.format_exc()}", file=sys.stderr, flush=True)
            return {"error": self.errors[name]}
        finally:
            self.timings[name] = round(time.monotonic() - started, 1)


def measure_function(run: Run, function, binary: str | None, workload: Workload, proxy, settings: dict, workdir: str,
                     callgrind_function=None) -> dict:
    name = function.name
    result: dict = {"label": function.label}
    result["startup_files"] = run.section(
        f"{name} startup files", lambda: len(functions.discover_startup_files(function, workload.event("get"), lambda answer: workload.check("get", json.dumps(answer).encode()))))
    for cache in ("evicted", "warm"):
        result[f"start_{cache}"] = run.section(
            f"{name} start ({cache} page cache)",
            lambda cache=cache: measure.startups(function, workload, "get", settings["runs"], settings["budget_seconds"], evict=cache == "evicted"))
    result["warm"] = run.section(f"{name} warm routes", lambda: measure.warm_routes(function, workload, settings["invocations"], settings["budget_seconds"]))
    result["reconnect"] = run.section(f"{name} reconnects", lambda: measure.reconnects(function, workload, proxy, settings["reconnects"], settings["budget_seconds"]))
    result["memory"] = run.section(f"{name} mixed invocations", lambda: measure.mixed_memory(function, workload, settings["mixed"], settings["mixed_budget_seconds"]))
    result["files_touched"] = run.section(f"{name} files touched", lambda: touched.mapped_estimate(function, workload))
    if name == "swift":
        result["bytes_touched"] = run.section(
            "swift bytes touched (loop image)", lambda: touched.bundle_bytes_touched(function, binary, workload, os.path.join(workdir, "loop"), settings["touched_runs"]))
    if name in settings["callgrind_lengths"]:
        result["callgrind"] = run.section(
            f"{name} callgrind", lambda: callgrind.measure(callgrind_function or function, workload, os.path.join(workdir, f"callgrind-{name}"),
                                                           settings["callgrind_routes"][name], settings["callgrind_lengths"][name],
                                                           settings["callgrind_reconnect_lengths"][name], proxy))
    else:
        result["callgrind"] = {"skipped": "smoke run (valgrind on Python takes minutes)"}
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", required=True, help="the release build (.build/release/bootstrap)")
    parser.add_argument("--bundle", help="the Lambda zip; its bootstrap is the one measured")
    parser.add_argument("--smoke", action="store_true", help="the short CI run")
    parser.add_argument("--python", default=sys.executable, help="interpreter with boto3 and awslambdaric for the comparator")
    parser.add_argument("--events", default="events")
    parser.add_argument("--workdir", default=".build/bench-harness")
    parser.add_argument("--output", default="bench/results.json")
    parser.add_argument("--chart", help="PNG chart to write")
    parser.add_argument("--doc", help="Markdown page (docs/benchmarks.md) whose table to regenerate")
    for name in ("runs", "invocations", "reconnects", "mixed"):
        parser.add_argument(f"--{name}", type=int, help=f"override the run's {name} count")
    args = parser.parse_args(argv)
    settings = dict(SMOKE if args.smoke else FULL)
    for name in ("runs", "invocations", "reconnects", "mixed"):
        if getattr(args, name) is not None:
            settings[name] = max(1, getattr(args, name))
    # A SIGTERM unwinds like ^C, so every finally block runs: the loop device is detached, the servers stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    if not os.access(args.bootstrap, os.X_OK):
        parser.error(f"{args.bootstrap} is not an executable (run `make build`)")
    for module in ("awslambdaric", "boto3"):
        if importlib.util.find_spec(module) is None:
            parser.error(f"{module} is not installed for this interpreter (run `make venv`)")
    workdir = os.path.abspath(args.workdir)
    os.makedirs(workdir, exist_ok=True)
    started = time.monotonic()
    load_before = machine.load_average()
    git = _git()  # what was built and measured, even if the tree moves on during the run
    binary = args.bootstrap
    package = {"built_bootstrap_bytes": os.path.getsize(args.bootstrap)}
    if args.bundle and os.path.isfile(args.bundle):
        binary = extract_bootstrap(args.bundle, os.path.join(workdir, "bundle"))
        package.update(zip=args.bundle, zip_bytes=os.path.getsize(args.bundle), code_bytes=os.path.getsize(binary))
    else:
        package.update(zip=None, zip_bytes=None, code_bytes=os.path.getsize(binary))

    run = Run()
    details: dict = {}
    answers: dict = {}
    server = TLSDynamoDB(os.path.join(workdir, "dynamodb"), python=args.python)
    proxy = None
    try:
        server.start()
        proxy = ClosingProxy(server.port).start()
        client = dynamodb.client(server.endpoint, verify=server.ca_file)
        environment = functions.dynamodb_environment(server.endpoint, server.ca_file, dynamodb.DEFAULT_TABLE_NAME)
        under_test = [functions.swift(binary, environment),
                      functions.python(os.path.join(workdir, "python-function"), args.python, environment)]
        for function in under_test:
            ids = seed(client, dynamodb.DEFAULT_TABLE_NAME, args.events)
            workload = Workload(args.events, get_id=ids[0], update_id=ids[1], client=client, table_name=dynamodb.DEFAULT_TABLE_NAME)
            # callgrind runs the unstripped build (the same code as the zip's binary, plus symbols for its profile).
            symbols = functions.swift(args.bootstrap, environment) if function.name == "swift" else None
            details[function.name] = measure_function(run, function, binary if function.name == "swift" else None, workload, proxy,
                                                      settings, workdir, callgrind_function=symbols)
            answers[function.name] = run.section(f"{function.name} parity", lambda: parity.statuses(function, args.events, ids[2]))
        details["parity"] = run.section("parity", lambda: parity.compare(answers["swift"], answers["python"]))
        details["swift"]["package"] = package
        details["python"]["package"] = run.section("python package", lambda: _python_package(workdir))
        floor = functions.floor(os.path.join(workdir, "null-runtime"), args.python)
        details["floor"] = run.section("floor", lambda: measure.floor_round_trip(
            floor, Workload(args.events, "x", "x").event("health"), settings["invocations"], settings["budget_seconds"]))
    finally:
        if proxy:
            proxy.stop()
        server.stop()
    details["getitem"] = run.section("products-bench getitem", lambda: _getitem(args.smoke))

    rows = figures.headline(details)
    results = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "mode": "smoke" if args.smoke else "full",
        "machine": {**machine.describe(binary), "load_average_before": load_before, "load_average_after": machine.load_average()},
        "git": git,
        "parameters": {key: value for key, value in settings.items()},
        "functions": {name: details[name]["label"] for name in ("swift", "python")},
        "figures": rows,
        "targets": figures.targets(rows),
        "details": details,
        "errors": run.errors,
        "section_seconds": run.timings,
        "elapsed_seconds": round(time.monotonic() - started, 1),
        "method": report.METHOD,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w") as output:
        json.dump(results, output, indent=2, ensure_ascii=False)
        output.write("\n")
    if args.chart:
        from . import chart
        chart.render(results, args.chart)
    if args.doc:
        report.update_doc(results, args.doc, chart_path=args.chart)
    print(report.markdown(results))
    print(f"\n({results['elapsed_seconds']} s; everything in {args.output})")
    if run.errors:
        print(f"bench: {len(run.errors)} section(s) failed: {', '.join(run.errors)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`make watch`: the local stack, rebuilt and redeployed when a source file changes.

    python -m tools.local.watch --build "swift build -c debug --product bootstrap" --binary .build/debug/bootstrap \
        [--sources Sources] [--port 3000] [--log-level INFO]

moto (and its data), the local API Gateway and the Swagger UI keep running the whole time; after each good build
only the function's execution environment is replaced (a fresh bootstrap, a cold start, as a deploy gives). A
build that fails leaves the last good function serving and prints the compiler's output. Each good binary is
copied under .build/watch/ first, so the next build can overwrite its output while the old one still runs.
Ctrl-C, SIGTERM or SIGHUP stops everything.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

from . import dynamodb
from .banner import banner
from .docs_ui import DocsUI
from .stack import LocalStack
from .template import PACKAGE_ROOT

POLL_SECONDS = 0.5
# A save often writes several files (or one file twice): wait for this much quiet before building.
SETTLE_SECONDS = 0.4
WATCHED_SUFFIXES = (".swift", ".h", ".c", ".modulemap")
# Written by the build itself (from docs/openapi.yaml, which is watched): a change there is not an edit.
GENERATED = ("OpenAPIDocumentJSON.swift",)


def log(message: str) -> None:
    print(f"[watch] {message}", file=sys.stderr, flush=True)


def snapshot(roots: list[str]) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every watched file under `roots`."""
    files: dict[str, tuple[int, int]] = {}
    for root in roots:
        if os.path.isfile(root):
            stat = os.stat(root)
            files[root] = (stat.st_mtime_ns, stat.st_size)
            continue
        for directory, _, names in os.walk(root):
            for name in names:
                if name.endswith(WATCHED_SUFFIXES) and name not in GENERATED:
                    path = os.path.join(directory, name)
                    try:
                        stat = os.stat(path)
                    except FileNotFoundError:
                        continue
                    files[path] = (stat.st_mtime_ns, stat.st_size)
    return files


class Watcher:
    def __init__(self, build_command: str, binary: str, sources: list[str], work_dir: str):
        self.build_command = build_command
        self.binary = binary
        self.sources = sources
        self.work_dir = work_dir
        self.generation = 0

    def build(self) -> str | None:
        """Runs the build, echoing its output; the path of a fresh copy of the binary, or None if it failed."""
        log(f"building: {self.build_command}")
        started = time.monotonic()
        result = subprocess.run(self.build_command, shell=True, cwd=PACKAGE_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        sys.stderr.write(result.stdout)
        if result.returncode != 0:
            log(f"build FAILED (exit {result.returncode}); the last good function keeps serving. Fix the errors above and save again.")
            return None
        if not os.access(self.binary, os.X_OK):
            log(f"build succeeded but {self.binary} is missing; the last good function keeps serving.")
            return None
        self.generation += 1
        copy = os.path.join(self.work_dir, f"bootstrap-{self.generation}")
        shutil.copy2(self.binary, copy + ".tmp")
        os.replace(copy + ".tmp", copy)
        log(f"build succeeded in {time.monotonic() - started:.1f}s")
        return copy

    def prune(self, keep: str) -> None:
        for name in os.listdir(self.work_dir):
            path = os.path.join(self.work_dir, name)
            if name.startswith("bootstrap-") and path != keep:
                os.remove(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make watch", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", required=True, help="shell command that builds the bootstrap")
    parser.add_argument("--binary", required=True, help="where the build leaves the bootstrap")
    parser.add_argument("--sources", action="append", help="files or folders to watch (default: Sources, Package.swift)")
    parser.add_argument("--work-dir", default=os.path.join(PACKAGE_ROOT, ".build", "watch"))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=3000)
    parser.add_argument("--table", default=dynamodb.DEFAULT_TABLE_NAME)
    parser.add_argument("--log-level", default="INFO")
    parser.add_argument("--auth", choices=("jwt", "none"), default="jwt", help="AUTH_MODE of the function (default jwt)")
    args = parser.parse_args(argv)
    sources = [os.path.abspath(path) for path in (args.sources or [os.path.join(PACKAGE_ROOT, "Sources"), os.path.join(PACKAGE_ROOT, "Package.swift")])]
    os.makedirs(args.work_dir, exist_ok=True)
    watcher = Watcher(args.build, os.path.abspath(args.binary), sources, args.work_dir)

    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda *_: stop.set())

    seen = snapshot(sources)
    current = watcher.build()
    if current is None:
        log("the first build failed: nothing to serve yet; fix the errors and save")
        while current is None and not stop.is_set():
            seen = wait_for_change(sources, seen, stop)
            if seen is not None:
                current = watcher.build()
        if current is None:
            return 1

    stack = LocalStack(current, table_name=args.table, api_host=args.host, api_port=args.port, log_level=args.log_level,
                       bootstrap_log=sys.stdout, auth=args.auth,
                       local_routes=[DocsUI(token=lambda: stack.issuer.mint() if stack.issuer else None).serve])
    try:
        stack.start()
        watcher.prune(current)
        print(banner(stack, stop_hint=f"Watching {', '.join(os.path.relpath(path, PACKAGE_ROOT) for path in sources)}: a change "
                     f"rebuilds and restarts the function. Ctrl-C (or kill -INT {os.getpid()}) stops everything."),
              file=sys.stderr, flush=True)
        while not stop.is_set():
            changed = wait_for_change(sources, seen, stop)
            if changed is None:
                break
            seen = changed
            fresh = watcher.build()
            if fresh is None:
                continue
            pid = stack.runtime.restart(fresh)
            watcher.prune(fresh)
            log(f"function restarted: bootstrap pid {pid} (API, DynamoDB data and docs kept)")
    except OSError as error:
        print(f"make watch: {error}", file=sys.stderr)
        return 1
    finally:
        stack.stop()
    print("stopped", file=sys.stderr)
    return 0


def wait_for_change(sources: list[str], seen: dict, stop: threading.Event) -> dict | None:
    """Blocks until the watched files change and then stay quiet for SETTLE_SECONDS; the new snapshot, or None
    once `stop` is set."""
    while not stop.wait(POLL_SECONDS):
        now = snapshot(sources)
        if now == seen:
            continue
        while not stop.wait(SETTLE_SECONDS):
            settled = snapshot(sources)
            if settled == now:
                changed = sorted(path for path in set(now) | set(seen) if now.get(path) != seen.get(path))
                log("changed: " + ", ".join(os.path.relpath(path, PACKAGE_ROOT) for path in changed[:5])
                    + (f" and {len(changed) - 5} more" if len(changed) > 5 else ""))
                return settled
            now = settled
    return None


if __name__ == "__main__":
    sys.exit(main())

"""Instructions executed by the function process, counted by `valgrind --tool=callgrind`: exact and the same
whatever else the machine is doing, so these are the figures to compare across commits.

One process per function runs under callgrind behind the closing proxy (tls_dynamodb.ClosingProxy), and the
harness dumps its counters (`callgrind_control --dump <pid>`, which also zeroes them) while it waits in
`GET /next` between phases, so each dump holds exactly one phase:
- init: from exec to the first `GET /next` (the process is launched with no event queued and dumped there);
- start → first DynamoDB-backed response: from exec to the first cold `GET /products/{id}` answered (init
  plus the cold request);
- per warm invocation of a route: n1 invocations (dumped and set aside: the short run), then n2 − n1 more,
  dumped: (I(n2) − I(n1)) / (n2 − n1), so start, the cold request and one-time costs cancel out;
- a request on a new connection: the same for GETs with every connection closed before each one.
Valgrind on Python is ~50× slower than native, so a Python start takes minutes here: one process serves all.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import time

from . import functions
from .functions import Function
from .measure import BenchmarkError, invoke, wait_first_next
from .workload import Workload

VALGRIND = shutil.which("valgrind") or "valgrind"
# Under valgrind a Python start takes minutes on a loaded machine.
TIMEOUT_SECONDS = 900.0


def _totals(path: str) -> int | None:
    try:
        with open(path) as output:
            for line in output:
                if line.startswith("totals:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def top_functions(path: str, count: int = 8) -> list[list]:
    """The `count` functions with the most instructions of their own in one dump: [instructions, name]."""
    output = subprocess.run(["callgrind_annotate", "--inclusive=no", path], capture_output=True, text=True, timeout=120).stdout
    rows, started = [], False
    for line in output.splitlines():
        if line.startswith("Ir") and "file:function" in line:
            started = True
            continue
        if not started or line.startswith("-") or not line.strip():
            if started and rows:
                break
            continue
        ir, _, rest = line.strip().partition(" ")
        name = rest.split(")", 1)[-1].strip()
        name = name.split(":", 1)[1] if name.startswith("???:") or ".c:" in name or ".swift:" in name else name
        rows.append([int(ir.replace(",", "")), name.rsplit(" [", 1)[0]])
        if len(rows) == count:
            break
    return rows


class CallgrindProcess:
    """The function started under callgrind; `phase()` dumps (and zeroes) its counters and returns them."""

    def __init__(self, function: Function, workdir: str, environment: dict | None):
        self.workdir = os.path.abspath(workdir)
        shutil.rmtree(self.workdir, ignore_errors=True)
        os.makedirs(self.workdir)
        self.out_file = os.path.join(self.workdir, "callgrind.out")
        prefix = [VALGRIND, "--tool=callgrind", "--vgdb=yes", "--dump-instr=no", "--dump-line=no", "--compress-strings=no",
                  f"--callgrind-out-file={self.out_file}", f"--log-file={self.workdir}/valgrind.log"]
        executable = functions.wrapped(function, os.path.join(self.workdir, "root"), prefix)
        self.api = function.runtime_api(executable=executable, environment=environment, timeout_seconds=TIMEOUT_SECONDS)
        self.parts = 0

    def __enter__(self) -> "CallgrindProcess":
        self.api.start(launch=True)
        return self

    def __exit__(self, *exc) -> None:
        self.api.stop()

    def _pid(self) -> int:
        """The valgrind process's pid, checked against `vgdb -l` so a dump can only ever reach our own process."""
        pid = self.api.process_id
        listing = subprocess.run(["vgdb", "-l"], capture_output=True, text=True, timeout=30).stdout + ""
        for line in listing.splitlines():
            if f"--pid={pid} " in line and f"--callgrind-out-file={self.out_file}" in line:
                return pid
        raise BenchmarkError(f"valgrind process {pid} (out file {self.out_file}) is not listed by vgdb -l")

    def phase(self, timeout: float = 300.0) -> int:
        pid = self._pid()
        subprocess.run(["callgrind_control", "--dump", str(pid)], capture_output=True, text=True, timeout=timeout, check=True)
        self.parts += 1
        path = f"{self.out_file}.{self.parts}"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            count = _totals(path)
            if count is not None:
                self.last_path = path
                return count
            time.sleep(0.2)
        raise BenchmarkError(f"callgrind dump {path} did not appear within {timeout} s")


def measure(function: Function, workload: Workload, workdir: str, routes: list[str], lengths: tuple[int, int],
            reconnect_lengths: tuple[int, int], proxy) -> dict:
    """Every instruction figure of one function from one process under callgrind (see the module's doc).
    `lengths` (n1, n2) for the warm routes, `reconnect_lengths` for the new-connection GETs (each one a full
    TLS handshake, slow under valgrind)."""
    results: dict = {"lengths": list(lengths), "reconnect_lengths": list(reconnect_lengths), "routes": {}}
    started = time.monotonic()
    with CallgrindProcess(function, workdir, {"AWS_ENDPOINT_URL_DYNAMODB": proxy.endpoint}) as process:
        accepted = proxy.accepted
        wait_first_next(process.api, TIMEOUT_SECONDS)
        results["exec_to_first_next"] = process.phase()
        results["init_top_functions"] = top_functions(process.last_path)
        invoke(function, process.api, workload, "get")
        results["start_to_first_dynamodb_response"] = results["exec_to_first_next"] + process.phase()
        results["start_connections_opened"] = proxy.accepted - accepted

        def run(route: str, count: int, reconnect: bool) -> None:
            for _ in range(count):
                if reconnect:
                    proxy.drop()
                invoke(function, process.api, workload, route)

        for name, route, reconnect in [(route, route, False) for route in routes] + [("new_connection_get", "get", True)]:
            short, long = reconnect_lengths if reconnect else lengths
            run(route, short, reconnect)
            warm_up = process.phase()
            accepted = proxy.accepted
            run(route, long - short, reconnect)
            measured = process.phase()
            measured_path = process.last_path
            entry = {"warm_up_total": warm_up, "measured_total": measured, "per_invocation": round(measured / (long - short)),
                     "connections_opened": proxy.accepted - accepted}
            # Under valgrind a slow TLS handshake can outlast the client's connect timeout and be retried on a
            # new connection: then the count holds several handshakes, and says so.
            expected = (long - short) if reconnect else 0
            entry["extra_connections"] = max(0, entry["connections_opened"] - expected)
            if name in ("get", "health", "new_connection_get"):
                entry["top_functions"] = top_functions(measured_path)
            if name == "new_connection_get":
                results[name] = entry
            else:
                results["routes"][name] = entry
    workload.cleanup()
    results["extra_connections"] = results["start_connections_opened"] - 1 + sum(
        entry["extra_connections"] for entry in [*results["routes"].values(), results["new_connection_get"]])
    results["seconds"] = round(time.monotonic() - started, 1)
    return results

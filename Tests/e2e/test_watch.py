"""`make watch` (tools/local/watch.py) as a process: a change under the watched sources rebuilds and replaces only
the function's environment (the API, moto's data and the docs keep running), and a failed build keeps the last
good function serving and shows the compiler's output. The "compiler" here is a script that copies the real
bootstrap, or fails the way swiftc does when the source says so: the watcher is under test, not swift build."""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time

import requests

PACKAGE_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BOUND = 90  # seconds any one expected line may take to appear

FAKE_BUILD = """
import shutil, sys
source, output, real = sys.argv[1:]
text = open(source).read()
print("Compiling Products main.swift")
if "BROKEN" in text:
    print(f"{source}:1:1: error: cannot find 'BROKEN' in scope")
    sys.exit(1)
shutil.copy(real, output + ".tmp")
import os; os.replace(output + ".tmp", output)
print("Build complete!")
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Output:
    """stderr of the watcher, line by line, with bounded waits."""

    def __init__(self, stream):
        self.lines: list[str] = []
        self._queue: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream) -> None:
        for line in stream:
            self._queue.put(line)

    def wait_for(self, pattern: str, timeout: float = BOUND) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self._queue.get(timeout=0.2)
            except queue.Empty:
                continue
            self.lines.append(line)
            found = re.search(pattern, line)
            if found:
                return found
        raise AssertionError(f"no line matching {pattern!r} within {timeout}s:\n" + "".join(self.lines[-40:]))


def test_watch_rebuilds_restarts_only_the_function_and_survives_a_failed_build(bootstrap_path, tmp_path):
    sources = tmp_path / "Sources"
    sources.mkdir()
    main = sources / "main.swift"
    main.write_text("print(1)\n")
    fake = tmp_path / "fake_build.py"
    fake.write_text(FAKE_BUILD)
    binary = tmp_path / "out" / "bootstrap"
    binary.parent.mkdir()
    port = free_port()
    command = [
        sys.executable, "-m", "tools.local.watch", "--auth", "none", "--build", f"{sys.executable} {fake} {main} {binary} {bootstrap_path}",
        "--binary", str(binary), "--sources", str(sources), "--work-dir", str(tmp_path / "work"), "--port", str(port),
    ]
    process = subprocess.Popen(command, cwd=PACKAGE_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    output = Output(process.stderr)
    api = f"http://127.0.0.1:{port}"
    try:
        first_pid = int(output.wait_for(r"bootstrap pid (\d+)").group(1))
        moto_pid = int(output.wait_for(r"moto pid (\d+)").group(1))
        output.wait_for(r"Ctrl-C")
        assert requests.get(f"{api}/health", timeout=30).json()["coldStart"] is True
        product = requests.post(f"{api}/products", json={"name": "kept", "price": 1, "category": "watch"}, timeout=30).json()

        main.write_text("print(2)\n")
        second_pid = int(output.wait_for(r"function restarted: bootstrap pid (\d+)").group(1))
        assert second_pid != first_pid
        assert not os.path.exists(f"/proc/{first_pid}")
        health = requests.get(f"{api}/health", timeout=30).json()
        assert health["coldStart"] is True  # a new execution environment ...
        stored = requests.get(f"{api}/products/{product['productId']}", timeout=30)
        assert stored.status_code == 200 and stored.json()["name"] == "kept"  # ... on the same data
        assert os.path.exists(f"/proc/{moto_pid}")
        assert requests.get(f"{api}/docs", timeout=30).status_code == 200

        main.write_text("BROKEN\n")
        output.wait_for(r"error: cannot find 'BROKEN' in scope")
        output.wait_for(r"build FAILED")
        answer = requests.get(f"{api}/health", timeout=30)
        assert answer.status_code == 200 and answer.json()["coldStart"] is False  # the same, last good process
        assert os.path.exists(f"/proc/{second_pid}")

        main.write_text("print(3)\n")
        third_pid = int(output.wait_for(r"function restarted: bootstrap pid (\d+)").group(1))
        assert third_pid not in (first_pid, second_pid)
        assert requests.get(f"{api}/health", timeout=30).status_code == 200
        assert not any("restarted" in line for line in output.lines if "BROKEN" in line)
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 0, "".join(output.lines[-40:])
    deadline = time.monotonic() + 10
    while os.path.exists(f"/proc/{moto_pid}") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not os.path.exists(f"/proc/{moto_pid}")

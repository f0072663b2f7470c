"""`make run` and `make invoke` (tools/local/run.py, invoke.py) as processes, with the Python stand-in for
bootstrap: what they print, their exit status, and that stopping `run` leaves no process behind."""

import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest
import requests

from tools.local.dynamodb import free_port
from tools.local.waiting import read_line

PACKAGE_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def run_tool(module, *args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", f"tools.local.{module}", *args],
        cwd=PACKAGE_ROOT, input=stdin, capture_output=True, timeout=120,
    )


def test_invoke_prints_the_response_on_stdout_and_logs_on_stderr(standin_bootstrap, tmp_path):
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"action": "echo", "marker": 42}))
    completed = run_tool("invoke", "--bootstrap", standin_bootstrap, str(event))
    assert completed.returncode == 0, completed.stderr
    response = json.loads(completed.stdout)
    assert response["event"] == {"action": "echo", "marker": 42}
    # pointed at the local table, as `make run` does
    assert response["env"]["TABLE_NAME"] == "products"
    assert response["env"]["AWS_ENDPOINT_URL_DYNAMODB"].startswith("http://127.0.0.1:")
    assert response["env"]["AWS_REGION"] == "us-east-1"
    assert b"stand-in started" in completed.stderr


def test_invoke_exits_non_zero_on_a_function_error(standin_bootstrap):
    completed = run_tool("invoke", "--bootstrap", standin_bootstrap, "-", stdin=b'{"action": "error"}')
    assert completed.returncode == 1
    assert json.loads(completed.stdout)["errorType"] == "StandInError"
    assert b"StandInError" in completed.stderr


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is dead too
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(")")[-1].split()[0] != "Z"


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_run_serves_until_signalled_then_leaves_no_process(standin_bootstrap, signum):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tools.local.run", "--bootstrap", standin_bootstrap, "--port", str(port)],
        cwd=PACKAGE_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        banner = ""
        deadline = time.monotonic() + 60
        while "Ctrl-C" not in banner:
            line = read_line(process.stderr, timeout=max(0.0, deadline - time.monotonic()), what=f"make run's banner (so far {banner!r})")
            if not line:
                break
            banner += line
        assert f"http://127.0.0.1:{port}" in banner, banner
        bootstrap_pid = int(re.search(r"bootstrap pid (\d+)", banner).group(1))
        moto_pid = int(re.search(r"moto pid (\d+)", banner).group(1))
        assert alive(bootstrap_pid) and alive(moto_pid)
        # the template's routes are served; the stand-in's echo is no proxy response, so API Gateway says 502
        assert requests.get(f"http://127.0.0.1:{port}/health", timeout=30).status_code == 502
        process.send_signal(signum)
        assert process.wait(timeout=30) == 0
        assert not alive(bootstrap_pid) and not alive(moto_pid)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_the_delay_proxy_closes_each_finished_connection(tmp_path):
    # A run through it that opens a connection per request must not run the caller out of descriptors.
    import socket
    import threading

    from tools.local.delay_proxy import DelayProxy

    upstream = socket.create_server(("127.0.0.1", 0))

    def echo_once():
        while True:
            try:
                connection, _ = upstream.accept()
            except OSError:
                return
            with connection:
                data = connection.recv(100)
                connection.sendall(data)

    threading.Thread(target=echo_once, daemon=True).start()
    descriptors_before = len(os.listdir("/proc/self/fd"))
    with DelayProxy(upstream.getsockname()[:2], delay=0) as proxy:
        host, port = proxy.address.split(":")
        for index in range(50):
            with socket.create_connection((host, int(port)), timeout=5) as client:
                client.sendall(b"ping %d" % index)
                assert client.recv(100) == b"ping %d" % index
        deadline = time.monotonic() + 5
        while len(os.listdir("/proc/self/fd")) > descriptors_before + 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        # The listener and at most one pair still closing; not 50 pairs.
        assert len(os.listdir("/proc/self/fd")) <= descriptors_before + 3
        assert proxy.connections == 50
    upstream.close()

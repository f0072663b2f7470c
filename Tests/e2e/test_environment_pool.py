"""The local stack scales out as Lambda does (tools/local/pool.py): a cold start when every environment is
busy, idle ones reused, and beyond the limit the 500 API Gateway's REST proxy integration answers when Lambda
throttles. The stand-in bootstrap holds environments busy on demand; the real one is tested under load in
test_load.py."""

from __future__ import annotations

import json
import threading

import pytest
import requests

from tools.local.api_gateway import LocalAPI
from tools.local.pool import EnvironmentPool, Throttled
from tools.local.runtime_api import RuntimeAPI
from tools.local.waiting import wait_until


@pytest.fixture
def standin_pool(standin_bootstrap):
    """Factory: `standin_pool(size)` → an EnvironmentPool of stand-in environments, stopped after the test."""
    pools: list[EnvironmentPool] = []

    def make(size: int) -> EnvironmentPool:
        pool = EnvironmentPool(lambda: RuntimeAPI(standin_bootstrap, timeout_seconds=30).start(), size)
        pools.append(pool)
        return pool

    yield make
    for pool in pools:
        pool.stop()


class Held:
    """`count` concurrent invocations that each keep an environment busy for a bounded 1.5 s; `results`
    collects the pids that served them. Callers wait for `pool.busy`, never for a fixed time."""

    def __init__(self, pool: EnvironmentPool, count: int):
        self.results: list = []
        self.threads = [threading.Thread(target=self._run, args=(pool,), daemon=True) for _ in range(count)]
        for thread in self.threads:
            thread.start()

    def _run(self, pool: EnvironmentPool) -> None:
        result = pool.invoke({"action": "sleep", "seconds": 1.5})
        self.results.append(result.json().get("pid") if not result.is_error else f"{result.error_type}: {result.error_message}")

    def join(self) -> list:
        for thread in self.threads:
            thread.join(60)
        assert not any(thread.is_alive() for thread in self.threads)
        return self.results


def test_environments_start_when_all_are_busy_and_idle_ones_are_reused(standin_pool):
    pool = standin_pool(3)
    first = pool.invoke({"action": "echo"}).json()["pid"]
    assert pool.cold_starts == 1
    # Sequential invocations reuse the warm environment: no new cold start.
    for _ in range(3):
        assert pool.invoke({"action": "echo"}).json()["pid"] == first
    assert pool.cold_starts == 1
    # Three at once need three environments.
    held = Held(pool, 3).join()
    assert len(held) == 3 and len(set(held)) == 3, held
    assert first in held
    assert pool.cold_starts == 3 and pool.busy_peak == 3 and pool.throttles == 0
    # All idle again: the next ones reuse them.
    pids = {pool.invoke({"action": "echo"}).json()["pid"] for _ in range(5)}
    assert pids <= set(held) and pool.cold_starts == 3


def test_beyond_the_limit_the_invocation_is_throttled_without_running(standin_pool):
    pool = standin_pool(2)
    held = Held(pool, 2)
    wait_until(lambda: pool.busy == 2, what=lambda: f"2 busy environments (busy: {pool.busy})")
    with pytest.raises(Throttled) as throttled:
        pool.invoke({"action": "echo"})
    assert "TooManyRequestsException" in str(throttled.value)
    assert pool.throttles == 1
    pids = held.join()
    assert pool.invoke({"action": "echo"}).json()["pid"] in pids
    assert pool.cold_starts == 2


def test_the_local_api_answers_a_throttled_request_as_api_gateway_does(standin_pool):
    """REST API, Lambda proxy integration, Lambda's Invoke rejected with 429 TooManyRequestsException: API
    Gateway answers 500 {"message": "Internal server error"} (it never passes Lambda's 429 on)."""
    pool = standin_pool(1)
    with LocalAPI(pool.invoke, port=0, log=lambda line: None) as api:
        held = Held(pool, 1)
        wait_until(lambda: pool.busy == 1, what="the one environment busy")
        response = requests.get(f"{api.url}/products", timeout=30)
        assert response.status_code == 500
        assert response.json() == {"message": "Internal server error"}
        assert response.headers["Content-Type"] == "application/json"
        assert response.headers["x-amzn-ErrorType"] == "InternalServerErrorException"
        assert response.headers["x-amzn-RequestId"]
        held.join()
        # Once the environment is idle the request runs (the stand-in's echo is no proxy response: 502).
        assert requests.get(f"{api.url}/products", timeout=30).status_code == 502
    assert pool.throttles == 1 and pool.cold_starts == 1


def test_the_stack_serves_its_api_from_the_pool(stack):
    assert stack.environments is not None and stack.environments.size == 4
    assert stack.environments.environments[0] is stack.runtime
    assert json.loads(stack.runtime.invoke({"httpMethod": "GET", "path": "/health"}).json()["body"])["status"] == "ok"


def test_an_environment_that_takes_several_invocations_at_once_gets_that_many_slots():
    """With AWS_LAMBDA_MAX_CONCURRENCY (runtime_api.py serves it) one environment counts for that many
    invocations: the pool fills it before starting another. The environments here only record and block."""
    release = threading.Event()

    class Environment:
        max_concurrency = 2

        def __init__(self):
            self.running = 0
            self.lock = threading.Lock()

        def invoke(self, event, timeout=None):
            with self.lock:
                self.running += 1
            release.wait(60)
            return event

        def stop(self):
            pass

    pool = EnvironmentPool(Environment, size=2)
    threads = [threading.Thread(target=pool.invoke, args=(index,), daemon=True) for index in range(4)]
    for thread in threads:
        thread.start()
    wait_until(lambda: sum(environment.running for environment in pool.environments) == 4,
               what=lambda: f"4 invocations running (busy: {pool.busy})")
    assert pool.busy == 4 and pool.cold_starts == 2 and sorted(environment.running for environment in pool.environments) == [2, 2]
    with pytest.raises(Throttled):
        pool.invoke("fifth")
    release.set()
    for thread in threads:
        thread.join(60)
    assert pool.busy == 0 and pool.throttles == 1

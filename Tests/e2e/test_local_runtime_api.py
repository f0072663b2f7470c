"""The local Runtime API itself, driven by a Python stand-in for bootstrap (standin_bootstrap.py)."""

import json
import os
import re
import time

from tools.local.runtime_api import MAX_RESPONSE_BYTES


def test_delivers_the_event_with_lambda_headers_and_returns_the_response(standin_runtime):
    runtime = standin_runtime(function_name="fn", timeout_seconds=7, region="eu-west-1")
    before = int(time.time() * 1000)
    result = runtime.invoke({"action": "echo", "n": 1})
    after = int(time.time() * 1000)
    assert not result.is_error
    body = result.json()
    assert body["event"] == {"action": "echo", "n": 1}
    headers = {name.lower(): value for name, value in body["headers"].items()}
    assert headers["lambda-runtime-aws-request-id"] == result.request_id
    deadline = int(headers["lambda-runtime-deadline-ms"])
    assert before + 7000 <= deadline <= after + 7000
    assert headers["lambda-runtime-invoked-function-arn"] == "arn:aws:lambda:eu-west-1:123456789012:function:fn"
    assert re.fullmatch(r"Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0", headers["lambda-runtime-trace-id"])


def test_gives_the_process_lambdas_environment(standin_runtime):
    runtime = standin_runtime(
        function_name="fn", memory_mb=256, region="eu-west-1", environment={"TABLE_NAME": "t", "HOME": None}
    )
    env = runtime.invoke({"action": "echo"}).json()["env"]
    assert env["AWS_LAMBDA_RUNTIME_API"] == runtime.address
    assert env["AWS_LAMBDA_FUNCTION_NAME"] == "fn"
    assert env["AWS_LAMBDA_FUNCTION_VERSION"] == "$LATEST"
    assert env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == "256"
    assert env["AWS_REGION"] == env["AWS_DEFAULT_REGION"] == "eu-west-1"
    assert env["_HANDLER"] == "bootstrap"
    assert env["TZ"] == ":UTC"
    assert env["LAMBDA_TASK_ROOT"]
    assert env["TABLE_NAME"] == "t"
    assert "HOME" not in env


def test_a_process_serves_invocations_one_after_another(standin_runtime):
    runtime = standin_runtime()
    first, second = runtime.invoke({"action": "echo"}).json(), runtime.invoke({"action": "echo"}).json()
    assert first["pid"] == second["pid"] == runtime.process_id
    assert (first["count"], second["count"]) == (1, 2)


def test_a_posted_error_is_the_result_and_the_process_keeps_serving(standin_runtime):
    runtime = standin_runtime()
    pid = runtime.process_id
    result = runtime.invoke({"action": "error"})
    assert result.is_error
    assert result.error_type == "StandInError"
    assert result.error_message == "asked to fail"
    assert runtime.invoke({"action": "echo"}).json()["pid"] == pid


def test_an_unknown_request_id_gets_400(standin_runtime):
    answer = standin_runtime().invoke({"action": "bad-id"}).json()
    assert answer["status"] == 400
    assert answer["body"]["errorType"] == "InvalidRequestID"


def test_a_response_over_6_mb_gets_413_and_fails_the_invocation(standin_runtime):
    runtime = standin_runtime()
    mark = runtime.logs.mark()
    result = runtime.invoke({"action": "big", "bytes": MAX_RESPONSE_BYTES + 1})
    assert result.error_type == "Function.ResponseSizeTooLarge"
    line = runtime.logs.expect(lambda line: "big response" in line.text, "'big response'", since=mark)
    assert json.loads(line.text)["status"] == 413
    # a runtime may report the rejection itself
    assert runtime.invoke({"action": "big", "bytes": MAX_RESPONSE_BYTES + 1, "report": True}).error_type == "TooBig"
    # exactly 6 MB is still accepted
    assert len(runtime.invoke({"action": "big", "bytes": MAX_RESPONSE_BYTES}).payload) == MAX_RESPONSE_BYTES


def test_a_timed_out_invocation_kills_and_replaces_the_process(standin_runtime):
    runtime = standin_runtime(timeout_seconds=1)
    old_pid = runtime.process_id
    result = runtime.invoke({"action": "sleep", "seconds": 30})
    assert result.error_type == "Sandbox.Timedout"
    assert "Task timed out after 1.00 seconds" in result.error_message
    answer = runtime.invoke({"action": "echo"}).json()
    assert answer["pid"] != old_pid
    assert answer["count"] == 1


def test_a_process_that_exits_fails_its_invocation_and_is_replaced(standin_runtime):
    runtime = standin_runtime()
    old_pid = runtime.process_id
    result = runtime.invoke({"action": "exit", "status": 7})
    assert result.error_type == "Runtime.ExitError"
    assert "exit status 7" in result.error_message
    assert runtime.exit_codes[-1] == 7
    assert runtime.invoke({"action": "echo"}).json()["pid"] != old_pid


def test_an_init_error_is_served_to_the_invoke_and_the_process_exits(standin_runtime):
    runtime = standin_runtime(environment={"STANDIN_INIT_ERROR": "1"})
    assert runtime.wait_for_exit(10) == 3
    assert runtime.init_error.error_type == "StandInInitError"
    result = runtime.invoke({"action": "echo"})
    assert result.error_type == "StandInInitError"
    assert result.error_message == "bad config"


def test_an_init_error_reaches_a_pending_invoke(standin_runtime):
    runtime = standin_runtime(launch=False, environment={"STANDIN_INIT_ERROR": "1"})
    result = runtime.invoke({"action": "echo"})
    assert result.error_type == "StandInInitError"


def test_the_process_output_goes_to_the_log_book_and_the_sink(standin_runtime):
    seen = []
    runtime = standin_runtime(log=seen.append)
    runtime.invoke({"action": "echo"})
    line = runtime.logs.expect(lambda line: '"answered"' in line.text, "the stand-in's answer")
    assert line is not None and line.pid == runtime.process_id and line.stream == "stdout"
    assert json.loads(line.text)["status"] == 202
    assert line.text in seen


def test_stop_ends_the_process(standin_runtime):
    runtime = standin_runtime()
    pid = runtime.process_id
    runtime.stop()
    try:
        os.kill(pid, 0)
        alive = True
    except ProcessLookupError:
        alive = False
    assert not alive


def test_serves_when_its_own_descriptors_are_numbered_above_1023(standin_runtime):
    # A long harness run holds many sockets; select() refuses descriptors above 1023, so the long poll's
    # "is the runtime still there" check must not use it (it made every /next look hung up: empty replies).
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 1200:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(2048, hard), hard))
    filler = [os.dup(0) for _ in range(1100)]
    try:
        runtime = standin_runtime()
        for index in range(3):
            result = runtime.invoke({"n": index})
            assert not result.is_error, result.payload
    finally:
        for descriptor in filler:
            os.close(descriptor)

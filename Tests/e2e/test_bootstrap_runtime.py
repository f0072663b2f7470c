"""The real bootstrap through the local Runtime API directly: events that are no HTTP request, init failures,
and the JSON log lines it writes."""

import json
import os

import pytest

PACKAGE_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

SQS_EVENT = {
    "Records": [
        {
            "messageId": "059f36b4-87a3-44ab-83d2-661975830a7d",
            "receiptHandle": "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a",
            "body": "test",
            "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "1545082649183"},
            "messageAttributes": {},
            "md5OfBody": "098f6bcd4621d373cade4e832627b4f6",
            "eventSource": "aws:sqs",
            "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:my-queue",
            "awsRegion": "us-east-1",
        }
    ]
}


def health(runtime, rest_event):
    result = runtime.invoke(rest_event("GET", "/health"))
    assert not result.is_error, result.payload
    response = result.json()
    assert response["statusCode"] == 200
    return json.loads(response["body"])


def test_a_non_http_event_is_a_posted_error_and_the_process_keeps_serving(runtime, rest_event):
    health(runtime, rest_event)
    pid = runtime.process_id
    result = runtime.invoke(SQS_EVENT)
    assert result.error_type == "UnsupportedEvent"
    assert result.json()["errorMessage"]
    assert health(runtime, rest_event)["status"] == "ok"
    assert runtime.process_id == pid


@pytest.mark.parametrize("event", [b"{not json", b"", b'{"httpMethod": "GET", "path": "/health"'])
def test_a_malformed_json_event_is_a_posted_error(runtime, rest_event, event):
    pid = runtime.process_id
    result = runtime.invoke(event)
    assert result.is_error
    assert result.error_type == "InvalidEvent"
    assert health(runtime, rest_event)["status"] == "ok"
    assert runtime.process_id == pid


def test_the_sample_health_event_is_answered(runtime):
    with open(os.path.join(PACKAGE_ROOT, "events", "health.json"), "rb") as handle:
        result = runtime.invoke(handle.read())
    assert not result.is_error, result.payload
    response = result.json()
    assert response["statusCode"] == 200
    assert json.loads(response["body"])["requestId"] == result.request_id


def test_the_error_body_carries_the_lambda_request_id(runtime, rest_event):
    result = runtime.invoke(rest_event("GET", "/no-such-route"))
    response = result.json()
    assert response["statusCode"] == 404
    assert json.loads(response["body"])["error"]["requestId"] == result.request_id


@pytest.mark.parametrize(
    "missing",
    [
        pytest.param(("AWS_REGION", "AWS_DEFAULT_REGION"), id="no-region"),
        pytest.param(("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"), id="no-credentials"),
        pytest.param(("TABLE_NAME",), id="no-table-name"),
    ],
)
def test_a_bad_configuration_posts_an_init_error_and_exits_non_zero(new_runtime, missing):
    runtime = new_runtime(environment={name: None for name in missing})
    status = runtime.wait_for_exit(30)
    assert status is not None, "bootstrap kept running without " + ", ".join(missing)
    assert status != 0
    init_error = runtime.init_error
    assert init_error is not None, "bootstrap exited without posting to /init/error"
    assert init_error.error_type and init_error.error_message
    # The next invoke gets that error, as Lambda serves a failed init to the first invoke.
    result = runtime.invoke({"httpMethod": "GET", "path": "/health"})
    assert (result.error_type, result.error_message) == (init_error.error_type, init_error.error_message)


def test_every_stdout_line_is_one_json_object(new_runtime, rest_event):
    runtime = new_runtime()
    for _ in range(2):
        health(runtime, rest_event)
    runtime.invoke(SQS_EVENT)
    pid = runtime.process_id
    # The last thing this test made it log; the pump may deliver it after the invoke returned.
    runtime.logs.expect(lambda line: line.pid == pid and "UnsupportedEvent" in line.text, "the UnsupportedEvent error")
    lines = runtime.logs.lines(pid=pid, stream="stdout")
    assert lines, "bootstrap wrote nothing to stdout"
    for line in lines:
        record = json.loads(line.text)
        assert isinstance(record, dict), line.text
        assert {"timestamp", "level", "message"} <= record.keys(), line.text
    cold_starts = [json.loads(line.text) for line in lines if "initDurationMs" in json.loads(line.text)]
    assert len(cold_starts) == 1
    assert isinstance(cold_starts[0]["initDurationMs"], (int, float))
    assert cold_starts[0]["initDurationMs"] >= 0

"""A tiny Python stand-in for `bootstrap`, used only to test the local Runtime API itself (the real binary is
tested everywhere else). It speaks the Runtime API over one keep-alive connection, as a runtime does, and its
behaviour is chosen by the event's "action":

  echo     respond {"event", "headers" (the Lambda-Runtime-* ones), "env", "pid", "count"}
  error    post {"errorType": "StandInError", ...} to /error
  sleep    sleep event["seconds"], then respond
  exit     exit with event["status"] without answering
  big      respond with event["bytes"] bytes (on 413, with "report": post an error TooBig)
  raw      respond with event["body"] as is
  bad-id   respond for a made-up request id, then report what the API answered

With STANDIN_INIT_ERROR set it posts an init error and exits 3 instead of polling.
"""

import http.client
import json
import os
import sys
import time

host, port = os.environ["AWS_LAMBDA_RUNTIME_API"].split(":")
connection = http.client.HTTPConnection(host, int(port))


def call(method, path, body=None, headers=None):
    connection.request(method, "/2018-06-01/runtime" + path, body=body, headers=headers or {})
    response = connection.getresponse()
    return response.status, dict(response.getheaders()), response.read()


print(json.dumps({"level": "INFO", "message": "stand-in started", "pid": os.getpid()}), flush=True)
if os.environ.get("STANDIN_INIT_ERROR"):
    status, _, _ = call("POST", "/init/error", json.dumps({"errorType": "StandInInitError", "errorMessage": "bad config"}),
                        {"Lambda-Runtime-Function-Error-Type": "Runtime.StandIn"})
    print(json.dumps({"level": "ERROR", "message": "init failed", "status": status}), flush=True)
    sys.exit(3)

count = 0
while True:
    status, headers, body = call("GET", "/invocation/next")
    count += 1
    request_id = headers["Lambda-Runtime-Aws-Request-Id"]
    event = json.loads(body)
    action = event.get("action", "echo")
    print(json.dumps({"level": "INFO", "message": "event", "requestId": request_id, "action": action}), flush=True)
    if action == "error":
        call("POST", f"/invocation/{request_id}/error", json.dumps({"errorType": "StandInError", "errorMessage": "asked to fail"}))
        continue
    if action == "sleep":
        time.sleep(event["seconds"])
    if action == "exit":
        sys.exit(event["status"])
    if action == "big":
        answer = call("POST", f"/invocation/{request_id}/response", b"x" * event["bytes"])
        print(json.dumps({"level": "INFO", "message": "big response", "status": answer[0]}), flush=True)
        if answer[0] == 413 and event.get("report"):
            call("POST", f"/invocation/{request_id}/error", json.dumps({"errorType": "TooBig", "errorMessage": "reported"}))
        continue
    if action == "raw":
        call("POST", f"/invocation/{request_id}/response", event["body"].encode())
        continue
    if action == "bad-id":
        bad_status, _, bad_body = call("POST", "/invocation/not-a-request-id/response", b"{}")
        result = {"status": bad_status, "body": json.loads(bad_body)}
        call("POST", f"/invocation/{request_id}/response", json.dumps(result))
        continue
    lambda_headers = {k: v for k, v in headers.items() if k.lower().startswith("lambda-runtime-")}
    result = {"event": event, "headers": lambda_headers, "env": dict(os.environ), "pid": os.getpid(), "count": count}
    status, _, answer = call("POST", f"/invocation/{request_id}/response", json.dumps(result))
    print(json.dumps({"level": "INFO", "message": "answered", "status": status, "answer": answer.decode()}), flush=True)

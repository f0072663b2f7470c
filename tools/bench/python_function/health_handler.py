"""The comparator: a Python Lambda function run by awslambdaric (`python -m awslambdaric
health_handler.handler`) that answers the API Gateway health event with the same response the Swift
bootstrap gives (tools/bench copies this file into its own function directory before starting it)."""

import json
import os

_FUNCTION_NAME = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
_FUNCTION_VERSION = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Type": "application/json",
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "Location, ETag, Retry-After",
}
_cold = True


def handler(event, context):
    global _cold
    if event.get("httpMethod") != "GET" or event.get("path") != "/health":
        return _response(404, {"message": "not found"})
    body = {"status": "ok", "coldStart": _cold, "requestId": context.aws_request_id}
    _cold = False
    if _FUNCTION_NAME:
        body["functionName"] = _FUNCTION_NAME
    if _FUNCTION_VERSION:
        body["functionVersion"] = _FUNCTION_VERSION
    return _response(200, body)


def _response(status, body):
    return {
        "statusCode": status,
        "headers": _HEADERS,
        "multiValueHeaders": {name: [value] for name, value in _HEADERS.items()},
        "body": json.dumps(body, separators=(",", ":")),
        "isBase64Encoded": False,
    }


def loaded_files(event, context):
    """For the benchmark's eviction list only (never timed): serves the health event as `handler` does, then
    names every module file this process has imported and the startup files `site` reads."""
    handler(event, context)
    import site
    import sys

    files = set()
    for module in list(sys.modules.values()):
        for attribute in ("__file__", "__cached__"):
            path = getattr(module, attribute, None)
            if isinstance(path, str) and os.path.isfile(path):
                files.add(os.path.realpath(path))
    config = os.path.join(sys.prefix, "pyvenv.cfg")
    if os.path.isfile(config):
        files.add(config)
    for directory in site.getsitepackages():
        if os.path.isdir(directory):
            files.update(os.path.join(directory, name) for name in os.listdir(directory) if name.endswith(".pth"))
    return {"files": sorted(files)}

"""Response streaming end to end: the real bootstrap streams `GET /products/export` to the local Runtime API
(chunked, `Lambda-Runtime-Function-Response-Mode: streaming`), which passes it to the local API Gateway, which
decodes the prelude and streams the body to the client. The export reads a table of its own on moto through
a fault proxy, so the DynamoDB pages are counted and page 2 can be made to fail. The bytes are checked as
they travel: the function's stream (prelude, 8 NULs, NDJSON) and the client's chunked HTTP response."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import uuid

import pytest

from e2e_support import answer
from tools.local import dynamodb
from tools.local.runtime_api import RuntimeAPI
from tools.local.waiting import wait_until

PACKAGE_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PRODUCTS = 230  # pages of 100: 100, 100, 30
PAGE = 100
NDJSON = "application/x-ndjson"
DELIMITER = b"\0" * 8


@pytest.fixture(scope="module")
def export_table(stack) -> str:
    name = f"export-{uuid.uuid4().hex[:8]}"
    dynamodb.create_products_table(stack.moto_endpoint, table_name=name, template_path=stack.template_path)
    return name


@pytest.fixture(scope="module")
def seeded(stack, export_table) -> dict[str, bytes]:
    """The export table's products: id → the exact document the API answered with (`GET /products/{id}`'s)."""
    from authorized import api
    from tools.local.issuer import add_bearer

    runtime = stack.new_runtime({"TABLE_NAME": export_table})
    documents: dict[str, bytes] = {}
    try:
        for index in range(PRODUCTS):
            body = json.dumps({"name": f"export-{index}", "price": index + 0.5, "category": "export", "tags": ["a"]})
            event = {
                "httpMethod": "POST", "path": "/products", "resource": "/products", "body": body, "isBase64Encoded": False,
                "headers": {"Content-Type": "application/json"}, "requestContext": {"stage": "Prod", "path": "/products"},
            }
            result = runtime.invoke(add_bearer(event, api.token) if api.token else event)
            status, _, product = answer(result)
            assert status == 201, product
            documents[product["productId"]] = result.json()["body"].encode()
    finally:
        runtime.stop()
    return documents


@pytest.fixture
def exporter(faulty_runtime, export_table, seeded):
    """A bootstrap on the export table, its DynamoDB calls through the fault proxy."""
    return faulty_runtime({"TABLE_NAME": export_table}, timeout_seconds=10)


def export_event(rest_event) -> dict:
    return rest_event("GET", "/products/export")


def split_stream(raw: bytes) -> tuple[dict, bytes]:
    """The prelude's JSON and the body; the prelude holds no NUL and exactly 8 separate it from the body."""
    prelude, delimiter, body = raw.partition(DELIMITER)
    assert delimiter == DELIMITER, raw[:200]
    assert b"\0" not in prelude and not body.startswith(b"\0")
    return json.loads(prelude), body


def get_over_socket(url: str, path: str, timeout: float = 30) -> tuple[bytes, bytes]:
    """A raw HTTP/1.1 GET: the response head and everything after it until the server closes."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as connection:
        connection.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode())
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    head, _, rest = received.partition(b"\r\n\r\n")
    return head, rest


def dechunk(data: bytes) -> tuple[list[bytes], bool]:
    """The chunks of a chunked body, and whether it ended properly (the zero-size chunk and its CRLF)."""
    chunks = []
    while data:
        line, separator, data = data.partition(b"\r\n")
        if not separator:
            return chunks, False
        size = int(line, 16)
        if size == 0:
            return chunks, data == b"\r\n"
        if len(data) < size + 2:
            chunks.append(data[:size])
            return chunks, False
        chunks.append(data[:size])
        assert data[size:size + 2] == b"\r\n"
        data = data[size + 2:]
    return chunks, False


def assert_ndjson_of(body: bytes, seeded: dict[str, bytes], count: int | None = None) -> list[bytes]:
    assert body.endswith(b"\n")
    lines = body.split(b"\n")[:-1]
    for line in lines:
        product = json.loads(line)
        assert line == seeded[product["productId"]], "each line is exactly the product's GET document"
    assert len({json.loads(line)["productId"] for line in lines}) == len(lines)
    if count is not None:
        assert len(lines) == count
    return lines


def test_the_function_streams_the_prelude_then_every_page_as_ndjson(exporter, dynamodb_proxy, rest_event, seeded):
    runtime: RuntimeAPI = exporter
    before = dynamodb_proxy.counts()["requests"]
    result = runtime.invoke(export_event(rest_event))
    assert result.stream is not None, "the export must be streamed, not buffered"
    assert result.stream.content_type == "application/vnd.awslambda.http-integration-response"
    raw = result.stream.read_all()
    assert result.stream.error_type is None, result.stream.error_body
    prelude, body = split_stream(raw)
    assert prelude["statusCode"] == 200
    assert prelude["headers"]["Content-Type"] == NDJSON
    assert prelude["cookies"] == []
    assert set(prelude) == {"statusCode", "headers", "cookies"}
    assert_ndjson_of(body, seeded, PRODUCTS)
    # One Scan per page of 100: the table was read page by page (100, 100, 30).
    assert dynamodb_proxy.counts()["requests"] - before == 3


def test_the_local_api_gateway_streams_it_chunked_to_the_client(exporter, new_api, seeded):
    api = new_api(exporter)
    head, rest = get_over_socket(api.url, "/products/export")
    lines = head.decode().split("\r\n")
    assert lines[0] == "HTTP/1.1 200 OK"
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in lines[1:])}
    assert headers["transfer-encoding"] == "chunked"
    assert headers["content-type"] == NDJSON
    assert "content-length" not in headers
    chunks, complete = dechunk(rest)
    assert complete, "a finished export ends with the zero-size chunk"
    # The prelude never reaches the client; the pages arrive as separate chunks.
    assert len(chunks) >= 3
    assert_ndjson_of(b"".join(chunks), seeded, PRODUCTS)


def test_a_dynamodb_failure_on_page_two_cuts_the_stream_and_the_process_keeps_serving(
    exporter, new_api, dynamodb_proxy, rest_event, seeded
):
    runtime: RuntimeAPI = exporter
    api = new_api(runtime)
    pid = runtime.process_id
    mark = runtime.logs.mark()
    # Page 1's Scan goes through; page 2's fails (500, every retry).
    dynamodb_proxy.inject("status", status=500, skip=1)
    head, rest = get_over_socket(api.url, "/products/export")
    assert head.startswith(b"HTTP/1.1 200 OK")
    chunks, complete = dechunk(rest)
    assert not complete, "a failed stream must not end like a finished one"
    assert_ndjson_of(b"".join(chunks), seeded, PAGE)
    logged = runtime.logs.expect(lambda line: "export failed mid-stream" in line.text, "the export's failure", since=mark)
    assert json.loads(logged.text)["productsWritten"] == PAGE
    reported = runtime.logs.expect(lambda line: "invocation failed mid-stream" in line.text, "the runtime's report", since=mark)
    assert json.loads(reported.text)["errorType"] == "ExportFailed"

    # What the runtime sent in its trailers, as the Runtime API decoded them.
    dynamodb_proxy.inject("status", status=500, skip=1)
    result = runtime.invoke(export_event(rest_event))
    _, body = split_stream(result.stream.read_all())
    assert_ndjson_of(body, seeded, PAGE)
    assert result.stream.error_type == "ExportFailed"
    error = json.loads(result.stream.error_body)
    assert error["errorType"] == "ExportFailed"
    assert f"after {PAGE} products" in error["errorMessage"]

    dynamodb_proxy.clear()
    head, rest = get_over_socket(api.url, "/products/export")
    chunks, complete = dechunk(rest)
    assert complete
    assert_ndjson_of(b"".join(chunks), seeded, PRODUCTS)
    assert runtime.process_id == pid and runtime.exit_codes == []


def test_a_failure_before_the_first_line_is_an_ordinary_error_response(exporter, dynamodb_proxy, rest_event):
    dynamodb_proxy.inject("status", status=500)
    result = exporter.invoke(export_event(rest_event))
    assert result.stream is None, "nothing was streamed: the first page failed before the response started"
    status, headers, body = answer(result)
    assert status == 503
    assert headers["content-type"] == "application/json"
    assert body["error"]["code"]


def test_export_does_not_shadow_a_product_and_head_sends_no_body(api_url):
    import requests

    head = requests.head(f"{api_url}/products/export", timeout=30)
    assert head.status_code == 200 and head.content == b""
    missing = requests.get(f"{api_url}/products/{uuid.uuid4()}", timeout=30)
    assert missing.status_code == 404


RIE = os.path.join(PACKAGE_ROOT, ".venv/lib/python3.11/site-packages/samcli/local/rapid/aws-lambda-rie-x86_64")


@pytest.fixture
def rie(stack, bootstrap_path, export_table, dynamodb_proxy):
    """AWS's Runtime Interface Emulator running the real bootstrap on the export table (through the proxy);
    its invoke URL."""
    port = dynamodb.free_port()
    environment = {
        **{key: value for key, value in stack.function_environment().items() if value is not None},
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "AWS_REGION": dynamodb.REGION, "AWS_DEFAULT_REGION": dynamodb.REGION,
        "TABLE_NAME": export_table, "AWS_ENDPOINT_URL_DYNAMODB": dynamodb_proxy.endpoint, "AWS_LAMBDA_FUNCTION_TIMEOUT": "10",
    }
    environment.setdefault("AWS_ACCESS_KEY_ID", "test")
    environment.setdefault("AWS_SECRET_ACCESS_KEY", "test")
    process = subprocess.Popen(
        [RIE, "--runtime-interface-emulator-address", f"127.0.0.1:{port}", bootstrap_path], env=environment,
        cwd=os.path.dirname(bootstrap_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def listening() -> bool:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            return False

    try:
        wait_until(listening, timeout=30, what="the RIE to listen")
        yield f"http://127.0.0.1:{port}/2015-03-31/functions/function/invocations"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def test_the_rie_takes_the_stream_and_answers_it_buffered(rie, rest_event, seeded, dynamodb_proxy):
    """AWS's emulator accepts the streamed /response (chunked, streaming mode) and returns its bytes whole:
    prelude, 8 NULs, NDJSON, as a buffered Invoke of a streaming function does."""
    import requests

    response = requests.post(rie, json=export_event(rest_event), timeout=60)
    assert response.status_code == 200
    prelude, body = split_stream(response.content)
    assert prelude["statusCode"] == 200 and prelude["headers"]["Content-Type"] == NDJSON
    assert_ndjson_of(body, seeded, PRODUCTS)

    # A failure on page 2: the RIE (as of SAM CLI 1.170) passes on what was streamed before it, chunked, with
    # status 200; the error trailers do not show in its answer.
    dynamodb_proxy.inject("status", status=500, skip=1)
    failed = requests.post(rie, json=export_event(rest_event), timeout=60)
    dynamodb_proxy.clear()
    _, partial = split_stream(failed.content)
    assert_ndjson_of(partial, seeded, PAGE)

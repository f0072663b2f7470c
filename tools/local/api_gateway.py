"""A local API Gateway REST API (Lambda proxy integration, payload 1.0), shaped like `sam local start-api`.

Each HTTP request becomes the event API Gateway would send (resource, path, httpMethod, headers,
multiValueHeaders, query strings, pathParameters, stageVariables, requestContext, body, isBase64Encoded),
the function is invoked through the local Runtime API, and its proxy response (statusCode, headers,
multiValueHeaders, body, isBase64Encoded) is written back. A function error or a malformed response gives
502 `{"message": "Internal server error"}`; a request no resource matches gives API Gateway's 403
`{"message": "Missing Authentication Token"}`, and so does a method API Gateway does not have (TRACE, CONNECT,
extension methods: `ANY` means the seven in `METHODS`; API Gateway's MISSING_AUTHENTICATION_TOKEN gateway
response covers "an unsupported API method or resource").

`local_routes` lets the local stack serve pages of its own in front of the function (Swagger UI at /docs):
each is called with the request handler and returns True when it answered.
`{"message": "Missing Authentication Token"}`. An invocation Lambda rejects before running it (throttled: the
local stack's environments are all busy, pool.py) gives the 500 API Gateway answers when Lambda's Invoke fails:
`{"message": "Internal server error"}` with `x-amzn-ErrorType: InternalServerErrorException`; a REST proxy
integration never passes Lambda's 429 on.

Where the API sits in the URL decides the event's two paths, as API Gateway fills them:
- custom domain mapped at its root (the default, and what `make run` serves): the client's path is the
  route's path; `path` and `requestContext.path` both carry it;
- custom domain with a base path mapping (`base_path="/shop"`): the client sends `/shop/products`; both paths
  keep the base path;
- the REST API's default `execute-api` domain (`stage_in_path=True`): the client sends `/Prod/products`;
  `path` is `/products` and `requestContext.path` is `/Prod/products`.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import itertools
import json
import re
import sys
import threading
import time
import urllib.parse
import uuid
from typing import Callable

from . import compression, httpio
from .pool import Throttled
from .runtime_api import InvocationResult, ResponseStream

STAGE = "Prod"
API_ID = "1234567890"
RESOURCE_ID = "123456"
ACCOUNT_ID = "123456789012"
# A SAM function with no Api events is reachable on no route; the local stack routes everything to it.
DEFAULT_ROUTES = [("/", "ANY"), ("/{proxy+}", "ANY")]
INTERNAL_SERVER_ERROR = {"message": "Internal server error"}
# What ends a streamed response's prelude (application/vnd.awslambda.http-integration-response).
PRELUDE_DELIMITER = b"\0" * 8
MISSING_AUTHENTICATION_TOKEN = {"message": "Missing Authentication Token"}
# What a REST API method can be, and so what `ANY` stands for.
METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")
# API Gateway's DEFAULT_5XX gateway response, as sent when the Lambda integration's Invoke call fails.
INVOKE_FAILED_ERROR_TYPE = "InternalServerErrorException"
_RESPONSE_KEYS = {"statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"}
_TEXT_TYPES = {"application/json", "application/xml", "application/javascript", "application/x-www-form-urlencoded", "application/x-yaml"}

Invoker = Callable[[bytes], InvocationResult]


def is_text_content_type(content_type: str | None) -> bool:
    """Bodies of these types are passed as text; anything else is a binary media type and goes base64."""
    mime = (content_type or "").split(";")[0].strip().lower()
    return mime == "" or mime.startswith("text/") or mime in _TEXT_TYPES or mime.endswith("+json") or mime.endswith("+xml")


class Route:
    """An API Gateway resource such as `/products/{id}` or `/{proxy+}`, with its method (`ANY` for all)."""

    def __init__(self, resource: str, method: str):
        self.resource = resource
        self.method = method.upper()
        pattern = ""
        for segment in resource.strip("/").split("/") if resource != "/" else []:
            greedy = re.fullmatch(r"\{(\w+)\+\}", segment)
            single = re.fullmatch(r"\{(\w+)\}", segment)
            if greedy:
                pattern += rf"/(?P<{greedy.group(1)}>.+)"
            elif single:
                pattern += rf"/(?P<{single.group(1)}>[^/]+)"
            else:
                pattern += "/" + re.escape(segment)
        # A trailing slash reaches the same resource.
        self._regex = re.compile(pattern + "/?" if pattern else "/")
        # API Gateway prefers literal segments over parameters over greedy ones.
        self.rank = (resource.count("+}"), resource.count("{"), -resource.count("/"))

    def match(self, method: str, path: str) -> dict[str, str] | None:
        if self.method not in ("ANY", method.upper()):
            return None
        found = self._regex.fullmatch(path)
        return None if found is None else found.groupdict()


class EventBuilder:
    """Turns a request into an API Gateway REST proxy event."""

    def __init__(
        self,
        routes: list[tuple[str, str]] | None = None,
        stage: str = STAGE,
        stage_variables: dict | None = None,
        base_path: str = "",
        stage_in_path: bool = False,
    ):
        self.routes = sorted((Route(resource, method) for resource, method in (routes or DEFAULT_ROUTES)), key=lambda r: r.rank)
        self.stage = stage
        self.stage_variables = stage_variables or None
        self.prefix = f"/{stage}" if stage_in_path else base_path.rstrip("/")
        self.stage_in_path = stage_in_path

    def _route_path(self, client_path: str) -> str | None:
        """The part of the client's path that routes match, or None when the URL is outside the API."""
        if not self.prefix:
            return client_path
        if client_path == self.prefix or client_path.startswith(self.prefix + "/"):
            return client_path[len(self.prefix):] or "/"
        return None

    def route(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        for route in self.routes:
            parameters = route.match(method, path)
            if parameters is not None:
                return route, parameters
        return None

    def build(
        self,
        method: str,
        target: str,
        headers: list[tuple[str, str]],
        body: bytes,
        source_ip: str,
        port: int,
        protocol: str = "HTTP/1.1",
        request_id: str | None = None,
    ) -> dict | None:
        """The event, or None when no resource matches."""
        split = urllib.parse.urlsplit(target)
        client_path = urllib.parse.unquote(split.path) or "/"
        path = self._route_path(client_path)
        matched = None if path is None else self.route(method, path)
        if matched is None:
            return None
        # On the default domain `path` loses the stage; a custom domain's base path stays in it.
        event_path = path if self.stage_in_path else client_path
        route, path_parameters = matched

        single_headers: dict[str, str] = {}
        multi_headers: dict[str, list[str]] = {}
        for name, value in headers:
            # Repeated headers: `headers` keeps the last value, `multiValueHeaders` all of them.
            existing = next((key for key in multi_headers if key.lower() == name.lower()), name)
            single_headers[existing] = value
            multi_headers.setdefault(existing, []).append(value)
        for name, value in (("X-Forwarded-Proto", "http"), ("X-Forwarded-Port", str(port))):
            single_headers[name] = value
            multi_headers[name] = [value]

        query: dict[str, str] = {}
        multi_query: dict[str, list[str]] = {}
        for key, value in urllib.parse.parse_qsl(split.query, keep_blank_values=True):
            query[key] = value
            multi_query.setdefault(key, []).append(value)

        content_type = next((value for name, value in headers if name.lower() == "content-type"), None)
        is_base64 = False
        text_body: str | None = None
        if body:
            if is_text_content_type(content_type):
                try:
                    text_body = body.decode("utf-8")
                except UnicodeDecodeError:
                    is_base64 = True
            else:
                is_base64 = True
            if is_base64:
                text_body = base64.b64encode(body).decode("ascii")

        now = datetime.datetime.now(datetime.timezone.utc)
        host = next((value for name, value in headers if name.lower() == "host"), f"127.0.0.1:{port}")
        return {
            "body": text_body,
            "headers": single_headers or None,
            "httpMethod": method.upper(),
            "isBase64Encoded": is_base64,
            "multiValueHeaders": multi_headers or None,
            "multiValueQueryStringParameters": multi_query or None,
            "path": event_path,
            "pathParameters": path_parameters or None,
            "queryStringParameters": query or None,
            "requestContext": {
                "accountId": ACCOUNT_ID,
                "apiId": API_ID,
                "domainName": host,
                "extendedRequestId": None,
                "httpMethod": method.upper(),
                "identity": {
                    "accountId": None,
                    "apiKey": None,
                    "caller": None,
                    "cognitoAuthenticationProvider": None,
                    "cognitoAuthenticationType": None,
                    "cognitoIdentityPoolId": None,
                    "sourceIp": source_ip,
                    "user": None,
                    "userAgent": next((value for name, value in headers if name.lower() == "user-agent"), None),
                    "userArn": None,
                },
                "path": client_path,
                "protocol": protocol,
                "requestId": request_id or str(uuid.uuid4()),
                "requestTime": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
                "requestTimeEpoch": time.time_ns() // 1_000_000,
                "resourceId": RESOURCE_ID,
                "resourcePath": route.resource,
                "stage": self.stage,
            },
            "resource": route.resource,
            "stageVariables": self.stage_variables,
        }


class MalformedResponse(ValueError):
    pass


def parse_proxy_response(payload: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
    """Status, headers and body from a Lambda proxy response, as a REST API reads it; MalformedResponse if it
    is not one."""
    response = _json_object(payload, "response")
    unknown = set(response) - _RESPONSE_KEYS
    if unknown:
        raise MalformedResponse(f"invalid API Gateway response keys: {sorted(unknown)}")
    status = response.get("statusCode", 200)
    if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599:
        raise MalformedResponse(f"statusCode must be an HTTP status integer, got {status!r}")
    headers: list[tuple[str, str]] = []
    multi = response.get("multiValueHeaders") or {}
    single = response.get("headers") or {}
    if not isinstance(multi, dict) or not isinstance(single, dict):
        raise MalformedResponse("headers and multiValueHeaders must be objects")
    for name, values in multi.items():
        if not isinstance(values, list):
            raise MalformedResponse(f"multiValueHeaders[{name!r}] must be a list")
        headers.extend((name, _header_value(value)) for value in values)
    for name, value in single.items():
        # A pair present in both is sent once.
        if (name, _header_value(value)) not in headers:
            headers.append((name, _header_value(value)))
    if not any(name.lower() == "content-type" for name, _ in headers):
        headers.append(("Content-Type", "application/json"))
    body = response.get("body")
    if body is not None and not isinstance(body, str):
        raise MalformedResponse(f"body must be a string, got {type(body).__name__}")
    encoded = response.get("isBase64Encoded", False)
    if not isinstance(encoded, bool):
        raise MalformedResponse("isBase64Encoded must be a boolean")
    if encoded and body:
        try:
            data = base64.b64decode(body, validate=True)
        except binascii.Error as error:
            raise MalformedResponse(f"body is not valid base64: {error}") from error
    else:
        data = (body or "").encode("utf-8")
    return status, headers, data


def parse_prelude(prelude: bytes) -> tuple[int, list[tuple[str, str]]]:
    """Status and headers from a streamed response's prelude (`{"statusCode", "headers", "multiValueHeaders",
    "cookies"}`): read as a proxy response without a body, the cookies as Set-Cookie headers."""
    document = _json_object(prelude, "prelude")
    cookies = document.pop("cookies", None) or []
    if not isinstance(cookies, list) or not all(isinstance(cookie, str) for cookie in cookies):
        raise MalformedResponse("cookies must be a list of strings")
    if "body" in document or "isBase64Encoded" in document:
        raise MalformedResponse("a prelude has no body; the body follows the delimiter")
    status, headers, _ = parse_proxy_response(json.dumps(document).encode())
    return status, headers + [("Set-Cookie", cookie) for cookie in cookies]


def _json_object(payload: bytes, what: str) -> dict:
    try:
        document = json.loads(payload)
    except ValueError as error:
        raise MalformedResponse(f"{what} is not JSON: {error}") from error
    if not isinstance(document, dict):
        raise MalformedResponse(f"{what} is a {type(document).__name__}, not an object")
    return document


def _header_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    raise MalformedResponse(f"header value {value!r} is not a string")


class LocalAPI:
    """HTTP server that forwards each request to the function. `invoke` is usually `RuntimeAPI.invoke`."""

    def __init__(
        self,
        invoke: Invoker,
        *,
        host: str = "127.0.0.1",
        port: int = 3000,
        routes: list[tuple[str, str]] | None = None,
        stage: str = STAGE,
        base_path: str = "",
        stage_in_path: bool = False,
        log: Callable[[str], None] | None = None,
        local_routes: list[Callable[["_APIHandler"], bool]] | None = None,
        minimum_compression_size: int | None = None,
    ):
        self.invoke = invoke
        self.local_routes = list(local_routes or [])
        # The template's MinimumCompressionSize (None: compression off, as API Gateway without it).
        self.minimum_compression_size = minimum_compression_size
        self.events = EventBuilder(routes, stage, base_path=base_path, stage_in_path=stage_in_path)
        self.log = log or (lambda message: print(message, file=sys.stderr, flush=True))
        self._server = _APIServer((host, port), _APIHandler, self)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "LocalAPI":
        self._thread = threading.Thread(target=self._server.serve_forever, name="local-api", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "LocalAPI":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class _APIServer(httpio.QuietThreadingHTTPServer):
    def __init__(self, address, handler, api: LocalAPI):
        self.api = api
        super().__init__(address, handler)


class _APIHandler(httpio.KeepAliveHandler):
    server: _APIServer

    def log_message(self, format, *args) -> None:  # noqa: A002
        pass  # handle() logs one line per request itself

    def handle_request(self) -> None:
        api = self.server.api
        if any(serve(self) for serve in api.local_routes):
            return
        body, _ = httpio.read_body(self)
        request_id = str(uuid.uuid4())
        event = api.events.build(
            self.command, self.path, list(self.headers.items()), body, self.client_address[0], api.port,
            self.request_version, request_id,
        )
        headers = {"x-amzn-RequestId": request_id}
        if event is None:
            api.log(f"{self.command} {self.path} -> 403 (no resource matches)")
            self.send_missing_authentication_token(headers)
            return
        try:
            result = api.invoke(json.dumps(event).encode())
        except Throttled as throttled:
            api.log(f"{self.command} {self.path} -> 500: Lambda throttled the invocation: {throttled}")
            httpio.send_json(self, 500, INTERNAL_SERVER_ERROR, {**headers, "x-amzn-ErrorType": INVOKE_FAILED_ERROR_TYPE})
            return
        if result.stream is not None:
            self.send_stream(result.stream, headers)
            return
        if result.is_error:
            api.log(f"{self.command} {self.path} -> 502: function error {result.error_type}: {result.error_message}")
            httpio.send_json(self, 502, INTERNAL_SERVER_ERROR, headers)
            return
        try:
            status, response_headers, response_body = parse_proxy_response(result.payload)
        except MalformedResponse as error:
            api.log(f"{self.command} {self.path} -> 502: malformed Lambda proxy response: {error}")
            httpio.send_json(self, 502, INTERNAL_SERVER_ERROR, headers)
            return
        api.log(f"{self.command} {self.path} -> {status}")
        response_headers, response_body = compression.compress(
            api.minimum_compression_size, self.headers.get("Accept-Encoding"), response_headers, response_body)
        httpio.send(self, status, response_body, response_headers + list(headers.items()), include_body=self.command != "HEAD")

    def send_stream(self, stream: ResponseStream, headers: dict[str, str]) -> None:
        """A streamed response, as a REST API integration with `ResponseTransferMode: STREAM` passes it on: the
        prelude up to the 8 NUL bytes gives the status and headers, the rest goes to the client chunk by chunk as
        it arrives. A stream that fails before its prelude is complete is a 502; one that fails after is cut off
        (the connection closes without the last chunk), so the client sees a truncated response."""
        api = self.server.api
        chunks = stream.chunks()
        head = b""
        for chunk in chunks:
            head += chunk
            if PRELUDE_DELIMITER in head:
                break
        if PRELUDE_DELIMITER not in head or stream.error_type is not None:
            why = f"function error {stream.error_type}" if stream.error_type else "the stream has no prelude"
            api.log(f"{self.command} {self.path} -> 502: {why}")
            httpio.send_json(self, 502, INTERNAL_SERVER_ERROR, headers)
            return
        prelude, _, rest = head.partition(PRELUDE_DELIMITER)
        try:
            status, response_headers = parse_prelude(prelude)
        except MalformedResponse as error:
            api.log(f"{self.command} {self.path} -> 502: malformed streaming prelude: {error}")
            httpio.send_json(self, 502, INTERNAL_SERVER_ERROR, headers)
            return
        self.send_response(status)
        for name, value in response_headers + list(headers.items()):
            if name.lower() not in ("content-length", "connection", "transfer-encoding"):
                self.send_header(name, value)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            for chunk in itertools.chain([rest], chunks):
                if chunk:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    self.wfile.flush()
            if stream.error_type is not None:
                api.log(f"{self.command} {self.path} -> {status}, cut off mid-stream: function error {stream.error_type}")
                self.close_connection = True
                return
            self.wfile.write(b"0\r\n\r\n")
        except OSError:
            self.close_connection = True
            return
        api.log(f"{self.command} {self.path} -> {status} (streamed)")

    def send_missing_authentication_token(self, headers: dict[str, str]) -> None:
        headers = {**headers, "x-amzn-ErrorType": "MissingAuthenticationTokenException"}
        httpio.send_json(self, 403, MISSING_AUTHENTICATION_TOKEN, headers)

    def handle_unsupported_method(self) -> None:
        """A method API Gateway has no resource method for: its own 403, the function never sees it."""
        httpio.read_body(self)
        self.server.api.log(f"{self.command} {self.path} -> 403 (API Gateway has no {self.command} method)")
        self.send_missing_authentication_token({"x-amzn-RequestId": str(uuid.uuid4())})

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = handle_request

    def __getattr__(self, name: str):
        # http.server dispatches to `do_<METHOD>` and answers 501 when there is none; API Gateway answers 403.
        if name.startswith("do_"):
            return self.handle_unsupported_method
        raise AttributeError(name)

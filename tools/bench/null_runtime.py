"""The latency floor: a runtime that does nothing but take each event and post a fixed response, over one
keep-alive connection with raw sockets (no JSON, no HTTP library). What the Runtime API measures for it is
the harness's own share of every round trip (the Python server, the loopback, this loop).

Run as the function process: `python -S null_runtime.py`, with AWS_LAMBDA_RUNTIME_API set.
"""

import os
import socket

_RESPONSE = b'{"statusCode":200,"body":"{\\"status\\":\\"ok\\"}"}'


def _read_response(stream) -> tuple[dict, bytes]:
    stream.readline()  # status line
    headers = {}
    while True:
        line = stream.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    return headers, stream.read(int(headers.get("content-length", "0")))


def main() -> None:
    host, port = os.environ["AWS_LAMBDA_RUNTIME_API"].rsplit(":", 1)
    connection = socket.create_connection((host, int(port)))
    connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    stream = connection.makefile("rb")
    next_request = f"GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
    while True:
        connection.sendall(next_request)
        headers, _ = _read_response(stream)
        request_id = headers["lambda-runtime-aws-request-id"]
        connection.sendall(
            f"POST /2018-06-01/runtime/invocation/{request_id}/response HTTP/1.1\r\nHost: {host}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(_RESPONSE)}\r\n\r\n".encode() + _RESPONSE
        )
        _read_response(stream)


if __name__ == "__main__":
    main()

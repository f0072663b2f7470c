"""moto's server, with DynamoDB's atomicity: each request is handled whole under one lock.

DynamoDB applies every request to an item atomically (a conditional write checks and writes as one step).
moto's own threaded server (`python -m moto.server`) runs requests side by side with no lock around the
backend, so two conditional updates racing on one item can both pass their condition: a lost update that
real DynamoDB never produces. Connections are still served on their own threads (keep-alive, slow clients);
only the backend work is serialized.

    python -m tools.local.moto_server [-H 127.0.0.1] [-p 5000]
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import WSGIRequestHandler, run_simple


class Serialized:
    """A WSGI app that runs `app` for one request at a time, reading its whole response inside the lock."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            return list(self.app(environ, start_response))


class NoDelayHandler(WSGIRequestHandler):
    # werkzeug writes the headers and the body separately: without TCP_NODELAY a keep-alive client waits for
    # the delayed ACK (~40 ms) on every answer.
    disable_nagle_algorithm = True


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, default=5000)
    args = parser.parse_args(argv)
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: sys.exit(0))
    run_simple(args.host, args.port, Serialized(DomainDispatcherApplication(create_backend_app)), threaded=True,
               request_handler=NoDelayHandler)


if __name__ == "__main__":
    main()

"""`make invoke EVENT=events/<file>.json`: one event through bootstrap, like `sam local invoke -e`.

    python -m tools.local.invoke [--bootstrap PATH] [--log-level INFO] [--timeout SECONDS] [--auth jwt|none] [--rie] EVENT_FILE|-

moto, the products table and the local token issuer are started as for `make run`. An HTTP event without an
Authorization header gets `Authorization: Bearer <token>` from the local issuer (products/read and
products/write), as a client of the deployed API would send; `--auth none` runs the function with
AUTH_MODE=none instead. The function's response (or error) JSON goes to
stdout, bootstrap's logs to stderr. Exit status 0 for a response, 1 for a function error. `--rie` (`make invoke
RIE=1`) runs the function under AWS's Runtime Interface Emulator instead of the local Runtime API
(tools/local/rie.py); its platform lines (START, INIT REPORT, REPORT) go to stderr too.
"""

from __future__ import annotations

import argparse
import json
import sys

from .rie import RIEStack
from .stack import DEFAULT_BOOTSTRAP, LocalStack


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make invoke", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("event", help="event JSON file, or - for stdin")
    parser.add_argument("--bootstrap", default=DEFAULT_BOOTSTRAP)
    parser.add_argument("--log-level", default="INFO")
    parser.add_argument("--timeout", type=float, default=None, help="function timeout (default: template's)")
    parser.add_argument("--auth", choices=("jwt", "none"), default="jwt", help="AUTH_MODE of the function (default jwt)")
    parser.add_argument("--rie", action="store_true", help="run it under AWS's Runtime Interface Emulator (SAM CLI's)")
    args = parser.parse_args(argv)

    try:
        event = sys.stdin.buffer.read() if args.event == "-" else open(args.event, "rb").read()
    except OSError as error:
        print(f"make invoke: {error}", file=sys.stderr)
        return 2

    try:
        if args.rie:
            with RIEStack(args.bootstrap, log=sys.stderr, log_level=args.log_level, timeout_seconds=args.timeout, auth=args.auth) as rie:
                result = rie.invoke(with_token(rie.stack, event))
        else:
            with LocalStack(args.bootstrap, api_port=None, log_level=args.log_level, bootstrap_log=sys.stderr,
                            timeout_seconds=args.timeout, auth=args.auth) as stack:
                result = stack.runtime.invoke(with_token(stack, event))
    except (OSError, RuntimeError) as error:
        print(f"make invoke: {error}", file=sys.stderr)
        return 2
    sys.stdout.write(result.payload.decode("utf-8", "replace") + "\n")
    sys.stdout.flush()
    if result.is_error:
        print(f"function error {result.error_type}: {result.error_message}", file=sys.stderr)
        return 1
    return 0


def with_token(stack: LocalStack, event: bytes) -> bytes:
    try:
        document = json.loads(event)
    except ValueError:
        return event  # not JSON: the function reports that itself
    authorized = stack.with_token(document)
    if authorized is document or authorized == document:
        return event
    print("make invoke: added Authorization: Bearer <token from the local issuer>", file=sys.stderr)
    return json.dumps(authorized).encode()


if __name__ == "__main__":
    sys.exit(main())

"""`make run`: the local stack on http://127.0.0.1:3000 until Ctrl-C.

    python -m tools.local.run [--port 3000] [--concurrency 1] [--bootstrap .build/release/bootstrap] [--log-level INFO] [--auth jwt|none]

With `--auth jwt` (the default) a local token issuer signs the access tokens the function accepts; its client
credentials go to .build/local/issuer.json, where `make token` finds them.

bootstrap's JSON log lines (and its EMF metrics lines) go to stdout, one request line per API call to stderr,
and, since the template's tracing is Active, a local X-Ray collector (tools/local/xray.py) prints one line per
traced request to stderr: route, status, total time, each DynamoDB call and its time. SIGINT, SIGTERM and SIGHUP
stop moto, bootstrap and the servers (children run in their own sessions and are stopped explicitly).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading

import os

from . import dynamodb
from . import template as cfn
from .banner import banner
from .docs_ui import DocsUI
from .stack import DEFAULT_BOOTSTRAP, LocalStack
from .template import PACKAGE_ROOT
from .xray import printer_to

# LOCAL_ISSUER_STATE moves it (the tests do, so they never touch a developer's running `make run`).
ISSUER_STATE = os.environ.get("LOCAL_ISSUER_STATE") or os.path.join(PACKAGE_ROOT, ".build", "local", "issuer.json")


def save_issuer(stack: LocalStack) -> None:
    """What `make token` needs to ask the running issuer for a token (the secret is local and made at start)."""
    os.makedirs(os.path.dirname(ISSUER_STATE), exist_ok=True)
    issuer = stack.issuer
    state = {"issuer": issuer.url, "tokenUrl": issuer.token_url, "clientId": issuer.client_id, "clientSecret": issuer.client_secret,
             "pid": os.getpid()}
    with open(os.open(ISSUER_STATE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as handle:
        json.dump(state, handle)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make run", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=3000, help="local API port (default 3000)")
    parser.add_argument("--bootstrap", default=DEFAULT_BOOTSTRAP)
    parser.add_argument("--template", default=cfn.DEFAULT_TEMPLATE,
                        help="the SAM template whose function, routes and table to serve (default: the repository's)")
    parser.add_argument("--table", default=dynamodb.DEFAULT_TABLE_NAME)
    parser.add_argument("--moto-port", type=int, default=0, help="default: any free port")
    parser.add_argument("--log-level", default="INFO")
    parser.add_argument("--concurrency", type=int, default=1,
                        help="execution environments at most (default 1); beyond them requests are throttled")
    parser.add_argument("--max-concurrency", type=int, default=1,
                        help="invocations one environment serves at once, as on Lambda Managed Instances (default 1)")
    parser.add_argument("--auth", choices=("jwt", "none"), default="jwt", help="AUTH_MODE of the function (default jwt)")
    parser.add_argument("--issuer-port", type=int, default=0, help="local token issuer port (default: any free port)")
    parser.add_argument("--no-xray", action="store_true", help="no local X-Ray collector (default: on when the template traces)")
    args = parser.parse_args(argv)
    tracing = not args.no_xray and cfn.tracing_active(cfn.load_template(args.template))

    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda *_: stop.set())

    stack = LocalStack(
        args.bootstrap,
        table_name=args.table,
        template_path=args.template,
        api_host=args.host,
        api_port=args.port,
        moto_port=args.moto_port,
        log_level=args.log_level,
        bootstrap_log=sys.stdout,
        local_routes=[DocsUI(token=lambda: stack.issuer.mint() if stack.issuer else None).serve],
        concurrency=args.concurrency,
        max_concurrency=args.max_concurrency,
        auth=args.auth,
        issuer_port=args.issuer_port,
        xray=printer_to(sys.stderr) if tracing else False,
    )
    try:
        stack.start()
        if stack.issuer is not None:
            save_issuer(stack)
        print(banner(stack, stop_hint=f"Ctrl-C (or kill -INT {os.getpid()}) stops everything."), file=sys.stderr, flush=True)
        while not stop.wait(0.5):
            pass
    except OSError as error:
        print(f"make run: {error}", file=sys.stderr)
        return 1
    finally:
        stack.stop()
        if os.path.exists(ISSUER_STATE):
            os.remove(ISSUER_STATE)
    print("stopped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`make run`: the local stack on http://127.0.0.1:3000 until Ctrl-C.

    python -m tools.local.run [--port 3000] [--concurrency 1] [--bootstrap .build/release/bootstrap] [--log-level INFO]

bootstrap's JSON log lines go to stdout, one request line per API call to stderr. SIGINT, SIGTERM and SIGHUP
stop moto, bootstrap and the servers (children run in their own sessions and are stopped explicitly).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from . import dynamodb
from .stack import DEFAULT_BOOTSTRAP, LocalStack


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make run", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=3000, help="local API port (default 3000)")
    parser.add_argument("--bootstrap", default=DEFAULT_BOOTSTRAP)
    parser.add_argument("--table", default=dynamodb.DEFAULT_TABLE_NAME)
    parser.add_argument("--moto-port", type=int, default=0, help="default: any free port")
    parser.add_argument("--log-level", default="INFO")
    parser.add_argument("--concurrency", type=int, default=1,
                        help="execution environments at most (default 1); beyond them requests are throttled")
    parser.add_argument("--max-concurrency", type=int, default=1,
                        help="invocations one environment serves at once, as on Lambda Managed Instances (default 1)")
    args = parser.parse_args(argv)

    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda *_: stop.set())

    stack = LocalStack(
        args.bootstrap,
        table_name=args.table,
        api_host=args.host,
        api_port=args.port,
        moto_port=args.moto_port,
        log_level=args.log_level,
        bootstrap_log=sys.stdout,
        concurrency=args.concurrency,
        max_concurrency=args.max_concurrency,
    )
    try:
        stack.start()
        print(
            f"local API        {stack.api_url}  (stage {stack.api.events.stage}, e.g. curl {stack.api_url}/health)\n"
            f"Runtime API      http://{stack.runtime.address}  (bootstrap pid {stack.runtime.process_id})\n"
            f"DynamoDB (moto)  {stack.moto_endpoint}  table {stack.table_name!r}  (moto pid {stack.moto.pid})\n"
            f"function         {stack.function.function_name}, timeout {stack.function.timeout_seconds}s, "
            f"{stack.function.memory_mb} MB, up to {args.concurrency} execution environment(s)\n"
            "Ctrl-C stops everything.",
            file=sys.stderr,
            flush=True,
        )
        while not stop.wait(0.5):
            pass
    except OSError as error:
        print(f"make run: {error}", file=sys.stderr)
        return 1
    finally:
        stack.stop()
    print("stopped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

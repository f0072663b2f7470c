"""`make token [SCOPE=products/write]`: an access token from the issuer of the running `make run`, fetched the way
a machine client gets one from Cognito (client credentials at the token endpoint), printed on stdout.

    TOKEN=$(make -s token)
    curl -X POST http://127.0.0.1:3000/products -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{...}'
"""

from __future__ import annotations

import argparse
import json
import sys

import requests

from .run import ISSUER_STATE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make token", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scope", default="", help="space-separated scopes (default: products/read products/write)")
    args = parser.parse_args(argv)
    try:
        with open(ISSUER_STATE, encoding="utf-8") as handle:
            state = json.load(handle)
    except OSError:
        print("make token: no local issuer is running; start `make run` first (in another terminal)", file=sys.stderr)
        return 1
    form = {"grant_type": "client_credentials", **({"scope": args.scope} if args.scope else {})}
    try:
        response = requests.post(state["tokenUrl"], data=form, auth=(state["clientId"], state["clientSecret"]), timeout=10)
    except requests.RequestException as error:
        print(f"make token: the local issuer at {state['tokenUrl']} did not answer ({error}); is `make run` still running?", file=sys.stderr)
        return 1
    if response.status_code != 200:
        print(f"make token: {response.status_code} {response.text}", file=sys.stderr)
        return 1
    print(response.json()["access_token"])
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`make sam-local-docker`: the private dockerd, base images, host-network proxy, moto and token issuer for
`sam local` on a machine without a usable Docker (no bridge, no registry), until Ctrl-C. Prints the variables
and commands to use in another shell (docs/local-emulators.md, "sam local")."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading

from .engine import DockerUnavailable
from .environment import STATE_DIR, SamLocal
from tools.local.template import PACKAGE_ROOT


def main() -> int:
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    os.makedirs(STATE_DIR, exist_ok=True)
    with open(os.path.join(STATE_DIR, "moto.log"), "wb") as moto_log, open(os.path.join(STATE_DIR, "bootstrap.log"), "w") as boot_log:
        try:
            local = SamLocal(bootstrap_log=boot_log, moto_log=moto_log).start()
        except DockerUnavailable as reason:
            print(f"cannot start a Docker engine: {reason}", file=sys.stderr)
            return 1
        try:
            env = local.sam_environment({})
            exports = " ".join(f"{name}={env[name]}" for name in sorted(env) if name.startswith(("AWS_", "DOCKER_", "SAM_")))
            token = local.stack.issuer.mint()
            with open(os.path.join(PACKAGE_ROOT, "events", "create-product.json"), encoding="utf-8") as handle:
                body = json.load(handle)["body"]
            print(f"""sam local environment ready (Ctrl-C stops dockerd, moto and the issuer). In another shell:

  export {exports}
  .venv/bin/sam build
  .venv/bin/sam local invoke -e events/health.json --env-vars {local.env_vars_path} --skip-pull-image
  .venv/bin/sam local start-api --env-vars {local.env_vars_path} --skip-pull-image --warm-containers EAGER
  curl -s -X POST http://127.0.0.1:3000/products -H 'Authorization: Bearer {token}' \\
       -H 'Content-Type: application/json' -d '{body}'
""", flush=True)
            stopped.wait()
        finally:
            local.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Everything `sam local invoke` / `start-api` need on a loopback-only machine, in one object: the private dockerd
with the imported base images, the host-network proxy SAM talks to, and the local stack's moto (table, cursor
secret, STS) and token issuer. The tests (Tests/deploy/test_sam_local.py) and `make sam-local-docker` use it."""

from __future__ import annotations

import json
import os

from tools.local import template as cfn
from tools.local.dynamodb import REGION, TEST_CREDENTIALS
from tools.local.stack import DEFAULT_BOOTSTRAP, LocalStack

from .engine import DockerEngine, import_base_images
from .host_network import HostNetworkProxy

STATE_DIR = os.path.join(cfn.PACKAGE_ROOT, ".build", "sam-local")
FUNCTION = "ProductsFunction"


class SamLocal:
    def __init__(self, state_dir: str = STATE_DIR, *, bootstrap_log=None, moto_log=None):
        self.state_dir = state_dir
        self.engine = DockerEngine(os.path.join(state_dir, "docker"), os.path.join(state_dir, "dockerd.log"))
        self.proxy: HostNetworkProxy | None = None
        # The stack's own bootstrap is not used by SAM; it comes with moto and the issuer.
        self.stack = LocalStack(DEFAULT_BOOTSTRAP, api_port=None, bootstrap_log=bootstrap_log, moto_log=moto_log)
        self.env_vars_path = os.path.join(state_dir, "env.json")

    def start(self) -> "SamLocal":
        os.makedirs(self.state_dir, exist_ok=True)
        self.engine.start()  # DockerUnavailable, with the reason, when it cannot
        try:
            import_base_images(self.engine)
            self.proxy = HostNetworkProxy(os.path.join(self.engine.runtime_dir, "sam.sock"), self.engine.socket_path).start()
            self.stack.start()
            self.write_env_vars()
        except BaseException:
            self.stop()
            raise
        return self

    def write_env_vars(self) -> None:
        """The `--env-vars` file: what `make run` gives its bootstrap (SAM passes only the template's variables)."""
        variables = {name: value for name, value in self.stack.function_environment().items() if value is not None}
        with open(self.env_vars_path, "w", encoding="utf-8") as handle:
            json.dump({FUNCTION: variables}, handle, indent=2)

    def sam_environment(self, base: dict[str, str]) -> dict[str, str]:
        """SAM's own environment: dockerd through the proxy, moto's credentials and region, and STS at moto (SAM
        asks STS for the account id first; without this it calls AWS, which takes seconds to fail here). No AWS
        profile or credentials file is read."""
        assert self.proxy is not None
        kept = {name: value for name, value in base.items() if not name.startswith("AWS_")}
        return {**kept, **TEST_CREDENTIALS, "SAM_CLI_TELEMETRY": "0", "DOCKER_HOST": self.proxy.docker_host,
                "AWS_REGION": REGION, "AWS_DEFAULT_REGION": REGION, "AWS_ENDPOINT_URL_STS": self.stack.moto_endpoint,
                "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull}

    def stop(self) -> None:
        self.stack.stop()
        if self.proxy is not None:
            self.proxy.stop()
            self.proxy = None
        self.engine.stop()

    def __enter__(self) -> "SamLocal":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

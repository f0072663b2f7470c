"""The whole local stack in one object: moto + the products table, the local token issuer (unless auth is
"none"), the Runtime API running bootstrap, and (optionally) the local API Gateway. `make run`, `make invoke` and the end-to-end tests all start it here."""

from __future__ import annotations

import os
from typing import IO, Callable

from . import dynamodb
from . import template as cfn
from .api_gateway import LocalAPI
from .issuer import LocalIssuer, add_bearer
from .pool import EnvironmentPool
from .runtime_api import LogSink, RuntimeAPI
from .xray import XRayCollector

DEFAULT_BOOTSTRAP = os.path.join(cfn.PACKAGE_ROOT, ".build", "release", "bootstrap")


class LocalStack:
    def __init__(
        self,
        bootstrap: str = DEFAULT_BOOTSTRAP,
        *,
        table_name: str = dynamodb.DEFAULT_TABLE_NAME,
        template_path: str = cfn.DEFAULT_TEMPLATE,
        api_host: str = "127.0.0.1",
        api_port: int | None = 3000,  # None: no local API (make invoke); 0: any free port
        runtime_port: int = 0,
        moto_port: int = 0,
        log_level: str = "INFO",
        environment: dict[str, str | None] | None = None,
        bootstrap_log: LogSink = None,
        moto_log: IO | None = None,
        api_log=None,
        timeout_seconds: float | None = None,
        local_routes=None,  # pages the local API serves itself, in front of the function (Swagger UI)
        concurrency: int = 1,
        max_concurrency: int = 1,  # invocations one environment serves at once (Lambda Managed Instances)
        auth: str = "jwt",  # "jwt": a local issuer signs the tokens; "none": AUTH_MODE=none
        issuer_port: int = 0,
        xray: bool | Callable[[str], None] = False,  # True, or a printer for its one-line summaries
        runtime: bool = True,  # False: only the peers (moto, table, secret, issuer), for another emulator (rie.py)
    ):
        if auth not in ("jwt", "none"):
            raise ValueError(f"auth must be jwt or none, not {auth!r}")
        self.auth = auth
        self.issuer_port = issuer_port
        self.issuer: LocalIssuer | None = None
        self.cursor_secret_arn: str | None = None
        self.bootstrap = bootstrap
        self.table_name = table_name
        self.template_path = template_path
        self.api_host = api_host
        self.api_port = api_port
        self.runtime_port = runtime_port
        self.moto_port = moto_port
        self.log_level = log_level
        self.extra_environment = environment or {}
        self.bootstrap_log = bootstrap_log
        self.moto_log = moto_log
        self.api_log = api_log
        self.local_routes = local_routes
        self.concurrency = concurrency
        self.max_concurrency = max_concurrency
        template = cfn.load_template(template_path)
        self.function = cfn.function_settings(template)
        self.minimum_compression_size = cfn.minimum_compression_size(template)
        self.xray_requested = xray
        self.runtime_requested = runtime
        self.xray: XRayCollector | None = None
        if timeout_seconds is not None:
            self.function.timeout_seconds = timeout_seconds
        self.moto: dynamodb.MotoServer | None = None
        self.runtime: RuntimeAPI | None = None  # the first execution environment (started with the stack)
        self.environments: EnvironmentPool | None = None  # all of them, up to `concurrency`; the local API's
        self.api: LocalAPI | None = None

    @property
    def moto_endpoint(self) -> str:
        assert self.moto is not None
        return self.moto.endpoint

    @property
    def api_url(self) -> str:
        assert self.api is not None
        return self.api.url

    def function_environment(self) -> dict[str, str | None]:
        """The template's plain variables, then what points the function at the local table."""
        logging = {"LOG_LEVEL": self.log_level}
        if self.function.log_format.upper() == "JSON":
            # What Lambda sets for LoggingConfig JSON, with the level asked for locally.
            logging.update({"AWS_LAMBDA_LOG_FORMAT": "JSON", "AWS_LAMBDA_LOG_LEVEL": self.log_level})
        if self.auth == "none":
            auth = {"AUTH_MODE": "none"}
        else:
            assert self.issuer is not None
            auth = self.issuer.function_environment()
        return {
            **self.function.environment,
            **auth,
            "TABLE_NAME": self.table_name,
            "AWS_ENDPOINT_URL_DYNAMODB": self.moto_endpoint,
            # As deployed: the cursor key is a Secrets Manager secret (moto serves that API too).
            "CURSOR_SECRET_ARN": self.cursor_secret_arn,
            "AWS_ENDPOINT_URL_SECRETS_MANAGER": self.moto_endpoint,
            **dynamodb.TEST_CREDENTIALS,
            **logging,
            **self.xray_environment(),
            **self.extra_environment,
        }

    def with_token(self, event: dict, scope: str | None = None) -> dict:
        """The event with a bearer token from the local issuer (unchanged when auth is "none" or the event
        already carries Authorization): what a client of the deployed API would send."""
        if self.issuer is None or not isinstance(event, dict) or not ("headers" in event or "multiValueHeaders" in event):
            return event
        return add_bearer(event, self.issuer.mint(scope) if scope else self.issuer.mint())

    def xray_environment(self) -> dict[str, str]:
        """What Lambda sets when tracing is Active: the daemon's address (here the local collector's)."""
        if self.xray is None:
            return {}
        return {"AWS_XRAY_DAEMON_ADDRESS": self.xray.address, "AWS_XRAY_CONTEXT_MISSING": "LOG_ERROR"}

    def new_runtime(self, environment: dict[str, str | None] | None = None, launch: bool = True, **options) -> RuntimeAPI:
        """A Runtime API + bootstrap wired to this stack's table; `environment` overrides variables (None
        removes one). The caller stops it."""
        settings = dict(
            environment={**self.function_environment(), **(environment or {})},
            function_name=self.function.function_name,
            handler=self.function.handler,
            timeout_seconds=self.function.timeout_seconds,
            memory_mb=self.function.memory_mb,
            region=dynamodb.REGION,
            log=self.bootstrap_log,
            trace_sampled=self.xray is not None,
        )
        settings.update(options)
        return RuntimeAPI(self.bootstrap, **settings).start(launch=launch)

    def start(self) -> "LocalStack":
        try:
            if self.xray_requested:
                printer = self.xray_requested if callable(self.xray_requested) else None
                self.xray = XRayCollector(printer=printer).start()
            self.moto = dynamodb.start_dynamodb(self.table_name, self.moto_port, self.template_path, self.moto_log)
            self.cursor_secret_arn = dynamodb.create_cursor_secret(self.moto_endpoint)
            if self.auth == "jwt":
                self.issuer = LocalIssuer(port=self.issuer_port).start()
            if not self.runtime_requested:
                return self
            self.runtime = self.new_runtime(port=self.runtime_port, max_concurrency=self.max_concurrency)
            self.environments = EnvironmentPool(
                lambda: self.new_runtime(max_concurrency=self.max_concurrency), self.concurrency, first=self.runtime)
            if self.api_port is not None:
                self.api = LocalAPI(
                    self.environments.invoke, host=self.api_host, port=self.api_port, routes=self.function.routes, log=self.api_log,
                    local_routes=self.local_routes,
                    minimum_compression_size=self.minimum_compression_size,
                ).start()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stops what was started, newest first; safe to call twice."""
        if self.api is not None:
            self.api.stop()
            self.api = None
        if self.environments is not None:
            self.environments.stop()  # the first environment too
            self.environments = None
        elif self.runtime is not None:
            self.runtime.stop()
        self.runtime = None
        if self.moto is not None:
            self.moto.stop()
            self.moto = None
        if self.issuer is not None:
            self.issuer.stop()
            self.issuer = None
        if self.xray is not None:
            self.xray.stop()
            self.xray = None

    def __enter__(self) -> "LocalStack":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

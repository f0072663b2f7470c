"""Local DynamoDB: moto's server on a local port, with the products table created from `template.yaml`.

The table's definition is read from `Resources.ProductsTable.Properties` (never repeated here), so the local
table always matches what CloudFormation would create: attribute definitions, key schema, GSIs, billing mode,
streams, and TTL (via UpdateTimeToLive, as CloudFormation does after creating the table). Settings that only
matter to AWS operations (point-in-time recovery, deletion protection, encryption at rest) are left out.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from typing import IO

import boto3
import botocore.config

from . import template as cfn
from .waiting import stop_process_group

DEFAULT_TABLE_NAME = "products"
REGION = "us-east-1"
# moto accepts any credentials; these are what bootstrap and boto3 sign with locally.
TEST_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"}


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def client(endpoint: str, region: str = REGION, credentials: dict[str, str] | None = None, verify: str | bool = True):
    """`credentials` in environment-variable form (default: the local test pair); `verify`: a CA file for HTTPS."""
    credentials = credentials or TEST_CREDENTIALS
    return boto3.client(
        "dynamodb",
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id=credentials["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=credentials["AWS_SECRET_ACCESS_KEY"],
        aws_session_token=credentials.get("AWS_SESSION_TOKEN"),
        verify=verify,
        config=botocore.config.Config(retries={"max_attempts": 1}, connect_timeout=2, read_timeout=10),
    )


class MotoServer:
    """moto's server (tools/local/moto_server.py: requests applied atomically, as DynamoDB does) as a child
    process (own session, so stopping it stops everything it runs)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, log: IO | None = None):
        self.host = host
        self.port = port or free_port(host)
        self._log = log
        self._popen: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def pid(self) -> int | None:
        return self._popen.pid if self._popen else None

    def start(self, ready_timeout: float = 30.0) -> "MotoServer":
        self._popen = subprocess.Popen(
            [sys.executable, "-m", "tools.local.moto_server", "-H", self.host, "-p", str(self.port)],
            cwd=cfn.PACKAGE_ROOT,
            stdin=subprocess.DEVNULL,
            stdout=self._log or subprocess.DEVNULL,
            stderr=self._log or subprocess.DEVNULL,
            start_new_session=True,
        )
        self._wait_ready(ready_timeout)
        return self

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        probe = client(self.endpoint)
        while True:
            if self._popen.poll() is not None:
                raise RuntimeError(f"moto server exited with status {self._popen.returncode} (port {self.port} taken?)")
            try:
                probe.list_tables()
                return
            except Exception as error:  # noqa: BLE001 - any failure means "not ready yet"
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"moto server did not answer on {self.endpoint} within {timeout}s: {error}") from error
                time.sleep(0.1)

    def stop(self) -> None:
        if self._popen is not None:
            stop_process_group(self._popen, signal.SIGTERM, timeout=5)

    def __enter__(self) -> "MotoServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def create_table_request(properties: dict, table_name: str) -> dict:
    """CreateTable parameters for CloudFormation `AWS::DynamoDB::Table` properties."""
    request: dict = {
        "TableName": table_name,
        "AttributeDefinitions": properties["AttributeDefinitions"],
        "KeySchema": properties["KeySchema"],
        "BillingMode": properties.get("BillingMode", "PROVISIONED"),
    }
    if "ProvisionedThroughput" in properties:
        request["ProvisionedThroughput"] = properties["ProvisionedThroughput"]
    for key in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
        indexes = properties.get(key)
        if indexes:
            allowed = ("IndexName", "KeySchema", "Projection", "ProvisionedThroughput")
            request[key] = [{name: index[name] for name in allowed if name in index} for index in indexes]
    stream = properties.get("StreamSpecification")
    if stream and stream.get("StreamViewType"):
        request["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": stream["StreamViewType"]}
    return request


def create_products_table(
    endpoint: str, table_name: str = DEFAULT_TABLE_NAME, template_path: str = cfn.DEFAULT_TEMPLATE, **client_options
) -> dict:
    """Creates the table as the template defines it; returns DescribeTable's `Table`. `client_options` go to
    `client` (credentials, verify)."""
    properties = cfn.table_properties(cfn.load_template(template_path))
    dynamodb = client(endpoint, **client_options)
    dynamodb.create_table(**create_table_request(properties, table_name))
    dynamodb.get_waiter("table_exists").wait(TableName=table_name, WaiterConfig={"Delay": 0.2, "MaxAttempts": 50})
    ttl = properties.get("TimeToLiveSpecification")
    if ttl and ttl.get("Enabled"):
        dynamodb.update_time_to_live(
            TableName=table_name, TimeToLiveSpecification={"AttributeName": ttl["AttributeName"], "Enabled": True}
        )
    return dynamodb.describe_table(TableName=table_name)["Table"]


def create_cursor_secret(endpoint: str, name: str = "products/cursor-key") -> str:
    """The pagination cursor key as the template makes it: a generated Secrets Manager secret; returns its ARN."""
    options = dict(endpoint_url=endpoint, region_name=REGION, aws_access_key_id=TEST_CREDENTIALS["AWS_ACCESS_KEY_ID"],
                   aws_secret_access_key=TEST_CREDENTIALS["AWS_SECRET_ACCESS_KEY"])
    secrets = boto3.client("secretsmanager", **options)
    return secrets.create_secret(Name=name, SecretString=secrets.get_random_password(PasswordLength=64, ExcludePunctuation=True)["RandomPassword"])["ARN"]


def start_dynamodb(
    table_name: str = DEFAULT_TABLE_NAME, port: int = 0, template_path: str = cfn.DEFAULT_TEMPLATE, log: IO | None = None
) -> MotoServer:
    """moto running, the template's table created. The caller stops it."""
    server = MotoServer(port=port, log=log).start()
    try:
        # A function with no table of its own (Examples/HelloWorld) still gets moto: the stack's secret lives there.
        if cfn.table_logical_id(cfn.load_template(template_path)) is not None:
            create_products_table(server.endpoint, table_name, template_path)
    except BaseException:
        server.stop()
        raise
    return server

"""Links the API returns (`Location` on a create) keep the stage or base path of the URL the client called,
so following them reaches the product: through the REST API's default domain (`/Prod/...`), a custom domain
with and without a base path mapping, an HTTP API's `$default` and named stages, an ALB and a function URL.
Every case runs the real bootstrap against moto."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.parse
import uuid

import pytest
import requests

from authorized import api as authorized
from authorized import api
from tools.local.api_gateway import LocalAPI

PACKAGE_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIELDS = {"name": "Desk lamp", "price": 39.9, "category": "links", "inventoryCount": 3}


def create_and_follow(url: str, expected_prefix: str) -> None:
    """Creates at `url`, checks the `Location` prefix, then does what a client does with the header: resolve
    it against the URL it called and GET it."""
    response = authorized.post(url, json=FIELDS, timeout=30)
    assert response.status_code == 201, response.text
    location = response.headers["Location"]
    assert location == f"{expected_prefix}/products/{response.json()['productId']}"
    followed = requests.get(urllib.parse.urljoin(url, location), timeout=30)
    assert followed.status_code == 200 and followed.json() == response.json()


@pytest.fixture
def shaped_api(stack):
    """A local API in front of the shared runtime, shaped like one of API Gateway's URLs."""
    started: list[LocalAPI] = []

    def start(**shape) -> LocalAPI:
        api = LocalAPI(stack.runtime.invoke, port=0, log=lambda line: None, **shape).start()
        started.append(api)
        return api

    yield start
    for api in started:
        api.stop()


def test_the_local_stack_serves_at_the_root_like_a_custom_domain(api_url):
    """`make run` (and every other e2e test) is a custom domain mapped at its root: no stage in links."""
    create_and_follow(f"{api_url}/products", "")


def test_the_rest_api_default_domain_keeps_the_stage(shaped_api):
    api = shaped_api(stage_in_path=True)
    create_and_follow(f"{api.url}/Prod/products", "/Prod")
    # Without the stage a path is outside the API: API Gateway's 403, where the old header led clients.
    assert requests.get(f"{api.url}/products/{uuid.uuid4()}", timeout=30).status_code == 403


@pytest.mark.parametrize("base_path", ["/shop", "/shop/v1"])
def test_a_custom_domain_base_path_is_kept(shaped_api, base_path):
    api = shaped_api(base_path=base_path)
    create_and_follow(f"{api.url}{base_path}/products", base_path)


def readme_quick_start_create_then_follow() -> str:
    """The README's quick-start lines from the create (`LOCATION=...`) to the GET of the product it points at."""
    with open(os.path.join(PACKAGE_ROOT, "README.md")) as readme:
        text = readme.read()
    section = text[text.index("\n## On AWS\n"):]
    block = section[section.index("```sh\n") + 6:section.index("\n```", section.index("```sh\n"))].split("\n")
    first = next(i for i, line in enumerate(block) if line.startswith("LOCATION="))
    last = next(i for i, line in enumerate(block) if line.startswith('curl -s "$ORIGIN$LOCATION"'))
    return "\n".join(block[first:last + 1])


def test_the_readme_curl_create_then_follow_works_behind_a_stage(shaped_api, write_token):
    """The README's quick start (its `On AWS` section, read from the file), with API set to a stage URL as the
    `ApiUrl` output gives it."""
    api_base = f"{shaped_api(stage_in_path=True).url}/Prod"
    script = "set -euo pipefail\n" + readme_quick_start_create_then_follow() + "\n"
    result = subprocess.run(["bash", "-c", script], env={"API": api_base, "TOKEN": write_token, "PATH": "/usr/bin:/bin"},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    product = json.loads(result.stdout)
    assert product["name"] == "Desk lamp" and product["version"] == 1


def http_api_event(raw_path: str, stage: str, route_key: str, domain: str, body: dict) -> dict:
    return {
        "version": "2.0",
        "routeKey": route_key,
        "rawPath": raw_path,
        "rawQueryString": "",
        "headers": {"content-type": "application/json", "host": domain},
        "requestContext": {
            "accountId": "123456789012", "apiId": "abc", "domainName": domain, "domainPrefix": domain.split(".")[0],
            "http": {"method": "POST", "path": raw_path, "protocol": "HTTP/1.1", "sourceIp": "127.0.0.1", "userAgent": "test"},
            "requestId": str(uuid.uuid4()), "routeKey": route_key, "stage": stage,
            "time": "01/Dec/2026:10:00:00 +0000", "timeEpoch": 1796119200000,
        },
        "body": json.dumps(body),
        "isBase64Encoded": False,
    }


@pytest.mark.parametrize(
    ("raw_path", "stage", "route_key", "domain", "expected_prefix"),
    [
        ("/products", "$default", "POST /products", "abc.execute-api.eu-west-1.amazonaws.com", ""),
        ("/v1/products", "v1", "POST /products", "abc.execute-api.eu-west-1.amazonaws.com", "/v1"),
        ("/v1/products", "v1", "$default", "abc.execute-api.eu-west-1.amazonaws.com", "/v1"),
        ("/shop/products", "$default", "ANY /{proxy+}", "api.shop.example", "/shop"),
        ("/products", "$default", "POST /products", "xyz.lambda-url.eu-west-1.on.aws", ""),
    ],
    ids=["http-api-default-stage", "http-api-named-stage", "http-api-named-stage-default-route", "http-api-base-path", "function-url"],
)
def test_payload_2_events_link_from_where_they_were_called(runtime, write_token, raw_path, stage, route_key, domain, expected_prefix):
    event = http_api_event(raw_path, stage, route_key, domain, FIELDS)
    event["headers"]["authorization"] = f"Bearer {write_token}"
    if route_key.endswith("{proxy+}"):
        event["pathParameters"] = {"proxy": "products"}
    response = runtime.invoke(json.dumps(event).encode()).json()
    assert response["statusCode"] == 201, response
    product = json.loads(response["body"])
    assert response["headers"]["Location"] == f"{expected_prefix}/products/{product['productId']}"


def test_an_alb_target_links_without_a_prefix(runtime, write_token):
    event = {
        "requestContext": {"elb": {"targetGroupArn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/t/1"}},
        "httpMethod": "POST", "path": "/products", "queryStringParameters": {},
        "headers": {"content-type": "application/json", "host": "lb.example", "authorization": f"Bearer {write_token}"},
        "body": json.dumps(FIELDS), "isBase64Encoded": False,
    }
    response = runtime.invoke(json.dumps(event).encode()).json()
    assert response["statusCode"] == 201, response
    assert response["headers"]["Location"] == f"/products/{json.loads(response['body'])['productId']}"

"""The README's `sam local invoke` and `sam local start-api`, run for real: SAM CLI (.venv), its own RIE in a
Docker container, the function built by `sam build`, against moto and the local token issuer on loopback.

dockerd is started here (tools/samlocal/engine.py: no bridge, no iptables), the Lambda base images SAM builds on
are imported from a busybox root (nothing can be pulled), and SAM talks to dockerd through the host-network proxy
(tools/samlocal/host_network.py) so the container shares the host's loopback. Skipped, with the reason, where
dockerd cannot start. docs/local-emulators.md ("sam local") describes the same commands for users.
"""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess

import pytest
import requests

from deploy_support import PACKAGE_ROOT, SAM_ENV, VENV_BIN, load_event
from test_events import EXPECTED_ON_EMPTY_TABLE, for_product
from tools.local.dynamodb import free_port
from tools.local.waiting import stop_process_group, wait_until
from tools.samlocal.engine import BASE_IMAGE_REPOSITORY, DockerUnavailable
from tools.samlocal.environment import SamLocal
from tools.samlocal.host_network import rewrite_create

SAM = os.path.join(VENV_BIN, "sam")
INVOKE_TIMEOUT = 180  # one `sam local invoke`, the image build included
API_START_TIMEOUT = 120


@pytest.fixture(scope="module")
def local(tmp_path_factory):
    """dockerd + base images + the proxy SAM talks to, moto and the token issuer; skips the module when dockerd
    cannot start."""
    logs = tmp_path_factory.mktemp("sam-local-stack")
    with open(logs / "bootstrap.log", "w", encoding="utf-8") as bootstrap_log, open(logs / "moto.log", "wb") as moto_log:
        environment = SamLocal(bootstrap_log=bootstrap_log, moto_log=moto_log)
        try:
            environment.start()
        except DockerUnavailable as reason:
            pytest.skip(f"sam local needs a Docker engine: {reason}")
        try:
            yield environment
        finally:
            environment.stop()


@pytest.fixture(scope="module")
def docker(local):
    return local.engine, local.proxy


@pytest.fixture(scope="module")
def stack(local):
    return local.stack


@pytest.fixture(scope="module")
def env_vars(local) -> str:
    return local.env_vars_path


@pytest.fixture(scope="module")
def sam_env(local) -> dict:
    return local.sam_environment(SAM_ENV)


@pytest.fixture(scope="module")
def built_template(tmp_path_factory):
    """What the README's `sam build` makes (the makefile builder: the static bootstrap, stripped)."""
    build_dir = tmp_path_factory.mktemp("sam-build") / "build"
    result = subprocess.run([SAM, "build", "--build-dir", str(build_dir)], cwd=PACKAGE_ROOT, env=SAM_ENV,
                            capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return str(build_dir / "template.yaml")


def sam_invoke(sam_env, built_template, env_vars, event: dict, tmp_path, *options: str) -> tuple[dict, str]:
    """`sam local invoke -e <event>`: the function's response and SAM's stderr (the function's logs)."""
    event_file = tmp_path / "event.json"
    event_file.write_text(json.dumps(event))
    result = subprocess.run(
        [SAM, "local", "invoke", "ProductsFunction", "--template", built_template, "--event", str(event_file),
         "--env-vars", env_vars, "--skip-pull-image", *options],
        cwd=PACKAGE_ROOT, env=sam_env, capture_output=True, text=True, timeout=INVOKE_TIMEOUT)
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    # SAM exits 0 even when it never reached the function (a container it cannot connect to): check the answer.
    assert result.returncode == 0 and lines, f"sam local invoke failed ({result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    response = json.loads(lines[-1])
    assert isinstance(response, dict) and "statusCode" in response, f"{response}\n{result.stderr[-3000:]}"
    return response, result.stderr


@pytest.mark.parametrize("name", sorted(EXPECTED_ON_EMPTY_TABLE))
def test_event_through_sam_local_invoke(name, docker, sam_env, built_template, env_vars, stack, tmp_path):
    response, logs = sam_invoke(sam_env, built_template, env_vars, stack.with_token(load_event(name)), tmp_path)
    assert response["statusCode"] == EXPECTED_ON_EMPTY_TABLE[name], f"{response}\n{logs[-3000:]}"


@pytest.mark.parametrize("runtime", ["provided.al2023", "provided.al2"])
def test_health_on_each_base_image(runtime, docker, sam_env, built_template, env_vars, stack, tmp_path):
    engine, proxy = docker
    on_host_network = proxy.rewritten
    response, logs = sam_invoke(sam_env, built_template, env_vars, load_event("health.json"), tmp_path,
                                "--parameter-overrides", f"LambdaRuntime={runtime}")
    assert response["statusCode"] == 200, f"{response}\n{logs[-3000:]}"
    assert json.loads(response["body"])["status"] == "ok"
    assert proxy.rewritten > on_host_network, "the container was not created through the host-network proxy"
    # SAM built its invoke image on this runtime's base image (the one imported here).
    tag = runtime.split(".")[1]
    client = engine.client()
    try:
        base = client.images.get(f"{BASE_IMAGE_REPOSITORY}:{tag}-x86_64")
        invoke_image = client.images.get(f"{BASE_IMAGE_REPOSITORY}:{tag}-rapid-x86_64")
        assert base.id in [layer["Id"] for layer in invoke_image.history()], invoke_image.history()
    finally:
        client.close()


def test_a_product_through_sam_local_invoke(docker, sam_env, built_template, env_vars, stack, tmp_path):
    """The product events against a product that exists, as test_events.py does through `make invoke`."""
    def invoke(event):
        return sam_invoke(sam_env, built_template, env_vars, stack.with_token(event), tmp_path)[0]

    created = invoke(load_event("create-product.json"))
    assert created["statusCode"] == 201, created
    product_id = json.loads(created["body"])["productId"]
    assert invoke(for_product("get-product.json", product_id))["statusCode"] == 200
    assert invoke(for_product("update-product.json", product_id))["statusCode"] == 200
    assert invoke(for_product("update-product-stale-version.json", product_id))["statusCode"] == 409
    assert invoke(for_product("delete-product.json", product_id))["statusCode"] == 204


# --- sam local start-api -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def api(docker, sam_env, built_template, env_vars, tmp_path_factory):
    """`sam local start-api` on a free loopback port, one warm container (EAGER); stopped at the end."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("sam-api") / "start-api.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [SAM, "local", "start-api", "--template", built_template, "--env-vars", env_vars, "--skip-pull-image",
             "--host", "127.0.0.1", "--port", str(port), "--warm-containers", "EAGER"],
            cwd=PACKAGE_ROOT, env=sam_env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True)
    url = f"http://127.0.0.1:{port}"

    def healthy():
        assert process.poll() is None, f"sam local start-api exited:\n{log_path.read_text()[-3000:]}"
        try:
            return requests.get(f"{url}/health", timeout=10).status_code == 200
        except requests.RequestException:
            return False

    try:
        wait_until(healthy, timeout=API_START_TIMEOUT, interval=0.5,
                   what=lambda: f"sam local start-api to answer /health:\n{log_path.read_text()[-3000:]}")
        yield url, log_path
    finally:
        stop_process_group(process, signal.SIGINT)


def bearer(stack) -> dict:
    return {"Authorization": f"Bearer {stack.issuer.mint()}"}


def test_crud_through_sam_local_start_api(api, stack):
    url, _ = api
    body = load_event("create-product.json")["body"]
    created = requests.post(f"{url}/products", data=body, headers={**bearer(stack), "Content-Type": "application/json"}, timeout=60)
    assert created.status_code == 201, created.text
    product = created.json()
    location = f"{url}/products/{product['productId']}"

    got = requests.get(location, timeout=60)
    assert got.status_code == 200, got.text
    assert got.json() == product
    etag = got.headers["ETag"]

    update = load_event("update-product.json")["body"]
    headers = {**bearer(stack), "Content-Type": "application/json"}
    updated = requests.put(location, data=update, headers={**headers, "If-Match": etag}, timeout=60)
    assert updated.status_code == 200, updated.text
    assert updated.json()["price"] == json.loads(update)["price"]

    stale = requests.put(location, data=update, headers={**headers, "If-Match": etag}, timeout=60)
    assert stale.status_code == 409, stale.text
    assert stale.headers["Content-Type"].startswith("application/") and stale.json()

    deleted = requests.delete(location, headers=bearer(stack), timeout=60)
    assert deleted.status_code == 204, deleted.text
    assert requests.get(location, timeout=60).status_code == 404


# What SAM's local API does differently from API Gateway and from `make run`'s local API (docs/local-emulators.md).
# Each test shows the difference; if SAM changes, the test fails and the document needs updating.


def function_invocations(log_path) -> int:
    return log_path.read_text(errors="replace").count("START RequestId")


def test_sam_answers_a_non_utf8_body_502_without_invoking_the_function(api, stack):
    url, log_path = api
    before = function_invocations(log_path)
    response = requests.post(f"{url}/products", data=b"\xff\xfe\xfa not UTF-8",
                             headers={**bearer(stack), "Content-Type": "application/json"}, timeout=60)
    assert response.status_code == 502, response.text
    assert response.json() == {"message": "Internal server error"}
    # The same request reaches the function in API Gateway (and `make run`), which answers 400.
    assert requests.get(f"{url}/health", timeout=60).status_code == 200  # a request that does reach it
    wait_until(lambda: function_invocations(log_path) > before, timeout=30, what="the health request's START line")
    assert function_invocations(log_path) == before + 1


def test_sam_adds_content_type_to_a_204(api, docker, sam_env, built_template, env_vars, stack, tmp_path):
    url, _ = api
    preflight = load_event("preflight-products.json")
    direct, _ = sam_invoke(sam_env, built_template, env_vars, preflight, tmp_path)
    assert direct["statusCode"] == 204
    assert "content-type" not in {name.lower() for name in direct.get("headers") or {}}, direct  # the function sends none
    request_headers = {name: value for name, value in preflight["headers"].items()
                       if name.lower() in ("origin", "access-control-request-method", "access-control-request-headers")}
    through_sam = requests.options(f"{url}/products", headers=request_headers, timeout=60)
    assert through_sam.status_code == 204
    # SAM's default for a response without one (`make run`'s local API does the same).
    assert through_sam.headers.get("Content-Type") == "application/json", through_sam.headers


def test_sam_ignores_minimum_compression_size(api, stack):
    url, _ = api
    minimum = stack.minimum_compression_size
    assert minimum is not None
    headers = {**bearer(stack), "Content-Type": "application/json"}
    template = json.loads(load_event("create-product.json")["body"])
    for index in range(6):
        product = {**template, "name": f"{index} " + "x" * 150}
        created = requests.post(f"{url}/products", data=json.dumps(product), headers=headers, timeout=60)
        assert created.status_code == 201, created.text
    listed = requests.get(f"{url}/products", headers={"Accept-Encoding": "gzip"}, timeout=60, stream=True)
    raw = listed.raw.read()
    assert listed.status_code == 200
    assert len(raw) >= minimum, "the page must be over MinimumCompressionSize for this to show anything"
    assert "Content-Encoding" not in listed.headers, listed.headers  # API Gateway (and `make run`) would gzip it
    json.loads(raw)  # plain JSON, not gzip
    with pytest.raises(OSError):
        gzip.decompress(raw)


# --- the proxy's rewrite, without Docker --------------------------------------------------------------------


def sam_create_request(port: str = "5123") -> dict:
    """The body SAM 1.170.0 posts to /containers/create for a function container (the fields that matter)."""
    return {"Image": "public.ecr.aws/lambda/provided:al2023-rapid-x86_64",
            "Entrypoint": ["/var/rapid/aws-lambda-rie", "--log-level", "error"], "ExposedPorts": {"8080/tcp": {}},
            "HostConfig": {"PortBindings": {"8080/tcp": [{"HostIp": "127.0.0.1", "HostPort": port}]}, "NetworkMode": "default"}}


def test_the_proxy_puts_the_rie_on_the_port_sam_connects_to():
    body = rewrite_create(sam_create_request("5123"))
    assert body["HostConfig"]["NetworkMode"] == "host"
    assert "PortBindings" not in body["HostConfig"] and "ExposedPorts" not in body
    entrypoint = body["Entrypoint"]
    assert entrypoint[:3] == ["/var/rapid/aws-lambda-rie", "--log-level", "error"]
    assert entrypoint[entrypoint.index("--runtime-interface-emulator-address") + 1] == "127.0.0.1:5123"
    runtime_api = entrypoint[entrypoint.index("--runtime-api-address") + 1]
    assert runtime_api.startswith("127.0.0.1:") and runtime_api != "127.0.0.1:9001"


def test_the_proxy_leaves_other_containers_alone_and_refuses_an_unpublished_rie():
    other = {**sam_create_request(), "Entrypoint": ["/bin/sh"]}
    assert rewrite_create(json.loads(json.dumps(other))) == other
    unpublished = sam_create_request()
    unpublished["HostConfig"]["PortBindings"] = {}
    with pytest.raises(ValueError):
        rewrite_create(unpublished)

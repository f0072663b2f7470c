"""dist/bootstrap.zip runs on a system that has nothing but the bundle.

The zip is unpacked into an empty root as Lambda lays it out (/var/task/bootstrap). A launcher gives the
process a private mount namespace with a fresh /proc (the Swift runtime needs /proc/self; Lambda has it),
chroots into the root and execs bootstrap, which then talks to the local Runtime API on 127.0.0.1 and to
moto's DynamoDB by a host name only the root's /etc/hosts knows. No library, loader, CA file or shell of the
build host is reachable from inside. Run by `make bundle-test`, after `make bundle`.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile

import pytest

from deploy_support import PACKAGE_ROOT, assert_fully_static, load_event
from tools.local import dynamodb
from tools.local.runtime_api import RuntimeAPI
from tools.local.stack import LocalStack
from tools.local.waiting import read_line

BUNDLE = os.environ.get("BUNDLE") or os.path.join(PACKAGE_ROOT, "dist", "bootstrap.zip")
TASK_ROOT = "/var/task"
# Resolved only through the root's /etc/hosts, by static glibc's built-in `files` lookup.
DYNAMODB_HOST = "dynamodb.bundle.test"

LAUNCHER = """#!{sh}
# Private mount namespace: the /proc mounted here disappears with the process.
exec {unshare} --mount --propagation private -- {sh} -c '{mount} -t proc proc "$1/proc" && exec {chroot} "$1" {task_root}/bootstrap' launcher '{root}'
"""


def host_tool(name: str) -> str:
    """Absolute path: the launcher runs with the function's environment, whose PATH may lack sbin."""
    path = shutil.which(name, path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin")
    assert path, f"{name} not found (util-linux / coreutils)"
    return path


@pytest.fixture(scope="module")
def bundle_path() -> str:
    if not os.path.isfile(BUNDLE):
        pytest.fail(f"{BUNDLE} is missing: run `make bundle` (or `make bundle-test`, which builds it)")
    return BUNDLE


def make_root(bundle_path: str, directory, files: dict[str, bytes] | None = None) -> str:
    """An empty root with the unpacked bundle, a /proc mount point, /etc/hosts and `files` (path → bytes)."""
    root = directory / "root"
    task = root / TASK_ROOT.lstrip("/")
    task.mkdir(parents=True)
    # unzip keeps the archive's unix modes, as Lambda does.
    subprocess.run(["unzip", "-q", bundle_path, "-d", str(task)], check=True)
    (root / "proc").mkdir()
    (root / "etc").mkdir()
    (root / "etc" / "hosts").write_text(f"127.0.0.1\tlocalhost {DYNAMODB_HOST}\n")
    for path, contents in (files or {}).items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(contents)
    return str(root)


def make_launcher(root: str, directory) -> str:
    path = directory / "bootstrap-in-chroot"
    tools = {name: host_tool(name) for name in ("sh", "unshare", "mount", "chroot")}
    path.write_text(LAUNCHER.format(root=root, task_root=TASK_ROOT, **tools))
    path.chmod(0o755)
    return str(path)


@pytest.fixture(scope="module")
def root(bundle_path, tmp_path_factory) -> str:
    """An empty root with the unpacked bundle, a /proc mount point and /etc/hosts; nothing else."""
    return make_root(bundle_path, tmp_path_factory.mktemp("lambda"))


@pytest.fixture(scope="module")
def launcher(root, tmp_path_factory) -> str:
    return make_launcher(root, tmp_path_factory.mktemp("launcher"))


@pytest.fixture(scope="module")
def stack(launcher, tmp_path_factory):
    """moto + the products table and the Runtime API, whose 'bootstrap' is the chrooted bundle."""
    logs = tmp_path_factory.mktemp("logs")
    moto_port = dynamodb.free_port()
    environment = {
        "LAMBDA_TASK_ROOT": TASK_ROOT,
        "LAMBDA_RUNTIME_DIR": TASK_ROOT,
        "AWS_ENDPOINT_URL_DYNAMODB": f"http://{DYNAMODB_HOST}:{moto_port}",
    }
    with open(logs / "bootstrap.log", "w", encoding="utf-8") as bootstrap_log, open(logs / "moto.log", "wb") as moto_log:
        with LocalStack(launcher, api_port=None, moto_port=moto_port, environment=environment,
                        bootstrap_log=bootstrap_log, moto_log=moto_log) as local:
            yield local


def bootstrap_output(stack) -> str:
    return "\n".join(f"[{line.stream}] {line.text}" for line in stack.runtime.logs.lines())


def invoke(stack, event_name: str) -> dict:
    """The token (from the stack's local issuer) is verified inside the chroot: RS256 over the static libcrypto,
    the JWKS fetched over the static libcurl."""
    result = stack.runtime.invoke(json.dumps(stack.with_token(load_event(event_name))))
    assert not result.is_error, f"{result.error_type}: {result.error_message}\n{bootstrap_output(stack)}"
    return result.json()


def test_zip_holds_only_the_executable_bootstrap(bundle_path):
    with zipfile.ZipFile(bundle_path) as archive:
        entries = archive.infolist()
    assert [entry.filename for entry in entries] == ["bootstrap"]
    mode = entries[0].external_attr >> 16
    assert stat.S_ISREG(mode) and stat.S_IMODE(mode) == 0o755


def test_bootstrap_is_fully_static_and_stripped(root):
    bootstrap = os.path.join(root, TASK_ROOT.lstrip("/"), "bootstrap")
    assert_fully_static(bootstrap)
    sections = subprocess.run(["readelf", "--section-headers", "--wide", bootstrap], check=True, capture_output=True, text=True).stdout
    assert ".symtab" not in sections, "bootstrap is not stripped"


def test_root_holds_nothing_but_the_bundle(root, stack):
    found = sorted(os.path.relpath(os.path.join(directory, name), root)
                   for directory, _, files in os.walk(root) if not directory.startswith(os.path.join(root, "proc"))
                   for name in files)
    assert found == ["etc/hosts", "var/task/bootstrap"]


def test_health_event_answers_ok_from_the_chroot(stack):
    response = invoke(stack, "health.json")
    assert response["statusCode"] == 200, response
    body = json.loads(response["body"])
    assert body["status"] == "ok", body


def test_create_product_reaches_dynamodb_by_host_name_from_the_chroot(stack):
    """SigV4 (libcrypto), HTTP over the static libcurl and a name lookup from /etc/hosts, all inside."""
    response = invoke(stack, "create-product.json")
    assert response["statusCode"] == 201, f"{response}\n{bootstrap_output(stack)}"
    product = json.loads(response["body"])
    assert product["name"] == json.loads(load_event("create-product.json")["body"])["name"]


# --- HTTPS, as on Lambda ---------------------------------------------------------------------------------
# The bundle's own TLS stack (static libcurl over static OpenSSL) against moto served by gunicorn over HTTPS
# with IAM auth on (the DynamoDB tests' peer), by host name, with the CA where Amazon Linux keeps the system
# bundle, and temporary credentials with a session token, as Lambda hands them out.
MOTO_PEER = os.path.join(PACKAGE_ROOT, "Tests", "DynamoDBTests", "Peers", "moto_peer.py")
AMAZON_LINUX_CA_BUNDLE = "etc/pki/tls/certs/ca-bundle.crt"


@pytest.fixture(scope="module")
def tls_dynamodb(tmp_path_factory):
    """HTTPS moto with IAM auth on and the products table; yields the peer's description (endpoint, keys, CA)."""
    workdir = tmp_path_factory.mktemp("tls-moto")
    peer = subprocess.Popen([sys.executable, MOTO_PEER, "tls", str(workdir)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        line = read_line(peer.stdout, timeout=120)
        assert line, "the HTTPS moto peer exited before it was ready"
        ready = json.loads(line)
        user = {"AWS_ACCESS_KEY_ID": ready["accessKeyId"], "AWS_SECRET_ACCESS_KEY": ready["secretAccessKey"]}
        dynamodb.create_products_table(ready["endpoint"], credentials=user, verify=ready["caBundle"])
        yield ready
    finally:
        peer.stdin.close()
        peer.wait(timeout=30)


def tls_runtime(bundle_path, directory, ready, files: dict[str, bytes]) -> RuntimeAPI:
    root = make_root(bundle_path, directory, files)
    port = ready["endpoint"].rsplit(":", 1)[1]
    environment = {
        "LAMBDA_TASK_ROOT": TASK_ROOT,
        "TABLE_NAME": dynamodb.DEFAULT_TABLE_NAME,
        # localhost: the name the peer's certificate carries, resolved by the root's /etc/hosts.
        "AWS_ENDPOINT_URL_DYNAMODB": f"https://localhost:{port}",
        "AWS_ACCESS_KEY_ID": ready["sessionAccessKeyId"],
        "AWS_SECRET_ACCESS_KEY": ready["sessionSecretAccessKey"],
        "AWS_SESSION_TOKEN": ready["sessionToken"],
        # The point here is TLS to DynamoDB; token verification in the bundle is the chroot stack's test.
        "AUTH_MODE": "none",
    }
    return RuntimeAPI(make_launcher(root, directory), environment=environment, region=ready["region"], timeout_seconds=10).start()


def test_create_product_over_https_trusting_the_amazon_linux_ca_bundle(bundle_path, tls_dynamodb, tmp_path):
    with open(tls_dynamodb["caBundle"], "rb") as ca:
        runtime = tls_runtime(bundle_path, tmp_path, tls_dynamodb, {AMAZON_LINUX_CA_BUNDLE: ca.read()})
    try:
        result = runtime.invoke(json.dumps(load_event("create-product.json")))
        logs = "\n".join(line.text for line in runtime.logs.lines())
        assert not result.is_error, f"{result.error_type}: {result.error_message}\n{logs}"
        response = result.json()
        assert response["statusCode"] == 201, f"{response}\n{logs}"
        product_id = json.loads(response["body"])["productId"]
        assert runtime.invoke(json.dumps(get_event(product_id))).json()["statusCode"] == 200
    finally:
        runtime.stop()


def subject_hash(pem_path: str) -> str:
    """OpenSSL's subject hash, the name a hashed CA directory files a certificate under."""
    return subprocess.run(["openssl", "x509", "-hash", "-noout", "-in", pem_path], check=True, capture_output=True,
                          text=True).stdout.strip()


# Where each system keeps its hashed CA directory and its bundle. The CA is only in the directory; the bundle
# holds an unrelated CA, so success proves the directory is found and used (as it is preferred when it exists).
HASHED_LAYOUTS = {
    "amazon-linux-2023": ("etc/pki/ca-trust/extracted/pem/directory-hash",
                          ["etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", AMAZON_LINUX_CA_BUNDLE]),
    "debian": ("etc/ssl/certs", ["etc/ssl/certs/ca-certificates.crt"]),
}


@pytest.mark.parametrize("layout", sorted(HASHED_LAYOUTS))
def test_create_product_over_https_trusting_a_hashed_ca_directory(bundle_path, tls_dynamodb, tmp_path, layout):
    directory, bundles = HASHED_LAYOUTS[layout]
    unrelated = tmp_path / "unrelated"
    unrelated.mkdir()
    spec = importlib.util.spec_from_file_location("moto_peer", MOTO_PEER)
    peer_module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(peer_module)
    with open(tls_dynamodb["caBundle"], "rb") as ca, open(peer_module.make_certificates(str(unrelated))["ca.pem"], "rb") as other:
        trusted, decoy = ca.read(), other.read()
    files = {f"{directory}/{subject_hash(tls_dynamodb['caBundle'])}.0": trusted, **{path: decoy for path in bundles}}
    runtime = tls_runtime(bundle_path, tmp_path, tls_dynamodb, files)
    try:
        result = runtime.invoke(json.dumps(load_event("create-product.json")))
        logs = "\n".join(line.text for line in runtime.logs.lines())
        assert not result.is_error, f"{result.error_type}: {result.error_message}\n{logs}"
        assert result.json()["statusCode"] == 201, f"{result.json()}\n{logs}"
    finally:
        runtime.stop()


def test_an_untrusted_certificate_is_refused_from_the_bundle(bundle_path, tls_dynamodb, tmp_path):
    """No CA in the root: verification fails, nothing is sent, the request gets a 503 (DynamoDB cannot be reached
    safely) and the log says why."""
    runtime = tls_runtime(bundle_path, tmp_path, tls_dynamodb, {})
    try:
        response = runtime.invoke(json.dumps(load_event("create-product.json"))).json()
        assert response["statusCode"] == 503, response
        assert json.loads(response["body"])["error"]["code"] == "ServiceUnavailable"
        # The function's ERROR line reaches the log pump after the response: wait for it, with a bound.
        def says_why(line) -> bool:
            text = line.text.lower()
            return line.stream == "stdout" and '"error"' in text and ("certificate" in text or "ssl" in text)
        runtime.logs.expect(says_why, "an ERROR naming the certificate or SSL")
    finally:
        runtime.stop()


def get_event(product_id: str) -> dict:
    event = load_event("get-product.json")
    event["path"] = f"/products/{product_id}"
    event["pathParameters"] = {"id": product_id}
    event["requestContext"]["path"] = f"/Prod/products/{product_id}"
    return event

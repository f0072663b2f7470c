"""The two functions under test, as the Runtime API launches them, and the files each reads to start.

- swift: the `bootstrap` executable itself (the binary from the Lambda zip when there is one).
- python: the same Products API in Python with boto3 under AWS's runtime interface client
  (python_function/products_handler.py). Lambda's managed Python runtimes start the interpreter from a
  shell `bootstrap`, so the comparator is launched the same way: a /bin/sh script that execs
  `python -m awslambdaric products_handler.handler`.
- floor: null_runtime.py, for warm latency only: what the harness itself adds to a round trip.

Both trust the same certificates: the system's CA bundle plus the local DynamoDB's test CA. The Swift
bootstrap reads the system bundle and adds AWS_CA_BUNDLE; botocore's AWS_CA_BUNDLE replaces its bundle,
so Python gets one file holding both.
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
import os
import platform
import shlex
import shutil

from . import page_cache
from .timed_runtime_api import TimedRuntimeAPI

_HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON_FUNCTION = os.path.join(_HERE, "python_function")
PYTHON_MODULES = ("products_handler.py", "products_rules.py", "products_store.py")
NULL_RUNTIME_SOURCE = os.path.join(_HERE, "null_runtime.py")
SYSTEM_CA_BUNDLES = ("/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt")
# The dynamic loader reads ld.so.cache (then unmaps it) in every start of a dynamically linked program.
_LOADER_CACHE = [path for path in ("/etc/ld.so.cache",) if os.path.isfile(path)]


@dataclasses.dataclass
class Function:
    name: str
    label: str
    executable: str
    handler: str
    environment: dict[str, str]
    # Started once with this handler to list the files a start reads.
    discovery_handler: str
    # Read at start but not mapped by the running process (so /proc/<pid>/maps cannot show them).
    extra_startup_files: list[str]
    # The command the shell bootstrap execs (Python) or the binary (Swift): what callgrind wraps.
    command: list[str] = dataclasses.field(default_factory=list)
    startup_files: list[str] = dataclasses.field(default_factory=list)

    def runtime_api(self, handler: str | None = None, executable: str | None = None, environment: dict | None = None,
                    timeout_seconds: float = 10.0) -> TimedRuntimeAPI:
        return TimedRuntimeAPI(
            executable or self.executable,
            environment={**self.environment, **(environment or {})},
            handler=handler or self.handler,
            timeout_seconds=timeout_seconds,
            init_timeout_seconds=max(10.0, timeout_seconds),
            memory_mb=256,
        )


def dynamodb_environment(endpoint: str, ca_file: str, table_name: str) -> dict[str, str]:
    return {
        "TABLE_NAME": table_name,
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_ENDPOINT_URL_DYNAMODB": endpoint,
        "AWS_CA_BUNDLE": ca_file,
        # The comparator verifies no tokens, so neither does the measured bootstrap; `make bench-jwt` prices a
        # verification on its own.
        "AUTH_MODE": "none",
    }


def swift(binary: str, environment: dict[str, str]) -> Function:
    binary = os.path.abspath(binary)
    return Function(
        name="swift",
        label="Swift bootstrap (static)",
        executable=binary,
        handler="bootstrap",
        environment=dict(environment),
        discovery_handler="bootstrap",
        extra_startup_files=[binary],
        command=[binary],
    )


def write_shell_bootstrap(directory: str, command: str) -> str:
    os.makedirs(directory, exist_ok=True)
    bootstrap = os.path.join(directory, "bootstrap")
    with open(bootstrap, "w") as script:
        script.write(f"#!/bin/sh\nexec {command}\n")
    os.chmod(bootstrap, 0o755)
    return bootstrap


def _fresh(directory: str, sources: list[str]) -> str:
    directory = os.path.abspath(directory)
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    for source in sources:
        shutil.copyfile(source, os.path.join(directory, os.path.basename(source)))
    return directory


def combined_ca_bundle(ca_file: str, target: str) -> str:
    """The system's CA bundle followed by the test CA, for botocore (whose AWS_CA_BUNDLE replaces its own)."""
    system = next((path for path in SYSTEM_CA_BUNDLES if os.path.isfile(path)), None)
    with open(target, "wb") as output:
        if system:
            with open(system, "rb") as source:
                output.write(source.read())
        with open(ca_file, "rb") as source:
            output.write(source.read())
    return target


def python(directory: str, interpreter: str, environment: dict[str, str]) -> Function:
    """The comparator's task root in `directory`: the handler modules and the shell bootstrap."""
    root = _fresh(directory, [os.path.join(PYTHON_FUNCTION, name) for name in PYTHON_MODULES])
    bootstrap = write_shell_bootstrap(root, '"$BENCH_PYTHON" -m awslambdaric "$_HANDLER"')
    environment = dict(environment)
    environment["AWS_CA_BUNDLE"] = combined_ca_bundle(environment["AWS_CA_BUNDLE"], os.path.join(root, "ca-bundle.pem"))
    interpreter = os.path.abspath(interpreter)  # not resolved: a venv's python finds its site-packages by its path
    return Function(
        name="python",
        label=f"Python {platform.python_version()} + boto3 {importlib.metadata.version('boto3')} + "
        f"awslambdaric {importlib.metadata.version('awslambdaric')}",
        executable=bootstrap,
        handler="products_handler.handler",
        environment={**environment, "BENCH_PYTHON": interpreter},
        discovery_handler="products_handler.loaded_files",
        extra_startup_files=[bootstrap, os.path.realpath("/bin/sh"), environment["AWS_CA_BUNDLE"], *_LOADER_CACHE],
        command=[interpreter, "-m", "awslambdaric", "products_handler.handler"],
    )


def floor(directory: str, interpreter: str) -> Function:
    """The do-nothing runtime (warm latency only: its startup means nothing)."""
    root = _fresh(directory, [NULL_RUNTIME_SOURCE])
    bootstrap = write_shell_bootstrap(root, '"$BENCH_PYTHON" -S null_runtime.py')
    return Function(
        name="floor",
        label="null runtime (raw-socket loop, fixed response)",
        executable=bootstrap,
        handler="null",
        environment={"BENCH_PYTHON": os.path.abspath(interpreter)},
        discovery_handler="null",
        extra_startup_files=[],
    )


def wrapped(function: Function, directory: str, prefix: list[str]) -> str:
    """A shell bootstrap in `directory` that runs the function's command under `prefix` (e.g. valgrind)."""
    root = os.path.abspath(directory)
    if function.name == "python":
        root = _fresh(directory, [os.path.join(PYTHON_FUNCTION, name) for name in PYTHON_MODULES])
    command = " ".join(shlex.quote(part) for part in [*prefix, *function.command])
    return write_shell_bootstrap(root, command)


def discover_startup_files(function: Function, event: bytes, check) -> list[str]:
    """Starts the function once (untimed), serves `event`, and lists what it read to get there: every file
    its process maps, plus what the discovery handler names (a Python process's imported modules, which it
    reads rather than maps), plus the function's extra files."""
    with function.runtime_api(function.discovery_handler) as api:
        result = api.invoke(event)
        if result.is_error:
            raise RuntimeError(f"{function.name}: {result.error_type}: {result.error_message}")
        files = set(page_cache.mapped_files(api.process_id))
        answer = result.json()
        listed = answer.get("files", []) if isinstance(answer, dict) else []
    if function.name == "swift":
        check(answer)
    files.update(path for path in listed if os.path.isfile(path))
    files.update(os.path.realpath(path) for path in function.extra_startup_files)
    function.startup_files = sorted(files)
    return function.startup_files

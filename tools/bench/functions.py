"""The two functions under test, as the Runtime API launches them, and the files each reads to start.

- swift: the `bootstrap` executable itself (the binary from the Lambda zip when there is one).
- python: AWS's runtime interface client serving python_function/health_handler.py. Lambda's managed Python
  runtimes start the interpreter from a shell `bootstrap` too, so the comparator is launched the same way:
  a two-line /bin/sh script that execs `python -m awslambdaric health_handler.handler`.
- floor: null_runtime.py, for warm latency only: what the harness itself adds to a round trip.
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
import os
import platform
import shutil

from . import page_cache
from .timed_runtime_api import TimedRuntimeAPI

_HERE = os.path.dirname(os.path.abspath(__file__))
HANDLER_SOURCE = os.path.join(_HERE, "python_function", "health_handler.py")
NULL_RUNTIME_SOURCE = os.path.join(_HERE, "null_runtime.py")

# Init reads these (any values do: init makes no network call); the endpoint is a closed local port so that
# nothing could ever leave the machine.
BASE_ENVIRONMENT = {
    "TABLE_NAME": "products",
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:9",
}
# The dynamic loader reads ld.so.cache (then unmaps it) in every start of a dynamically linked program.
_LOADER_CACHE = [path for path in ("/etc/ld.so.cache",) if os.path.isfile(path)]


@dataclasses.dataclass
class Function:
    name: str
    label: str
    executable: str
    handler: str
    environment: dict[str, str]
    # Started once with this handler to list the files a start reads (it must also answer the health event).
    discovery_handler: str
    # Read at start but not mapped by the running process (so /proc/<pid>/maps cannot show them).
    extra_startup_files: list[str]
    startup_files: list[str] = dataclasses.field(default_factory=list)

    def runtime_api(self, handler: str | None = None) -> TimedRuntimeAPI:
        return TimedRuntimeAPI(
            self.executable,
            environment=self.environment,
            handler=handler or self.handler,
            timeout_seconds=10.0,
        )


def swift(binary: str) -> Function:
    binary = os.path.abspath(binary)
    return Function(
        name="swift",
        label="Swift bootstrap (static)",
        executable=binary,
        handler="bootstrap",
        environment=dict(BASE_ENVIRONMENT),
        discovery_handler="bootstrap",
        extra_startup_files=[binary],
    )


def _task_root(directory: str, source: str, command: str) -> str:
    """A fresh `directory` holding a copy of `source` and a /bin/sh `bootstrap` that execs `command`."""
    directory = os.path.abspath(directory)
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    shutil.copyfile(source, os.path.join(directory, os.path.basename(source)))
    bootstrap = os.path.join(directory, "bootstrap")
    with open(bootstrap, "w") as script:
        script.write(f"#!/bin/sh\nexec {command}\n")
    os.chmod(bootstrap, 0o755)
    return bootstrap


def _python_environment(interpreter: str) -> dict[str, str]:
    # Not resolved: a venv's python finds its site-packages through the path it was started by.
    return {**BASE_ENVIRONMENT, "BENCH_PYTHON": os.path.abspath(interpreter)}


def python(directory: str, interpreter: str) -> Function:
    """The comparator's task root in `directory`: the handler module and the shell bootstrap."""
    bootstrap = _task_root(directory, HANDLER_SOURCE, '"$BENCH_PYTHON" -m awslambdaric "$_HANDLER"')
    return Function(
        name="python",
        label=f"Python {platform.python_version()} + awslambdaric {importlib.metadata.version('awslambdaric')}",
        executable=bootstrap,
        handler="health_handler.handler",
        environment=_python_environment(interpreter),
        discovery_handler="health_handler.loaded_files",
        extra_startup_files=[bootstrap, os.path.realpath("/bin/sh"), *_LOADER_CACHE],
    )


def floor(directory: str, interpreter: str) -> Function:
    """The do-nothing runtime (warm latency only: its startup means nothing)."""
    bootstrap = _task_root(directory, NULL_RUNTIME_SOURCE, '"$BENCH_PYTHON" -S null_runtime.py')
    return Function(
        name="floor",
        label="null runtime (raw-socket loop, fixed response)",
        executable=bootstrap,
        handler="null",
        environment=_python_environment(interpreter),
        discovery_handler="null",
        extra_startup_files=[],
    )


def discover_startup_files(function: Function, event: bytes, check) -> list[str]:
    """Starts the function once (untimed), serves `event`, and lists what it read to get there: every file
    its process maps, plus what the discovery handler names (a Python process's imported modules, which it
    reads rather than maps), plus the function's extra files."""
    with function.runtime_api(function.discovery_handler) as api:
        result = api.invoke(event)
        check(function, api, result, require_health=False)
        files = set(page_cache.mapped_files(api.process_id))
        listed = result.json().get("files", []) if isinstance(result.json(), dict) else []
    files.update(path for path in listed if os.path.isfile(path))
    files.update(os.path.realpath(path) for path in function.extra_startup_files)
    function.startup_files = sorted(files)
    return function.startup_files

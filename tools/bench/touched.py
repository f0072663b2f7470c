"""Bytes of the bundle a start reads from storage, as on Lambda where the bundle comes from cold storage on
first touch: the `bootstrap` is copied onto a fresh ext4 image, loop-mounted with readahead off
(`blockdev --setra 0`), its pages dropped, then started; `mincore` says which pages the start read in,
before the first `GET /next` (init) and before the first DynamoDB-backed response. Needs root (losetup,
mount); the loop device and the mount are always taken down again.

`mapped_estimate` is the cross-check that also works for Python, whose files cannot be moved onto an image:
the pages of each file the process maps (smaps Rss) plus, in full, the module files it read."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time

from . import page_cache
from .functions import Function
from .measure import BenchmarkError, invoke, wait_first_next
from .stats import summarize
from .workload import Workload


def _run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=60).stdout.strip()


class LoopImage:
    """An ext4 image of `size_bytes` mounted at a temporary directory through a loop device, readahead 0."""

    def __init__(self, workdir: str, size_bytes: int):
        self.workdir = os.path.abspath(workdir)
        self.size_bytes = size_bytes
        self.image = os.path.join(self.workdir, "bundle.ext4")
        self.mountpoint = ""
        self.device = ""

    def __enter__(self) -> "LoopImage":
        os.makedirs(self.workdir, exist_ok=True)
        try:
            with open(self.image, "wb") as image:
                image.truncate(self.size_bytes)
            _run("mkfs.ext4", "-q", "-F", self.image)
            self.device = _run("losetup", "--find", "--show", self.image)
            self.mountpoint = tempfile.mkdtemp(prefix="bench-mnt-", dir=self.workdir)
            _run("mount", "-t", "ext4", self.device, self.mountpoint)
            _run("blockdev", "--setra", "0", self.device)
        except BaseException:
            self.__exit__()
            raise
        return self

    @property
    def readahead_sectors(self) -> int:
        return int(_run("blockdev", "--getra", self.device))

    def __exit__(self, *exc) -> None:
        if self.mountpoint and os.path.ismount(self.mountpoint):
            for _ in range(10):  # bounded: a just-killed process may hold the file for a moment
                if subprocess.run(["umount", self.mountpoint], capture_output=True, timeout=60).returncode == 0:
                    break
                time.sleep(0.5)
        if self.device:
            subprocess.run(["losetup", "-d", self.device], capture_output=True, timeout=60)
            self.device = ""
        if self.mountpoint and not os.path.ismount(self.mountpoint):
            shutil.rmtree(self.mountpoint, ignore_errors=True)
        if os.path.exists(self.image):
            os.unlink(self.image)


def bundle_bytes_touched(function: Function, binary: str, workload: Workload | None, workdir: str, runs: int) -> dict:
    """Swift: the binary on a loop-mounted ext4 image with readahead off; bytes resident after init and after
    the first DynamoDB-backed response, over `runs` fresh starts (without a `workload`, after init only)."""
    if os.geteuid() != 0:
        return {"skipped": "needs root (losetup, mount)"}
    size = os.path.getsize(binary)
    at_init: list[float] = []
    at_response: list[float] = []
    image = LoopImage(workdir, size + 32 * 1024 * 1024)
    try:
        image.__enter__()
    except (OSError, subprocess.SubprocessError) as error:
        # A container without loop devices: say so rather than fail the whole run.
        detail = getattr(error, "stderr", "") or ""
        return {"skipped": f"no loop-mounted image here: {error} {detail}".strip()}
    try:
        target = os.path.join(image.mountpoint, "bootstrap")
        shutil.copy2(binary, target)
        os.sync()
        readahead = image.readahead_sectors
        if readahead != 0:
            raise BenchmarkError(f"readahead of {image.device} is {readahead} sectors, not 0")
        api = function.runtime_api(executable=target).start(launch=False)
        try:
            for _ in range(runs):
                api.end_process()
                left = page_cache.evict([target]).resident_bytes
                if left:
                    raise BenchmarkError(f"{left} bytes of {target} stayed cached after eviction")
                with api._state:  # launch now, with no event queued: it stops in its first GET /next
                    api._launch_locked()
                wait_first_next(api)
                at_init.append(float(page_cache.resident_bytes(target)))
                if workload is not None:
                    invoke(function, api, workload, "get")
                    at_response.append(float(page_cache.resident_bytes(target)))
            api.end_process()
        finally:
            api.stop()
    finally:
        image.__exit__()
    return {
        "file_bytes": size,
        "device_readahead_sectors": readahead,
        "runs": len(at_init),
        "at_first_next_bytes": summarize(at_init, digits=0),
        **({"at_first_response_bytes": summarize(at_response, digits=0)} if workload is not None else {}),
    }


def _smaps_rss_by_file(pid: int) -> dict[str, int]:
    by_file: dict[str, int] = {}
    current = None
    with open(f"/proc/{pid}/smaps") as smaps:
        for line in smaps:
            fields = line.split()
            if not fields:
                continue
            if "-" in fields[0] and len(fields) >= 5 and not fields[0].endswith(":"):
                current = fields[5] if len(fields) >= 6 and fields[5].startswith("/") else None
            elif fields[0] == "Rss:" and current:
                by_file[current] = by_file.get(current, 0) + int(fields[1]) * 1024
    return by_file


def mapped_estimate(function: Function, workload: Workload) -> dict:
    """After one start and its first DynamoDB-backed response: pages of mapped files resident in the process
    (smaps Rss, which also counts pages fault-around mapped from the cache), plus every non-mapped startup
    file (Python modules, the shell bootstrap) in full."""
    with function.runtime_api() as api:
        invoke(function, api, workload, "get")
        mapped = _smaps_rss_by_file(api.process_id)
    read_whole = [path for path in function.startup_files if path not in mapped]
    read_bytes = sum(os.path.getsize(path) for path in read_whole)
    return {
        "mapped_rss_bytes": sum(mapped.values()),
        "mapped_files": len(mapped),
        "read_files": len(read_whole),
        "read_files_bytes": read_bytes,
        "total_bytes": sum(mapped.values()) + read_bytes,
    }

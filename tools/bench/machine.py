"""What the figures were measured on: they mean little without the CPU, the load and the disk's readahead."""

from __future__ import annotations

import os
import platform


def _first(path: str, prefix: str) -> str | None:
    try:
        with open(path) as source:
            for line in source:
                if line.startswith(prefix):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def readahead_kib(path: str) -> int | None:
    """The readahead of the block device holding `path`: a page fault in an evicted file reads this much."""
    device = os.stat(path).st_dev
    try:
        with open(f"/sys/class/bdi/{os.major(device)}:{os.minor(device)}/read_ahead_kb") as value:
            return int(value.read())
    except (OSError, ValueError):
        return None


def describe(path: str) -> dict:
    memory_kib = _first("/proc/meminfo", "MemTotal")
    return {
        "cpu": _first("/proc/cpuinfo", "model name") or platform.processor(),
        "cpus": os.cpu_count(),
        "memory_gib": round(int(memory_kib.split()[0]) / 1024 / 1024, 1) if memory_kib else None,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "disk_readahead_kib": readahead_kib(path),
    }


def load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]

"""What a file has in the page cache, and dropping it, so a start can be measured as on Lambda, where the
bundle is read from cold storage on first touch.

Eviction is per file: fsync (dirty pages cannot be dropped), then posix_fadvise(DONTNEED). The kernel keeps
pages that some live process still maps (libc, or the interpreter this harness runs on), so callers verify
with `resident_bytes` (mincore) what actually left the cache rather than assume it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import dataclasses
import mmap
import os

_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
_libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
_libc.mmap.restype = ctypes.c_void_p
_libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
_libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
_libc.mincore.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_ubyte)]
_MAP_FAILED = ctypes.c_void_p(-1).value


def resident_bytes(path: str) -> int:
    """Bytes of `path` in the page cache (mincore on a mapping that is never touched, so it reads nothing in)."""
    size = os.path.getsize(path)
    if size == 0:
        return 0
    fd = os.open(path, os.O_RDONLY)
    try:
        address = _libc.mmap(None, size, mmap.PROT_READ, mmap.MAP_SHARED, fd, 0)
        if address in (None, _MAP_FAILED):
            raise OSError(ctypes.get_errno(), f"mmap {path}")
        try:
            pages = (size + _PAGE_SIZE - 1) // _PAGE_SIZE
            vector = (ctypes.c_ubyte * pages)()
            if _libc.mincore(address, size, vector) != 0:
                raise OSError(ctypes.get_errno(), f"mincore {path}")
            return min(size, sum(1 for flag in vector if flag & 1) * _PAGE_SIZE)
        finally:
            _libc.munmap(address, size)
    finally:
        os.close(fd)


@dataclasses.dataclass
class Residency:
    """How much of a set of files is cached; `by_file` lists only files with resident pages."""

    total_bytes: int
    resident_bytes: int
    by_file: dict[str, int]

    @staticmethod
    def of(paths: list[str]) -> "Residency":
        by_file: dict[str, int] = {}
        total = resident = 0
        for path in paths:
            total += os.path.getsize(path)
            cached = resident_bytes(path)
            resident += cached
            if cached:
                by_file[path] = cached
        return Residency(total, resident, by_file)


def evict(paths: list[str]) -> Residency:
    """Drops each file's clean pages from the page cache; returns what is still resident afterwards."""
    for path in paths:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)
    return Residency.of(paths)


def mapped_files(pid: int) -> list[str]:
    """The regular files a live process maps (its executable, shared libraries, locale archive, ...)."""
    paths: set[str] = set()
    with open(f"/proc/{pid}/maps") as maps:
        for line in maps:
            fields = line.split(maxsplit=5)
            if len(fields) == 6 and fields[5].startswith("/"):
                path = fields[5].rstrip("\n")
                if not path.endswith(" (deleted)") and os.path.isfile(path):
                    paths.add(os.path.realpath(path))
    return sorted(paths)

#!/usr/bin/env python3
"""What each part of the bootstrap weighs, from the GNU linker map the release link writes.

Usage: bundle-breakdown.py <linker map> [--json]

Sums the sizes of the allocated input sections (code, read-only data, data, unwind tables; not .bss,
which takes no bytes in the file, nor symbols and debug info, which `strip` removes) per input file, then
groups the files into parts: our modules, the Swift runtime, libcurl, OpenSSL, glibc, the C/C++ runtime.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections import defaultdict

# Output sections that occupy no bytes of the stripped file, or do not survive `strip`.
_SKIPPED_OUTPUT = re.compile(r"^\.(bss|tbss|comment|symtab|strtab|shstrtab|debug.*|note\.gnu\.gold-version|gnu_debuglink)$")
_OUTPUT_SECTION = re.compile(r"^([^\s*]\S*)")
# An input section: ` <section> <address> <size> <file>`, or the name alone with the rest on the next line.
_INPUT_SAME_LINE = re.compile(r"^ ([^\s*]\S*)\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S.*)$")
_INPUT_NAME_ONLY = re.compile(r"^ ([^\s*]\S*)$")
_INPUT_CONTINUED = re.compile(r"^\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S.*)$")
# What gold builds itself (merged .eh_frame, merged strings, headers): ` ** <kind> [<address> <size>]`.
_LINKER_SAME_LINE = re.compile(r"^ \*\* (.+?)\s+0x[0-9a-f]+\s+0x([0-9a-f]+)$")
_LINKER_NAME_ONLY = re.compile(r"^ \*\* (.+?)\s*$")
_LINKER_CONTINUED = re.compile(r"^\s+0x[0-9a-f]+\s+0x([0-9a-f]+)$")
_SWIFT_MODULE = re.compile(r"/([A-Za-z0-9_]+)\.build/[^/]+\.o$")
_ARCHIVE = re.compile(r"^(.*?/)?([^/()]+\.a)\((.+)\)$")
LINKER_PREFIX = "linker: "


def input_sizes(map_path: str) -> dict[str, int]:
    """Bytes per input file (an object, or `archive.a(member.o)`) over the allocated sections, plus what the
    linker built itself under `linker: <kind>` (it merges every .eh_frame into one table, for one)."""
    sizes: dict[str, int] = defaultdict(int)
    in_memory_map = False
    output_section = ""
    pending: str | None = None  # "input" or a linker kind, when the sizes follow on the next line
    with open(map_path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not in_memory_map:
                in_memory_map = line.startswith("Memory map") or line.startswith("Linker script and memory map")
                continue
            output = _OUTPUT_SECTION.match(line)
            if output:
                output_section = output.group(1)
                pending = None
                continue
            if _SKIPPED_OUTPUT.match(output_section):
                continue
            if pending is not None:
                if pending == "input":
                    continued = _INPUT_CONTINUED.match(line)
                    if continued:
                        sizes[continued.group(2).strip()] += int(continued.group(1), 16)
                else:
                    continued = _LINKER_CONTINUED.match(line)
                    if continued:
                        sizes[LINKER_PREFIX + pending] += int(continued.group(1), 16)
                pending = None
                continue
            if match := _INPUT_SAME_LINE.match(line):
                sizes[match.group(3).strip()] += int(match.group(2), 16)
            elif _INPUT_NAME_ONLY.match(line):
                pending = "input"
            elif match := _LINKER_SAME_LINE.match(line):
                sizes[LINKER_PREFIX + match.group(1)] += int(match.group(2), 16)
            elif match := _LINKER_NAME_ONLY.match(line):
                pending = match.group(1)
    return sizes


def part_of(input_file: str) -> tuple[str, str]:
    """(part, detail) for one input file: the part it counts towards and the library or module it came from."""
    if input_file.startswith(LINKER_PREFIX):
        return "linker-built (unwind tables, merged strings)", input_file[len(LINKER_PREFIX):]
    archive = _ARCHIVE.match(input_file)
    library = archive.group(2) if archive else os.path.basename(input_file)
    if archive is None:
        module = _SWIFT_MODULE.search(input_file)
        if module:
            return "our code", module.group(1)
    if "/swift_static/" in input_file or library.startswith("libswift") or library in ("libdispatch.a", "libBlocksRuntime.a") or library == "swiftrt.o":
        return "Swift runtime", library
    if library == "libcurl.a":
        return "libcurl", library
    if library in ("libssl.a", "libcrypto.a"):
        return "OpenSSL", library
    if library in ("libc.a", "libm.a", "libpthread.a", "libdl.a", "librt.a", "libresolv.a", "libm-2.36.a", "libmvec.a") or re.match(r"crt[1in]\.o$", library):
        return "glibc", library
    if library.startswith(("libstdc++", "libgcc", "libsupc++")) or library.startswith("crtbegin") or library.startswith("crtend"):
        return "C/C++ runtime (libstdc++, libgcc)", library
    return "other", library


def breakdown(map_path: str) -> dict:
    parts: dict[str, int] = defaultdict(int)
    details: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for input_file, size in input_sizes(map_path).items():
        part, detail = part_of(input_file)
        parts[part] += size
        details[part][detail] += size
    total = sum(parts.values())
    return {
        "total": total,
        "parts": [
            {
                "part": part,
                "bytes": size,
                "details": sorted(({"name": name, "bytes": bytes_} for name, bytes_ in details[part].items()), key=lambda d: -d["bytes"]),
            }
            for part, size in sorted(parts.items(), key=lambda item: -item[1])
        ],
    }


def human(size: int) -> str:
    return f"{size / 1_048_576:6.2f} MiB" if size >= 1_048_576 else f"{size / 1024:6.1f} KiB"


def main(argv: list[str]) -> int:
    if not argv or not os.path.isfile(argv[0]):
        print("usage: bundle-breakdown.py <linker map> [--json]", file=sys.stderr)
        return 2
    result = breakdown(argv[0])
    if "--json" in argv:
        json.dump(result, sys.stdout, indent=2)
        print()
        return 0
    total = result["total"]
    print(f"bootstrap contents by origin (allocated sections, {human(total).strip()} in all):")
    for part in result["parts"]:
        print(f"  {part['part']:<46} {human(part['bytes'])}  {100 * part['bytes'] / total:5.1f}%")
        shown = part["details"][:6] if part["part"] != "our code" else part["details"]
        for detail in shown:
            print(f"      {detail['name']:<42} {human(detail['bytes'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

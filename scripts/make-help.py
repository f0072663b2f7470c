#!/usr/bin/env python3
"""`make help`: every target of the Makefile and mk/*.mk, one line each, so new targets list themselves.

A target's line is, in this order of preference: a `## text` comment on its rule line; a `## text` line just
above the rule; the first line of the plain `#` comment block just above it. File targets (paths, variables)
and special targets are left out.
"""

from __future__ import annotations

import re
import sys

RULE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9_.-]*(?:[ \t]+[A-Za-z0-9][A-Za-z0-9_.-]*)*)[ \t]*:(?![=:])(.*)$")


def targets(paths: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for path in paths:
        with open(path, encoding="utf-8") as file:
            lines = file.read().splitlines()
        for index, line in enumerate(lines):
            match = RULE.match(line)
            if not match:
                continue
            names = match.group(1).split()
            rest = match.group(2)
            description = rest.split("## ", 1)[1].strip() if "## " in rest else describe_from_comments(lines, index)
            for name in names:
                if name.startswith(".") or "." in name and not name.replace(".", "").isalnum():
                    continue
                if description and not found.get(name):
                    found[name] = description
                else:
                    found.setdefault(name, "")
    return found


def describe_from_comments(lines: list[str], index: int) -> str:
    block: list[str] = []
    cursor = index - 1
    while cursor >= 0 and lines[cursor].startswith("#"):
        block.insert(0, lines[cursor])
        cursor -= 1
    for line in block:
        if line.startswith("## "):
            return line[3:].strip()
    return block[0].lstrip("#").strip() if block else ""


def main(paths: list[str]) -> int:
    found = targets(paths)
    width = max(len(name) for name in found)
    print("make <target>   (the README's two commands: `make run` and `make test`)\n")
    for name in sorted(found):
        print(f"  {name.ljust(width)}  {found[name] or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

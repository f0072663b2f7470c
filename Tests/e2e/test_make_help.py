"""`make help`: every target defined in the Makefile and mk/*.mk is listed, each on one line with a description."""

from __future__ import annotations

import glob
import os
import re
import subprocess

PACKAGE_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RULE = re.compile(r"^([a-zA-Z][\w.-]*(?:\s+[a-zA-Z][\w.-]*)*)\s*:(?![=:])", re.MULTILINE)


def defined_targets() -> set[str]:
    names: set[str] = set()
    for path in ["Makefile", *glob.glob("mk/*.mk", root_dir=PACKAGE_ROOT)]:
        with open(os.path.join(PACKAGE_ROOT, path), encoding="utf-8") as file:
            for match in RULE.finditer(file.read()):
                names.update(match.group(1).split())
    return names


def test_make_help_lists_every_target_once_with_a_description():
    result = subprocess.run(["make", "--no-print-directory", "help"], cwd=PACKAGE_ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    listed = {}
    for line in result.stdout.splitlines():
        match = re.match(r"^  (\S+)\s+(.+)$", line)
        if match:
            assert match.group(1) not in listed, f"{match.group(1)} listed twice"
            listed[match.group(1)] = match.group(2)
    assert set(listed) == defined_targets()
    undocumented = sorted(name for name, text in listed.items() if text == "-")
    assert not undocumented, f"targets without a `## ` comment: {undocumented}"
    assert "make run" in result.stdout and "make test" in result.stdout


def test_plain_make_prints_the_help():
    result = subprocess.run(["make", "--no-print-directory"], cwd=PACKAGE_ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "  watch " in result.stdout

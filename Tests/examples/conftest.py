"""Fixtures for Tests/examples (examples_support.py has the helpers): each example on its own local stack, once per
session, and the zip size and init report at the end."""

from __future__ import annotations

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from examples_support import example_stack, report_lines  # noqa: E402


@pytest.fixture(scope="session")
def hello_world(tmp_path_factory):
    with example_stack("HelloWorld", "HELLO_WORLD_BOOTSTRAP", tmp_path_factory) as stack:
        yield stack


@pytest.fixture(scope="session")
def notes(tmp_path_factory):
    with example_stack("Notes", "NOTES_BOOTSTRAP", tmp_path_factory) as stack:
        yield stack


def pytest_terminal_summary(terminalreporter):
    """Printed after the results: what `make examples-test` reports."""
    for line in report_lines():
        terminalreporter.write_line(line)

"""Fixtures for the deployment tests (helpers live in deploy_support.py)."""

from __future__ import annotations

import pytest

from deploy_support import TEMPLATE_PATH, load_template


@pytest.fixture(scope="session")
def template() -> dict:
    return load_template(TEMPLATE_PATH)


@pytest.fixture(scope="session")
def function(template) -> dict:
    return template["Resources"]["ProductsFunction"]

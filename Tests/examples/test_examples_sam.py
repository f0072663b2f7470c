"""Each example's own SAM template lints clean and `sam build` (makefile builder, offline) turns it into the
static, stripped bootstrap as the function's only file, as for the toolkit's own template."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from examples_support import EXAMPLES, PACKAGE_ROOT

sys.path.insert(0, os.path.join(PACKAGE_ROOT, "Tests", "deploy"))
from deploy_support import SAM_ENV, VENV_BIN, assert_fully_static  # noqa: E402

FUNCTIONS = {"HelloWorld": "HelloWorldFunction", "Notes": "NotesFunction"}


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_the_template_lints_clean(name):
    result = subprocess.run([os.path.join(VENV_BIN, "cfn-lint"), "template.yaml"], cwd=os.path.join(EXAMPLES, name),
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_sam_build_offline_gives_a_static_stripped_bootstrap(name, tmp_path):
    # `unshare -n`: no network at all, so a build that tried to download anything would fail.
    result = subprocess.run(["unshare", "-n", os.path.join(VENV_BIN, "sam"), "build", "--build-dir", str(tmp_path / "build")],
                            cwd=os.path.join(EXAMPLES, name), env=SAM_ENV, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    artifacts = tmp_path / "build" / FUNCTIONS[name]
    assert sorted(os.listdir(artifacts)) == ["bootstrap"]
    bootstrap = artifacts / "bootstrap"
    assert os.stat(bootstrap).st_mode & 0o777 == 0o755
    assert_fully_static(str(bootstrap))
    sections = subprocess.run(["readelf", "--section-headers", "--wide", str(bootstrap)], check=True, capture_output=True, text=True).stdout
    assert ".symtab" not in sections, "not stripped"

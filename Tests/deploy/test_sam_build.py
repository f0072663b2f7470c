"""`sam build` works offline and yields the same static bootstrap, stripped, as the function's only file."""

from __future__ import annotations

import os
import subprocess

from deploy_support import PACKAGE_ROOT, SAM_ENV, VENV_BIN, assert_fully_static, load_template


def test_sam_build_offline_gives_a_static_stripped_bootstrap(tmp_path):
    build_dir = tmp_path / "build"
    # `unshare -n`: a network namespace with no interface up, so any download would fail the build.
    result = subprocess.run(
        ["unshare", "-n", os.path.join(VENV_BIN, "sam"), "build", "--build-dir", str(build_dir)],
        cwd=PACKAGE_ROOT, env=SAM_ENV, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]

    artifacts = build_dir / "ProductsFunction"
    assert sorted(os.listdir(artifacts)) == ["bootstrap"]
    bootstrap = artifacts / "bootstrap"
    assert os.stat(bootstrap).st_mode & 0o777 == 0o755
    assert_fully_static(str(bootstrap))
    sections = subprocess.run(["readelf", "--section-headers", "--wide", str(bootstrap)], check=True, capture_output=True, text=True).stdout
    assert ".symtab" not in sections and ".debug_info" not in sections, "not stripped"

    built = load_template(str(build_dir / "template.yaml"))
    assert built["Resources"]["ProductsFunction"]["Properties"]["CodeUri"] == "ProductsFunction"

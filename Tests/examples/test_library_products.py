"""Every library product Package.swift exports has its DocC catalog (an overview page named after the module) and
is in `make docs-build`'s module list, so a product added later cannot ship undocumented or unbuilt."""

from __future__ import annotations

import re
import subprocess

from examples_support import PACKAGE_ROOT


def library_products() -> list[str]:
    with open(f"{PACKAGE_ROOT}/Package.swift", encoding="utf-8") as manifest:
        return re.findall(r'\.library\(name: "(\w+)", targets: \["\1"\]\)', manifest.read())


def test_the_manifest_exports_the_toolkits_layers():
    assert {"LambdaRuntime", "HTTPEvents", "HTTPRouter", "DynamoDB", "Auth", "Telemetry"} <= set(library_products())


def test_every_library_product_has_a_catalog_and_is_built_by_docs_build():
    modules = subprocess.run(
        ["make", "-s", "--no-print-directory", "--eval", "print-doc-modules: ; @echo $(DOC_MODULES)", "print-doc-modules"],
        cwd=PACKAGE_ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert sorted(modules) == sorted(library_products())
    for module in modules:
        with open(f"{PACKAGE_ROOT}/Sources/{module}/{module}.docc/{module}.md", encoding="utf-8") as page:
            assert page.readline().strip() == f"# ``{module}``", module

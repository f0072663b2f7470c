"""Helpers for the deployment tests: paths, the SAM template, the events and ELF inspection.

The template is read with the local stack's loader (tools/local/template.py), which keeps CloudFormation's
short tags (!Ref, !Sub, !GetAtt) as `CfnTag` values."""

from __future__ import annotations

import os
import subprocess
import sys

PACKAGE_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
if PACKAGE_ROOT not in sys.path:
    sys.path.insert(0, PACKAGE_ROOT)

from tools.local.sample_events import EVENTS_DIR, event_names, load_event  # noqa: E402,F401 - shared with the e2e tests
from tools.local.template import CfnTag, load_template  # noqa: E402

VENV_BIN = os.path.join(PACKAGE_ROOT, ".venv", "bin")
SAM_ENV = {**os.environ, "SAM_CLI_TELEMETRY": "0"}
TEMPLATE_PATH = os.path.join(PACKAGE_ROOT, "template.yaml")


def expanded_template() -> dict:
    """The template as CloudFormation receives it after SAM's transform (samtranslator, offline: no AWS call, the
    region given; where SAM resolves a parameter itself, such as DeploymentPreference's Type, its default)."""
    from samtranslator.translator.transform import transform
    from samtranslator.yaml_helper import yaml_parse

    with open(TEMPLATE_PATH, encoding="utf-8") as handle:
        document = yaml_parse(handle.read())
    document["Resources"]["ProductsFunction"]["Properties"]["CodeUri"] = "s3://bucket/key.zip"

    class Policies:
        def load(self):
            return {name: f"arn:aws:iam::aws:policy/{name}" for name in ("AWSLambdaBasicExecutionRole", "AWSXrayWriteOnlyAccess", "AWSLambdaRole")}

    os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-1")
    return transform(document, {"AWS::Region": "eu-west-1", "AWS::Partition": "aws"}, Policies())


def elf_program_headers(path: str) -> str:
    return subprocess.run(["readelf", "--program-headers", "--wide", path], check=True, capture_output=True, text=True).stdout


def elf_dynamic_section(path: str) -> str:
    return subprocess.run(["readelf", "--dynamic", path], check=True, capture_output=True, text=True).stdout


def assert_fully_static(path: str) -> None:
    """No PT_INTERP (no dynamic loader) and no DT_NEEDED (no shared library)."""
    headers = elf_program_headers(path)
    assert "LOAD" in headers, headers  # it is an ELF executable at all
    assert "INTERP" not in headers, f"{path} asks for a dynamic loader:\n{headers}"
    dynamic = elf_dynamic_section(path)
    assert "(NEEDED)" not in dynamic, f"{path} needs shared libraries:\n{dynamic}"
    description = subprocess.run(["file", "--brief", path], check=True, capture_output=True, text=True).stdout
    assert "statically linked" in description, description


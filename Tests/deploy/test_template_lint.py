"""cfn-lint finds nothing, not even a warning, in template.yaml as written and in what CloudFormation receives
(SAM's expansion: there the function is an AWS::Lambda::Function, and cfn-lint checks every value a `!Ref` to
a parameter can take). A warning makes cfn-lint exit non-zero, which fails `make template-test`."""

from __future__ import annotations

import json
import os
import subprocess

from deploy_support import TEMPLATE_PATH, VENV_BIN, expanded_template

CFN_LINT = os.path.join(VENV_BIN, "cfn-lint")
# Only in the offline expansion: SAM resolved DeploymentPreference's `!Ref DeploymentStrategy` to the parameter's
# default itself, so nothing references the parameter any more (a real deploy's transform uses the given value).
EXPANSION_ONLY = ["W2001"]


def lint(path: str, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([CFN_LINT, *options, "--", path], capture_output=True, text=True, timeout=300)


def expanded_without_the_runtime_exemption(tmp_path) -> str:
    document = expanded_template()
    del document["Resources"]["ProductsFunction"]["Metadata"]["cfn-lint"]
    path = tmp_path / "expanded-unexempted.json"
    path.write_text(json.dumps(document))
    return str(path)


def test_the_template_lints_clean():
    result = lint(TEMPLATE_PATH)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_the_expanded_template_lints_clean(tmp_path):
    path = tmp_path / "expanded.json"
    path.write_text(json.dumps(expanded_template()))
    result = lint(str(path), "--ignore-checks", *EXPANSION_ONLY)
    assert (result.returncode, result.stdout) == (0, ""), result.stdout


def test_the_runtime_exemption_is_scoped_to_the_function_and_to_w1030(template, function):
    """provided.al2 stays selectable (LambdaRuntime's AllowedValues), which cfn-lint warns about as deprecated
    (W1030, the Ref resolved to it); the exemption is on the function alone, nowhere else."""
    assert function["Metadata"]["cfn-lint"] == {"config": {"ignore_checks": ["W1030"]}}
    others = [name for name, resource in template["Resources"].items() if name != "ProductsFunction" and "cfn-lint" in (resource.get("Metadata") or {})]
    assert others == [] and "cfn-lint" not in (template.get("Metadata") or {})


def test_without_the_exemption_the_warning_fails_the_lint(tmp_path):
    """The check the exemption answers is real, it is the runtime alone, and a warning alone makes cfn-lint (so
    make) fail."""
    result = lint(expanded_without_the_runtime_exemption(tmp_path), "--ignore-checks", *EXPANSION_ONLY)
    assert result.returncode != 0
    findings = [line for line in result.stdout.splitlines() if line.startswith(("E", "W", "I"))]
    # The exemption hides this and nothing else of the function's: no other of its Refs resolves to a warning.
    assert findings and all(line.startswith("W1030 Runtime {'Ref': 'LambdaRuntime'}") and "provided.al2" in line for line in findings), result.stdout

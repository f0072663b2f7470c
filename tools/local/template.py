"""Reads what the local stack needs from `template.yaml`: the table's properties, the function's settings and
its API routes. CloudFormation short tags (!Ref, !Sub, !GetAtt, ...) are kept as `CfnTag` values rather than
rejected, so a real SAM template loads with PyYAML's safe loader."""

from __future__ import annotations

import dataclasses
import os
from typing import Any

import yaml

PACKAGE_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_TEMPLATE = os.path.join(PACKAGE_ROOT, "template.yaml")

# Lambda's defaults when a function does not say otherwise.
DEFAULT_TIMEOUT_SECONDS = 3
DEFAULT_MEMORY_MB = 128


@dataclasses.dataclass(frozen=True)
class CfnTag:
    """An intrinsic function the local stack cannot evaluate, e.g. `!Ref ProductsTable`."""

    tag: str
    value: Any


class _CfnLoader(yaml.SafeLoader):
    pass


def _construct_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> CfnTag:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return CfnTag(suffix, value)


_CfnLoader.add_multi_constructor("!", _construct_tag)


def load_template(path: str = DEFAULT_TEMPLATE) -> dict:
    with open(path, encoding="utf-8") as handle:
        document = yaml.load(handle, Loader=_CfnLoader)  # noqa: S506 - a SafeLoader subclass
    if not isinstance(document, dict):
        raise ValueError(f"{path}: not a CloudFormation template")
    return document


def table_logical_id(template: dict) -> str | None:
    """ProductsTable, else the template's only DynamoDB table (a function package of its own: Examples/Notes);
    None when it has none (Examples/HelloWorld)."""
    resources = template.get("Resources", {}) or {}
    tables = [name for name, res in resources.items() if isinstance(res, dict) and res.get("Type") == "AWS::DynamoDB::Table"]
    if "ProductsTable" in tables:
        return "ProductsTable"
    return tables[0] if len(tables) == 1 else None


def table_properties(template: dict, logical_id: str | None = None) -> dict:
    resources = template.get("Resources", {}) or {}
    logical_id = logical_id or table_logical_id(template) or "ProductsTable"
    resource = resources.get(logical_id)
    if not resource:
        raise KeyError(f"template has no resource {logical_id}")
    return resource.get("Properties", {})


@dataclasses.dataclass
class FunctionSettings:
    """What Lambda would configure for the function; defaults when the template has no function yet."""

    logical_id: str = "ProductsFunction"
    function_name: str = "products-function"
    handler: str = "bootstrap"
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS
    memory_mb: int = DEFAULT_MEMORY_MB
    # Only plain string values: anything computed by CloudFormation is supplied by the local stack instead.
    environment: dict[str, str] = dataclasses.field(default_factory=dict)
    # API Gateway (REST) resources routed to the function, as (resource path, method); method "ANY" matches all.
    routes: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    # LoggingConfig.LogFormat: with JSON, Lambda also sets AWS_LAMBDA_LOG_FORMAT and AWS_LAMBDA_LOG_LEVEL.
    log_format: str = "Text"


_FUNCTION_TYPES = ("AWS::Serverless::Function", "AWS::Lambda::Function")


def function_settings(template: dict, logical_id: str | None = None) -> FunctionSettings:
    resources = template.get("Resources", {}) or {}
    candidates = [(name, res) for name, res in resources.items() if isinstance(res, dict) and res.get("Type") in _FUNCTION_TYPES]
    if logical_id is not None:
        candidates = [(name, res) for name, res in candidates if name == logical_id]
    settings = FunctionSettings()
    if not candidates:
        return settings
    name, resource = candidates[0]
    properties = dict(((template.get("Globals") or {}).get("Function") or {}))
    properties.update(resource.get("Properties") or {})
    settings.logical_id = name
    # Without a FunctionName, `sam local` names the function by its logical id; so does the local stack.
    function_name = properties.get("FunctionName")
    settings.function_name = function_name if isinstance(function_name, str) else name
    if isinstance(properties.get("Handler"), str):
        settings.handler = properties["Handler"]
    if isinstance(properties.get("Timeout"), (int, float)):
        settings.timeout_seconds = properties["Timeout"]
    if isinstance(properties.get("MemorySize"), int):
        settings.memory_mb = properties["MemorySize"]
    variables = ((properties.get("Environment") or {}).get("Variables")) or {}
    for key, value in variables.items():
        value = _parameter_default(template, value)
        if isinstance(value, (str, int, float, bool)):
            settings.environment[key] = str(value)
    log_format = (properties.get("LoggingConfig") or {}).get("LogFormat")
    if isinstance(log_format, str):
        settings.log_format = log_format
    for event in (properties.get("Events") or {}).values():
        if isinstance(event, dict) and event.get("Type") == "Api":
            event_properties = event.get("Properties") or {}
            path, method = event_properties.get("Path"), event_properties.get("Method", "ANY")
            if isinstance(path, str) and isinstance(method, str):
                settings.routes.append((path, method.upper()))
    return settings


def _parameter_default(template: dict, value: Any) -> Any:
    """`!Ref Parameter` becomes the parameter's default (what a deploy without overrides would use)."""
    if isinstance(value, CfnTag) and value.tag == "Ref" and isinstance(value.value, str):
        parameter = (template.get("Parameters") or {}).get(value.value)
        if isinstance(parameter, dict) and "Default" in parameter:
            return parameter["Default"]
    return value


def minimum_compression_size(template: dict, logical_id: str = "ProductsApi") -> int | None:
    """The REST API's MinimumCompressionSize (a number or `!Ref` to a parameter's default), else None."""
    resource = (template.get("Resources") or {}).get(logical_id) or {}
    value = _parameter_default(template, (resource.get("Properties") or {}).get("MinimumCompressionSize"))
    try:
        return None if value is None or isinstance(value, CfnTag) else int(value)
    except (TypeError, ValueError):
        return None


def tracing_active(template: dict, logical_id: str = "ProductsFunction") -> bool:
    """Whether the function's X-Ray tracing is Active (Globals or the function's own Tracing)."""
    resource = (template.get("Resources") or {}).get(logical_id) or {}
    tracing = (resource.get("Properties") or {}).get("Tracing", ((template.get("Globals") or {}).get("Function") or {}).get("Tracing"))
    return _parameter_default(template, tracing) == "Active"

"""The CloudWatch Embedded Metric Format specification's rules, checked on one log line, independent of the
code that wrote it."""

from __future__ import annotations

import json
import numbers

UNITS = {
    "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes",
    "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second",
    "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second",
    "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second", "None",
}
MAX_METRICS = 100
MAX_DIMENSIONS = 30
MAX_VALUES = 100


def is_emf(line: str) -> bool:
    try:
        document = json.loads(line)
    except ValueError:
        return False
    return isinstance(document, dict) and "_aws" in document


def validate(line: str) -> dict:
    """The document, or AssertionError naming the broken rule."""
    document = json.loads(line)
    assert isinstance(document, dict), "root must be an object"
    metadata = document.get("_aws")
    assert isinstance(metadata, dict), "_aws must be an object"
    timestamp = metadata.get("Timestamp")
    assert isinstance(timestamp, int) and not isinstance(timestamp, bool) and timestamp > 1_500_000_000_000, f"Timestamp {timestamp!r}: epoch milliseconds"
    directives = metadata.get("CloudWatchMetrics")
    assert isinstance(directives, list) and directives, "CloudWatchMetrics must be a non-empty array"
    for directive in directives:
        namespace = directive.get("Namespace")
        assert isinstance(namespace, str) and 1 <= len(namespace) <= 1024, f"Namespace {namespace!r}"
        dimension_sets = directive.get("Dimensions")
        assert isinstance(dimension_sets, list), "Dimensions must be an array of arrays"
        for dimension_set in dimension_sets:
            assert isinstance(dimension_set, list) and len(dimension_set) <= MAX_DIMENSIONS, f"dimension set {dimension_set!r}"
            for name in dimension_set:
                assert isinstance(name, str) and name, f"dimension name {name!r}"
                value = document.get(name)
                assert isinstance(value, str) and 1 <= len(value) <= 1024, f"dimension {name} needs a string member, got {value!r}"
        metrics = directive.get("Metrics")
        assert isinstance(metrics, list) and 1 <= len(metrics) <= MAX_METRICS, f"{len(metrics or [])} metrics in one directive"
        for metric in metrics:
            name = metric.get("Name")
            assert isinstance(name, str) and 1 <= len(name) <= 1024, f"metric name {name!r}"
            assert metric.get("Unit", "None") in UNITS, f"unit {metric.get('Unit')!r} of {name}"
            assert name in document, f"metric {name} is declared but has no value"
            value = document[name]
            values = value if isinstance(value, list) else [value]
            assert 1 <= len(values) <= MAX_VALUES, f"{name}: {len(values)} values"
            for item in values:
                assert isinstance(item, numbers.Number) and not isinstance(item, bool), f"{name} value {item!r} is not a number"
    return document

"""Order statistics for a list of samples (linear interpolation between closest ranks, as numpy's default)."""

from __future__ import annotations


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        raise ValueError("no samples")
    position = fraction * (len(ordered) - 1)
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def summarize(samples: list[float], digits: int = 3) -> dict[str, float | int]:
    """n, median, p90, p99, min, max and mean, rounded to `digits` decimals."""
    summary = {
        "median": percentile(samples, 0.5),
        "p90": percentile(samples, 0.9),
        "p99": percentile(samples, 0.99),
        "min": min(samples),
        "max": max(samples),
        "mean": sum(samples) / len(samples),
    }
    return {"n": len(samples), **{name: round(value, digits) for name, value in summary.items()}}

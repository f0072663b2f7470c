"""bench/chart.png: Swift next to Python + boto3 for the figures users pay for (matplotlib, Agg backend)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 - after the backend is chosen

PANELS = [
    ("Cold start (ms, page cache evicted, p50, log scale)", ["init_evicted_median_ms", "first_response_evicted_median_ms"],
     ["init", "1st DynamoDB\nresponse"], 1, True),
    ("Instructions (millions, log scale)", ["instructions_start_to_first_response", "instructions_new_connection_get",
                                            "instructions_health", "instructions_get"],
     ["start → 1st\nresponse", "new\nconnection", "warm\nhealth", "warm\nget"], 1e6, True),
    ("CPU time per warm invocation (µs)", ["cpu_health_us", "cpu_get_us", "cpu_create_us", "cpu_list_us", "cpu_update_us"],
     ["health", "get", "create", "list", "update"], 1, False),
    ("Memory and size (MB)", ["peak_rss_bytes", "files_touched_estimate", "zip_bytes"],
     ["peak RSS", "files touched\nat start", "zip"], 1e6, False),
]
COLOURS = {"swift": "#f05138", "python": "#3572a5"}


def render(results: dict, path: str) -> None:
    rows = {row["key"]: row for row in results["figures"]}
    figure, axes = plt.subplots(2, 2, figsize=(12, 8))
    for axis, (title, keys, labels, scale, log) in zip(axes.flat, PANELS):
        positions = range(len(keys))
        for offset, side in ((-0.2, "swift"), (0.2, "python")):
            values = [(rows.get(key, {}).get(side) or 0) / scale for key in keys]
            bars = axis.bar([p + offset for p in positions], values, width=0.4, color=COLOURS[side],
                            label=results["functions"][side].split(" (")[0] if side == "swift" else "Python + boto3")
            for bar, value in zip(bars, values):
                if value:
                    axis.annotate(f"{value:,.0f}" if value >= 100 else f"{value:.3g}", (bar.get_x() + bar.get_width() / 2, bar.get_height()), ha="center",
                                  va="bottom", fontsize=7)
        axis.set_xticks(list(positions), labels, fontsize=8)
        axis.set_title(title, fontsize=10)
        if log:
            axis.set_yscale("log")
        axis.legend(fontsize=8)
    machine = results["machine"]
    figure.suptitle(f"Swift bootstrap vs Python + boto3 under awslambdaric — {results['date'][:10]}, {machine['cpu']}, "
                    f"{machine['cpus']} CPUs ({results['mode']} run)", fontsize=10)
    figure.tight_layout()
    figure.savefig(path, dpi=90)
    plt.close(figure)

"""The compact table `make bench-runtime` prints (the JSON holds everything, this only the headline)."""

from __future__ import annotations

MIB = 1024 * 1024


def _mib(value: float) -> str:
    return f"{value / MIB:.1f} MiB"


def _row(label: str, runtime: str, stats: dict, columns: tuple[str, ...], unit_digits: int) -> str:
    cells = "".join(f"{stats[column]:>9.{unit_digits}f}" for column in columns)
    return f"  {label:<46}{runtime:<8}{cells}"


def table(results: dict) -> str:
    runtimes = results["runtimes"]
    machine = results["machine"]
    lines = [
        f"machine: {machine['cpu']}, {machine['cpus']} CPUs, {machine['memory_gib']} GiB, Linux {machine['kernel']}; "
        f"load average {results['load_average_before']} -> {results['load_average_after']}; "
        f"disk readahead {machine['disk_readahead_kib']} KiB",
    ]
    for name, runtime in runtimes.items():
        lines.append(f"  {name:<7} {runtime['label']}: {runtime['executable']}")
    startup_columns = ("median", "p90", "min", "max")
    first = next(iter(runtimes.values()))
    lines.append("")
    lines.append(f"startup, ms (N={first['start_evicted']['runs']} each)" + " " * 33 + "".join(f"{c:>9}" for c in startup_columns))
    for cache in ("start_evicted", "start_cached"):
        cache_label = "page cache evicted" if cache == "start_evicted" else "page cache warm"
        for metric, metric_label in (("launch_to_first_next_ms", "launch -> 1st GET /next"), ("launch_to_first_response_ms", "launch -> 1st response")):
            for name, runtime in runtimes.items():
                lines.append(_row(f"{cache_label}, {metric_label}", name, runtime[cache][metric], startup_columns, 1))
    for name, runtime in runtimes.items():
        cold = runtime["start_evicted"]
        lines.append(
            f"  {name}: evicted {cold['startup_files']} files ({_mib(cold['startup_files_bytes'])}); "
            f"{_mib(cold['resident_after_eviction_bytes'])} stayed cached (mapped by other processes); "
            f"{_mib(cold['read_in_during_start_bytes']['median'])} read back in per start"
        )
    latency_columns = ("median", "p90", "p99", "max")
    lines.append("")
    lines.append(f"warm invocations, µs (M={first['invocations']['invocations']} each)" + " " * 25 + "".join(f"{c:>9}" for c in latency_columns))
    for metric, metric_label in (("runtime_api_round_trip_us", "event handed out -> response read"), ("invoke_call_us", "invoke() call -> return")):
        for name, runtime in runtimes.items():
            lines.append(_row(metric_label, name, runtime["invocations"][metric], latency_columns, 0))
        if "floor" in results:
            lines.append(_row(metric_label, "floor", results["floor"]["invocations"][metric], latency_columns, 0))
    if "floor" in results:
        lines.append(f"  (floor: {results['floor']['label']}, the harness's own share of a round trip)")
    lines.append("")
    lines.append("memory, peak RSS (VmHWM)")
    for name, runtime in runtimes.items():
        after_first = runtime["invocations"]["memory_after_first_invocation_kib"]["VmHWM"]
        after_all = runtime["invocations"]["memory_after_invocations_kib"]["VmHWM"]
        lines.append(f"  {name:<7} {after_first / 1024:.1f} MiB after the 1st invocation, {after_all / 1024:.1f} MiB after all")
    bundle = results["bundle"]
    lines.append("")
    if bundle.get("zip_bytes") is not None:
        lines.append(
            f"bundle: {bundle['zip']} {_mib(bundle['zip_bytes'])} ({bundle['zip_bytes']} bytes); bootstrap unzipped "
            f"{_mib(bundle['bootstrap_bytes'])} ({bundle['bootstrap_bytes']} bytes); unstripped build {_mib(bundle['built_bootstrap_bytes'])}"
        )
    else:
        lines.append(f"bundle: no zip; built bootstrap {_mib(bundle['built_bootstrap_bytes'])} ({bundle['built_bootstrap_bytes']} bytes)")
    return "\n".join(lines)

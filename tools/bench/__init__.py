"""Benchmarks run by `make bench`. `python -m tools.bench.runtime`: startup (page cache evicted and warm),
warm invocation latency, memory and bundle size of the Swift `bootstrap`, next to AWS's Python runtime
interface client (awslambdaric) serving the same health event through the same local Runtime API."""

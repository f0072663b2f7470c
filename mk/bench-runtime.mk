# Startup (page cache evicted and warm), warm invocation latency, memory and bundle size of the Lambda
# bootstrap, next to Python + awslambdaric serving the same health event (tools/bench/runtime.py says how).
# Results: the table on stdout, everything in .build/bench/runtime.json. About 10 s; every loop is bounded.
# make bench-runtime [BENCH_RUNTIME_ARGS="--runs 50 --invocations 2000"]
.PHONY: bench-runtime

bench: bench-runtime

BENCH_RUNTIME_ARGS ?=

## startup, warm latency, memory and size next to Python + awslambdaric
bench-runtime: bundle venv
	$(PYTHON) -m tools.bench.runtime --bootstrap $(BOOTSTRAP) --bundle $(or $(BUNDLE),dist/bootstrap.zip) \
		--output .build/bench/runtime.json $(BENCH_RUNTIME_ARGS)

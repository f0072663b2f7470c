# Many invocations per environment (Lambda Managed Instances, AWS_LAMBDA_MAX_CONCURRENCY).
.PHONY: concurrency-tsan-test bench-concurrency

# The concurrent-worker tests under ThreadSanitizer, in their own build folder (a full instrumented build).
concurrency-tsan-test: deps venv
	PEER_PYTHON=$(abspath $(PYTHON)) $(SWIFT) test --sanitize=thread --scratch-path .build-tsan --filter ConcurrentWorkersTests

test: concurrency-tsan-test

# make bench-concurrency [BENCH_CONCURRENCY_ARGS="--seconds 5 --delay-ms 20"]: throughput of one environment
# at AWS_LAMBDA_MAX_CONCURRENCY 1, 2, 4, 8; results in bench/concurrency.json.
BENCH_CONCURRENCY_ARGS ?=
bench-concurrency: build venv
	$(PYTHON) -m tools.bench.concurrency --bootstrap $(BOOTSTRAP) $(BENCH_CONCURRENCY_ARGS)

bench: bench-concurrency

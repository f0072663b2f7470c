# Many invocations per environment (Lambda Managed Instances, AWS_LAMBDA_MAX_CONCURRENCY).
.PHONY: concurrency-tsan-test bench-concurrency

# The concurrent-worker tests under ThreadSanitizer, in their own build folder (a full instrumented build).
# Only these: in a debug build TSan cannot see the lock inside the Synchronization module's `Mutex` on Linux
# (its lock and unlock run in the uninstrumented prebuilt library), so every `Mutex`-guarded state (the trust
# store, the key cache) is reported as a race that is none; a 20-line program with one global Mutex shows
# it at -Onone and not at -O. The workers share an `Atomic`, pthread `Lock`s and a log writer whose `Mutex`
# guards only write(2) calls, all of which TSan checks correctly.
## the concurrent-worker tests under ThreadSanitizer (.build-tsan)
concurrency-tsan-test: deps venv
	PEER_PYTHON=$(abspath $(PYTHON)) $(SWIFT) test --sanitize=thread --scratch-path .build-tsan --filter ConcurrentWorkersTests

test: concurrency-tsan-test

# make bench-concurrency [BENCH_CONCURRENCY_ARGS="--seconds 5 --delay-ms 20"]: throughput of one environment
# at AWS_LAMBDA_MAX_CONCURRENCY 1, 2, 4, 8; results in bench/concurrency.json.
BENCH_CONCURRENCY_ARGS ?=
## throughput of one environment at AWS_LAMBDA_MAX_CONCURRENCY 1, 2, 4, 8
bench-concurrency: build venv
	$(PYTHON) -m tools.bench.concurrency --bootstrap $(BOOTSTRAP) $(BENCH_CONCURRENCY_ARGS)

bench: bench-concurrency

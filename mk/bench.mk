# `make bench`: the harness (tools/bench) runs the Swift bootstrap and the Python + boto3 comparator side by
# side against a local DynamoDB over HTTPS, writes bench/results.json and bench/chart.png and regenerates the
# table in docs/benchmarks.md. It also runs the `products-bench getitem` micro-benchmark and reports it.
# About 15 minutes (valgrind on Python is most of it); needs root for the loop-mounted image (else skipped).
# `make bench-smoke` is the short run `make test` does: it checks that the harness still produces
# well-formed results, never how fast anything is.
.PHONY: bench-dynamodb bench-dynamodb-build bench-smoke

BENCH_ARGS ?=
BENCH_SMOKE_DIR := .build/bench-smoke

## every benchmark: Swift next to Python + boto3, results in bench/ and docs/benchmarks.md (loopback only) [BENCH_ARGS=]
bench: bench-dynamodb-build bundle venv
	$(PYTHON) -m tools.bench --bootstrap $(BOOTSTRAP) --bundle $(BUNDLE) --output bench/results.json \
		--chart bench/chart.png --doc docs/benchmarks.md $(BENCH_ARGS)

# Its own scratch path: the bootstrap's static-link flags must not make the two builds evict each other.
bench-dynamodb-build: deps
	$(SWIFT) build -c release --product products-bench --scratch-path .build/bench

## the GetItem micro-benchmark
bench-dynamodb: bench-dynamodb-build
	.build/bench/release/products-bench getitem

## the short benchmark run make test does (checks the harness works, never speed)
bench-smoke: bundle venv
	$(PYTHON) -m tools.bench --smoke --bootstrap $(BOOTSTRAP) --bundle $(BUNDLE) --workdir $(BENCH_SMOKE_DIR)/work \
		--output $(BENCH_SMOKE_DIR)/results.json --chart $(BENCH_SMOKE_DIR)/chart.png
	$(PYTHON) -m tools.bench.check $(BENCH_SMOKE_DIR)/results.json --chart $(BENCH_SMOKE_DIR)/chart.png

test: bench-smoke

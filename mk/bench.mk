# `make bench` runs every micro-benchmark (release build, no network). Others add their own bench-* targets
# as prerequisites of `bench`.
.PHONY: bench-dynamodb

## every benchmark (release build, loopback only)
bench: bench-dynamodb

# Its own scratch path: the bootstrap's static-link flags must not make the two builds evict each other.
## the GetItem micro-benchmark
bench-dynamodb: deps
	$(SWIFT) build -c release --product products-bench --scratch-path .build/bench
	.build/bench/release/products-bench getitem

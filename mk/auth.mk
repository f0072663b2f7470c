# Authentication: the local token issuer (tools/local/issuer.py) and the Auth module's tests.
.PHONY: token auth-test

# make token [SCOPE="products/read"]: an access token from the running `make run`'s local issuer.
token: venv
	@$(PYTHON) -m tools.local.token $(if $(SCOPE),--scope "$(SCOPE)")

# make bench: one bearer-token verification with a cached key, timed, then counted exactly with callgrind
# (two run lengths subtracted, so start-up and the first key fetch cancel out). Target: ≤ 200,000 instructions.
.PHONY: bench-jwt
bench: bench-jwt

JWT_BENCH := .build/bench/release/products-bench
## callgrind cost of one bearer-token verification (RS256, ES256) with the key cached
bench-jwt: deps
	$(SWIFT) build -c release --product products-bench --scratch-path .build/bench
	$(JWT_BENCH) jwt
	@for alg in rs256 es256; do \
		valgrind --tool=callgrind --callgrind-out-file=/dev/null $(JWT_BENCH) jwt-count 100 $$alg 2>.build/bench/jwt-100.txt >/dev/null; \
		valgrind --tool=callgrind --callgrind-out-file=/dev/null $(JWT_BENCH) jwt-count 1100 $$alg 2>.build/bench/jwt-1100.txt >/dev/null; \
		short=$$(grep -o 'Collected : [0-9]*' .build/bench/jwt-100.txt | grep -o '[0-9]*$$'); \
		long=$$(grep -o 'Collected : [0-9]*' .build/bench/jwt-1100.txt | grep -o '[0-9]*$$'); \
		echo "jwt $$alg verify (cached key): $$(( (long - short) / 1000 )) instructions (callgrind)"; \
	done

# The function packages in Examples/ (each depends on this package by path and builds with mk/shared/function.mk):
# built as a user builds them, then run behind the local stack (Tests/examples) and AWS's RIE, with each one's zip
# size and init duration reported.
.PHONY: examples-build examples-test run-example

EXAMPLES := HelloWorld Notes

## build every example's static bootstrap and zip (Examples/*/dist/bootstrap.zip)
examples-build: $(CURL_LIB) $(OPENSSL_LIB)
	@set -e; for example in $(EXAMPLES); do $(MAKE) --no-print-directory -C Examples/$$example bundle; done

## build the examples, run them on the local stack and the RIE, and report their zip size and init
examples-test: examples-build venv
	$(PYTHON) -m pytest -q Tests/examples

test: examples-test

# make run-example EXAMPLE=Notes [PORT=3000]: the example's own template (its routes, its table), no auth.
## build the examples, then serve one on the local stack: make run-example EXAMPLE=HelloWorld|Notes [PORT=]
run-example: examples-build venv
	@test -n "$(filter $(EXAMPLE),$(EXAMPLES))" || { echo "usage: make run-example EXAMPLE=<one of: $(EXAMPLES)>" >&2; exit 2; }
	$(PYTHON) -m tools.local.run --bootstrap Examples/$(EXAMPLE)/.build/release/$(EXAMPLE) \
		--template Examples/$(EXAMPLE)/template.yaml --auth none --port $(or $(PORT),3000) --log-level $(or $(LOG_LEVEL),INFO)

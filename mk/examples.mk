# The function packages in Examples/ (each depends on this package by path and builds with mk/shared/function.mk):
# built as a user builds them, then run behind the local stack (Tests/examples) and AWS's RIE, with each one's zip
# size and init duration reported.
.PHONY: examples-build examples-test

EXAMPLES := HelloWorld Notes

## build every example's static bootstrap and zip (Examples/*/dist/bootstrap.zip)
examples-build: $(CURL_LIB) $(OPENSSL_LIB)
	@set -e; for example in $(EXAMPLES); do $(MAKE) --no-print-directory -C Examples/$$example bundle; done

## build the examples, run them on the local stack and the RIE, and report their zip size and init
examples-test: examples-build venv
	$(PYTHON) -m pytest -q Tests/examples

test: examples-test

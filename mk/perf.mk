# Per-invocation cost (issue 8). `make bench-callgrind` (mk/ops.mk) counts a warm GET /health; this counts a warm
# keep-alive GET /products/{id} against a local moto the same way (tools/bench/quick_callgrind.py --with-dynamodb).
.PHONY: bench-callgrind-get bench-init

## exec → first GET /next: callgrind count, top functions, and (root) binary bytes read before it [INIT_ARGS=]
bench-init: build venv
	$(PYTHON) -m tools.bench.init_callgrind --bootstrap $(BOOTSTRAP) --top 25 --bytes 3 $(INIT_ARGS)

## quick callgrind count of one more warm GET /products/{id} against a local moto [CALLGRIND_ARGS=]
bench-callgrind-get: build venv
	$(PYTHON) -m tools.bench.quick_callgrind --bootstrap $(BOOTSTRAP) --with-dynamodb --event events/get-product.json $(CALLGRIND_ARGS)

# swift build does not relink when only a static library changed (libcurl.a rebuilt after a patch or configure
# change, say): drop the binary so it does.
$(STAMPS)/static-libraries: $(CURL_LIB) $(OPENSSL_LIB)
	@mkdir -p $(STAMPS)
	rm -f $(BOOTSTRAP)
	@touch $@

build: $(STAMPS)/static-libraries

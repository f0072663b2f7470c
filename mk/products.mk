# The products API's contract: docs/openapi.yaml checked by schemathesis.

.PHONY: contract-test schemathesis

# make contract-test: a fresh local stack, then the document's checks (Tests/e2e/test_openapi_contract.py).
contract-test: build venv
	BOOTSTRAP=$(abspath $(BOOTSTRAP)) $(PYTHON) -m pytest Tests/e2e/test_openapi_contract.py -q

# make schemathesis API=http://127.0.0.1:3000 [EXAMPLES=50] [TOKEN=<access token>]: the same checks against an
# API already running (`make run`, or a deployed stage URL). Writes need TOKEN, e.g. TOKEN=$$(make -s token).
schemathesis: venv
	@test -n "$(API)" || { echo "usage: make schemathesis API=<base URL>" >&2; exit 2; }
	@mkdir -p .build
	@printf '[phases.coverage]\nunexpected-methods = []\n' > .build/schemathesis.toml
	$(VENV)/bin/schemathesis --config-file .build/schemathesis.toml run docs/openapi.yaml --url $(API) \
		--checks not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance,response_headers_conformance \
		--max-examples $(or $(EXAMPLES),20) --no-color $(if $(TOKEN),--header "Authorization: Bearer $(TOKEN)")

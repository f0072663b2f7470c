# The products API's contract: docs/openapi.yaml checked by schemathesis (every check, every phase).

.PHONY: contract-test schemathesis

# make contract-test: a fresh local stack, then the document's checks (Tests/e2e/test_openapi_contract.py).
## schemathesis (all checks and phases) against a fresh local stack
contract-test: build venv
	BOOTSTRAP=$(abspath $(BOOTSTRAP)) $(PYTHON) -m pytest Tests/e2e/test_openapi_contract.py -q

# make schemathesis API=http://127.0.0.1:3000 [TOKEN=<bearer token>] [EXAMPLES=150]: the same run against an API
# already running (`make run`, or a deployed stage URL such as https://<id>.execute-api.<region>.amazonaws.com/Prod).
# Every check and phase; the intended exclusions are in schemathesis.toml (read from the repository root). The
# token goes to the auth provider in Tests/e2e/schemathesis_hooks.py, so the auth checks can drop it.
## schemathesis against a running API: make schemathesis API=<url> [TOKEN=] [EXAMPLES=150]
schemathesis: venv
	@test -n "$(API)" || { echo "usage: make schemathesis API=<base URL> [TOKEN=<bearer token>]" >&2; exit 2; }
	$(if $(TOKEN),CONTRACT_BEARER_TOKEN='$(TOKEN)') $(VENV)/bin/schemathesis run docs/openapi.yaml --url $(API) --checks all \
		--phases examples,coverage,fuzzing,stateful --max-examples $(or $(EXAMPLES),150) --no-color

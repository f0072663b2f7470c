# The local stack (tools/local): the real bootstrap behind a local Lambda Runtime API and API Gateway, with
# moto for DynamoDB. No AWS account, no Docker.

# make run [PORT=3000] [LOG_LEVEL=DEBUG] [AUTH_MODE=none] [CONCURRENCY=4] [MAX_CONCURRENCY=8]
## build, then start the local stack: API + Swagger UI on http://127.0.0.1:3000 [PORT=] [LOG_LEVEL=] [AUTH_MODE=none] [CONCURRENCY=] [MAX_CONCURRENCY=]
run: build venv
	$(PYTHON) -m tools.local.run --bootstrap $(BOOTSTRAP) --port $(or $(PORT),3000) --log-level $(or $(LOG_LEVEL),INFO) \
		--auth $(or $(AUTH_MODE),jwt) --concurrency $(or $(CONCURRENCY),1) --max-concurrency $(or $(MAX_CONCURRENCY),1)

# make invoke EVENT=events/health.json: the response JSON on stdout, logs on stderr; exit 1 on a function error.
# RIE=1 runs it under AWS's Runtime Interface Emulator (from SAM CLI's wheel) instead of the local Runtime API.
ifneq ($(filter invoke,$(MAKECMDGOALS)),)
ifeq ($(EVENT),)
$(error usage: make invoke EVENT=events/<file>.json)
endif
endif
## run one event through bootstrap: make invoke EVENT=events/health.json [RIE=1: under AWS's emulator]
invoke: build venv
	@$(PYTHON) -m tools.local.invoke --bootstrap $(BOOTSTRAP) --log-level $(or $(LOG_LEVEL),INFO) --auth $(or $(AUTH_MODE),jwt) \
		$(if $(filter-out 0,$(RIE)),--rie) $(EVENT)

# The end-to-end tests start their own stack on free ports (Tests/e2e/README.md).
## the end-to-end tests (Tests/e2e) against the real bootstrap on a local stack
e2e-test: build venv
	BOOTSTRAP=$(abspath $(BOOTSTRAP)) $(PYTHON) -m pytest Tests/e2e -q

# The local stack (tools/local): the real bootstrap behind a local Lambda Runtime API and API Gateway, with
# moto for DynamoDB. No AWS account, no Docker.

# make run [PORT=3000] [LOG_LEVEL=DEBUG] [CONCURRENCY=4] [MAX_CONCURRENCY=8]
run: build venv
	$(PYTHON) -m tools.local.run --bootstrap $(BOOTSTRAP) --port $(or $(PORT),3000) --log-level $(or $(LOG_LEVEL),INFO) \
		--concurrency $(or $(CONCURRENCY),1) --max-concurrency $(or $(MAX_CONCURRENCY),1)

# make invoke EVENT=events/health.json: the response JSON on stdout, logs on stderr; exit 1 on a function error.
ifneq ($(filter invoke,$(MAKECMDGOALS)),)
ifeq ($(EVENT),)
$(error usage: make invoke EVENT=events/<file>.json)
endif
endif
invoke: build venv
	@$(PYTHON) -m tools.local.invoke --bootstrap $(BOOTSTRAP) --log-level $(or $(LOG_LEVEL),INFO) $(EVENT)

# The end-to-end tests start their own stack on free ports (Tests/e2e/README.md).
e2e-test: build venv
	BOOTSTRAP=$(abspath $(BOOTSTRAP)) $(PYTHON) -m pytest Tests/e2e -q

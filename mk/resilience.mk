# Resilience (issue 11): the local stack scaled out, concurrent writers, load, DynamoDB and Runtime API faults,
# and endurance. The e2e suite (make e2e-test) runs the short versions of all of them; these targets run
# the long ones. Everything talks to loopback only and stops by itself.
.PHONY: resilience-test load writers soak soak-test

# The fault, concurrency and writer tests alone (they are part of e2e-test too).
resilience-test: build venv
	BOOTSTRAP=$(abspath $(BOOTSTRAP)) $(PYTHON) -m pytest -q Tests/e2e/test_dynamodb_faults.py Tests/e2e/test_runtime_api_faults.py \
		Tests/e2e/test_environment_pool.py Tests/e2e/test_concurrent_writers.py Tests/e2e/test_load.py Tests/e2e/test_products_failures.py

# make load [LOAD_SECONDS=60] [CONCURRENCY=4]: its own stack, CONCURRENCY environments, as many workers.
load: build venv
	@mkdir -p .build/resilience
	$(PYTHON) -m tools.resilience.load --bootstrap $(BOOTSTRAP) --concurrency $(or $(CONCURRENCY),4) \
		--workers $(or $(CONCURRENCY),4) --duration $(or $(LOAD_SECONDS),60) --output .build/resilience/load.json

# make writers [WRITERS=4] [DECREMENTS=100]: the concurrent-writer test, bigger (WRITERS at most 4, the
# session stack's environments).
writers: build venv
	WRITERS=$(or $(WRITERS),4) DECREMENTS=$(or $(DECREMENTS),100) BOOTSTRAP=$(abspath $(BOOTSTRAP)) \
		$(PYTHON) -m pytest -q -s Tests/e2e/test_concurrent_writers.py

# make soak [SOAK_INVOCATIONS=100000]: the endurance run; summary in .build/resilience/soak.json.
soak: build venv
	$(PYTHON) -m tools.resilience.soak --bootstrap $(BOOTSTRAP) --invocations $(or $(SOAK_INVOCATIONS),100000) \
		--output .build/resilience/soak.json

# CI's soak: 10,000 invocations (part of make test).
soak-test: build venv
	$(PYTHON) -m tools.resilience.soak --bootstrap $(BOOTSTRAP) --invocations $(or $(SOAK_INVOCATIONS),10000) \
		--output .build/resilience/soak-ci.json

test: soak-test

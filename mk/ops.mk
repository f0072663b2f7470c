# Operations (issue 10): the template's alias, deploy, alarm, log and dashboard blocks. The telemetry
# end-to-end tests (EMF lines, X-Ray datagrams, trace headers at DynamoDB) live in Tests/e2e and run with
# `make e2e-test`; the Telemetry module's unit tests with `make unit-test`.
.PHONY: ops-template-test

test: ops-template-test

## the template's operations: alias, canary, alarms, retention, dashboard
ops-template-test: venv
	$(PYTHON) -m pytest -q Tests/deploy/test_template_operations.py

# Instructions per warm invocation of GET /health, counted by callgrind (two run lengths, subtracted):
# the figure to compare across commits. make bench-callgrind [CALLGRIND_ARGS="--short 20 --long 120"]
.PHONY: bench-callgrind
## quick callgrind count of one more warm GET /health [CALLGRIND_ARGS=]
bench-callgrind: build venv
	$(PYTHON) -m tools.bench.quick_callgrind --bootstrap $(BOOTSTRAP) $(CALLGRIND_ARGS)

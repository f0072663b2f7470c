# The SAM template and the sample events: linted, validated, built by SAM offline, and tested.
.PHONY: events-test

SAM := SAM_CLI_TELEMETRY=0 $(VENV)/bin/sam

# cfn-lint, SAM's own lint, then the template/event/sam-build tests (Tests/deploy; they need no bundle).
# cfn-lint exits non-zero on a warning too, so a warning fails this target (test_template_lint.py also lints
# SAM's expansion, the AWS::Lambda::Function CloudFormation receives).
# test_sam_build.py runs `sam build` in a network namespace with no network, which proves it offline.
## cfn-lint, `sam validate --lint` and the template/event/sam-build tests
template-test: venv
	$(VENV)/bin/cfn-lint template.yaml
	$(SAM) validate --lint
	$(PYTHON) -m pytest -q Tests/deploy/test_template.py Tests/deploy/test_template_lint.py Tests/deploy/test_event_files.py Tests/deploy/test_sam_build.py \
		Tests/deploy/test_self_contained.py

# Every events/*.json through `make invoke`, and the product events against a product that exists.
## every events/*.json through `make invoke`
events-test: build venv
	$(PYTHON) -m pytest -q Tests/deploy/test_events.py

# `make test` runs the event tests too.
test: events-test

# Hostile input (issue 11): the corpus through the real bootstrap, libFuzzer targets, the unit tests under
# AddressSanitizer. `make test` runs the corpus (via e2e-test), a short fuzz smoke run and the ASan unit tests.
.PHONY: hostile-test hostile-cases

# Tests/hostile/cases.jsonl through the release bootstrap and the local Runtime API (~1 min).
hostile-test: build venv
	BOOTSTRAP=$(abspath $(BOOTSTRAP)) $(PYTHON) -m pytest Tests/e2e/test_hostile_inputs.py -q

# Rewrites the corpus from its generator (Tests/hostile/generate_cases.py) after editing it.
hostile-cases: venv
	$(PYTHON) Tests/hostile/generate_cases.py

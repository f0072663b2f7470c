# Hostile input (issue 11): the corpus through the real bootstrap, libFuzzer targets, the unit tests under
# AddressSanitizer. `make test` runs the corpus (it is part of e2e-test), fuzz-smoke and asan-test.
#
#   make hostile-test                 Tests/hostile/cases.jsonl through the release bootstrap (~1 min)
#   make fuzz [FUZZ_SECONDS=60]       every fuzz target for FUZZ_SECONDS each, from the seed corpora
#   make fuzz-smoke                   every fuzz target briefly (FUZZ_SMOKE_SECONDS, default 5)
#   make fuzz-json (…-event, …-token) one target for FUZZ_SECONDS
#   make asan-test                    the unit tests under AddressSanitizer (own scratch path)
.PHONY: hostile-test hostile-cases fuzz fuzz-smoke fuzz-build asan-test

test: fuzz-smoke asan-test

## the hostile-input corpus (Tests/hostile) through the real bootstrap
hostile-test: build venv
	BOOTSTRAP=$(abspath $(BOOTSTRAP)) $(PYTHON) -m pytest Tests/e2e/test_hostile_inputs.py -q

# Rewrites the corpus from its generator (Tests/hostile/generate_cases.py) after editing it.
hostile-cases: venv
	$(PYTHON) Tests/hostile/generate_cases.py

# --- libFuzzer --------------------------------------------------------------------------------------------
# Debug build with coverage instrumentation and ASan in its own scratch path; FUZZING switches each
# Sources/Fuzz/Fuzz*/Fuzz*.swift from "replay files" to the LLVMFuzzerTestOneInput entry point.
FUZZ_TARGETS := json event dynamodb-response cursor sigv4 token
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 5
FUZZ_SCRATCH := .build-fuzz
FUZZ_BIN := $(FUZZ_SCRATCH)/debug
FUZZ_WORK := $(FUZZ_SCRATCH)/work
FIXTURES := Tests/Fixtures
FUZZ_SEEDS = Tests/FuzzTargetsTests/Seeds/$(1) Tests/FuzzTargetsTests/Regressions/$(1)
FUZZ_SEEDS_json = $(FIXTURES)/events events
FUZZ_SEEDS_event = $(FIXTURES)/events events
FUZZ_SEEDS_sigv4 = $(FIXTURES)/sigv4
# -rss_limit_mb: a leak or a runaway allocation is a finding too. -max_len covers the events (6 MB is
# Lambda's limit, but the interesting structure is in the first kilobytes).
FUZZ_FLAGS = -max_len=65536 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1

## build the libFuzzer targets (debug, ASan) in .build-fuzz
fuzz-build: deps
	for target in $(FUZZ_TARGETS); do \
		$(SWIFT) build -c debug --product fuzz-$$target --scratch-path $(FUZZ_SCRATCH) \
			-Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DFUZZING || exit 1; \
	done

# One target: `make fuzz-json FUZZ_SECONDS=300`. The working corpus grows in .build-fuzz/work/<target>/corpus;
# a finding is written to .build-fuzz/work/<target>/ as crash-*/timeout-*/oom-* and the target fails.
$(addprefix fuzz-,$(FUZZ_TARGETS)): fuzz-%: fuzz-build
	@mkdir -p $(FUZZ_WORK)/$*/corpus
	cd $(FUZZ_WORK)/$* && $(abspath $(FUZZ_BIN))/fuzz-$* $(FUZZ_FLAGS) -max_total_time=$(FUZZ_SECONDS) \
		-artifact_prefix=$(abspath $(FUZZ_WORK))/$*/ corpus \
		$(abspath $(wildcard $(call FUZZ_SEEDS,$*) $(FUZZ_SEEDS_$*))) 2>&1 | tee ../$*.log | grep -E "^(#[0-9]+ +DONE|Done|stat::|==[0-9]+==|SUMMARY|INFO: Running|artifact)" ; \
		test $${PIPESTATUS[0]} -eq 0

## every fuzz target for FUZZ_SECONDS each (default 60)
fuzz: $(addprefix fuzz-,$(FUZZ_TARGETS))
	@echo "fuzzed $(words $(FUZZ_TARGETS)) targets for $(FUZZ_SECONDS) s each; logs in $(FUZZ_WORK)/<target>.log"

## every fuzz target for a few seconds (make test runs this)
fuzz-smoke:
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS)

# --- AddressSanitizer -------------------------------------------------------------------------------------
# The unit tests (libcurl and OpenSSL interop included) with ASan, serially like unit-test, in their own
# scratch path so the normal debug build is not thrown away. detect_leaks=0: LeakSanitizer needs ptrace,
# which containers often refuse; use-after-free, overflows and double frees are all still caught.
asan-test: deps venv
	ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 PEER_PYTHON=$(abspath $(PYTHON)) \
		$(SWIFT) test --no-parallel --sanitize=address --scratch-path .build-asan

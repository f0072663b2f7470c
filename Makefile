# The README's two commands are `make run` and `make test`; both install what they need first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PYTHON := $(VENV)/bin/python
STAMPS := .build/stamps
SWIFT ?= swift

.PHONY: help deps venv build run invoke test unit-test e2e-test bundle-test template-test bench clean

help:
	@echo "make run      build and start the local stack on http://127.0.0.1:3000"
	@echo "make test     install what is missing, then run every test"
	@echo "make invoke EVENT=events/health.json   run one event through bootstrap"
	@echo "make bundle   build the Lambda zip (dist/bootstrap.zip) and print its size"
	@echo "make bench    benchmarks"

$(STAMPS)/system-deps: scripts/install-system-deps.sh
	@mkdir -p $(STAMPS)
	./scripts/install-system-deps.sh
	@touch $@

$(STAMPS)/venv: requirements-dev.txt
	@mkdir -p $(STAMPS)
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install -q --upgrade pip
	$(PYTHON) -m pip install -q -r requirements-dev.txt
	@touch $@

deps: $(STAMPS)/system-deps
venv: $(STAMPS)/venv

# The release `bootstrap` that `make run`, the end-to-end tests and the bundle all use.
# mk/bundle.mk adds the static-linking flags and their prerequisites.
BOOTSTRAP := .build/release/bootstrap
RELEASE_FLAGS ?=

include $(wildcard mk/*.mk)

build: deps
	$(SWIFT) build -c release --product bootstrap $(RELEASE_FLAGS)

# Serial: a few tests set process environment variables (_X_AMZN_TRACE_ID, proxy variables) that other
# suites' threads would read at the same time; glibc's environment is not safe for that. Costs ~5 s.
unit-test: deps venv
	PEER_PYTHON=$(abspath $(PYTHON)) $(SWIFT) test --no-parallel

test: unit-test e2e-test bundle-test template-test

clean:
	rm -rf .build .build-* dist .aws-sam

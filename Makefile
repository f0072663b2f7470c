# The README's two commands are `make run` and `make test`; both install what they need first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PYTHON := $(VENV)/bin/python
STAMPS := .build/stamps
SWIFT ?= swift

.PHONY: help deps venv build run invoke test unit-test e2e-test bundle-test template-test bench clean

## every target, one line each (from the `## ` comments in Makefile and mk/*.mk)
help:
	@python3 scripts/make-help.py Makefile $(sort $(wildcard mk/*.mk))

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

## install the Debian packages the build and tests need (scripts/install-system-deps.sh)
deps: $(STAMPS)/system-deps
## create .venv with the pinned Python tools (requirements-dev.txt)
venv: $(STAMPS)/venv

# The release `bootstrap` that `make run`, the end-to-end tests and the bundle all use.
# mk/bundle.mk adds the static-linking flags and their prerequisites.
BOOTSTRAP := .build/release/bootstrap
RELEASE_FLAGS ?=

include $(wildcard mk/*.mk)

## build the static release bootstrap (.build/release/bootstrap)
build: deps
	$(SWIFT) build -c release --product bootstrap $(RELEASE_FLAGS)

# Serial: a few tests set process environment variables (_X_AMZN_TRACE_ID, proxy variables) that other
# suites' threads would read at the same time; glibc's environment is not safe for that. Costs ~5 s.
## the Swift unit tests (swift test, serially)
unit-test: deps venv
	PEER_PYTHON=$(abspath $(PYTHON)) $(SWIFT) test --no-parallel

## install what is missing, then run every test (what CI runs)
test: unit-test e2e-test bundle-test template-test

## remove build output (.build, dist, .aws-sam)
clean:
	rm -rf .build .build-* dist .aws-sam

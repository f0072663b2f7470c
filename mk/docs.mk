# The API's contract and a newcomer's first minutes: the OpenAPI document built into the function
# (`GET /openapi.json`), Swagger UI at /docs (tools/local/docs_ui.py), `make watch` (tools/local/watch.py) and
# `make help` (scripts/make-help.py). Their tests live in Tests/e2e, so `make e2e-test` (and `make test`) runs them.
.PHONY: openapi-swift watch docs-test watch-test help-test docs-pages-test

# docs/openapi.yaml → Swift source, regenerated before every build that compiles the function. The file is
# committed too (a plain `swift build` works), and this keeps it equal to the YAML; it writes only on change.
## regenerate Sources/APIDocument/OpenAPIDocumentJSON.swift from docs/openapi.yaml (every build does)
openapi-swift: $(STAMPS)/venv
	@$(PYTHON) scripts/generate-openapi-swift.py

build unit-test: openapi-swift

# make watch [CONFIG=release] [PORT=3000]: debug builds by default (seconds, not minutes); CONFIG=release builds
# the static binary `make build` makes.
CONFIG ?= debug
ifeq ($(CONFIG),release)
WATCH_BUILD := $(SWIFT) build -c release --product bootstrap $(RELEASE_FLAGS)
WATCH_BINARY := $(BOOTSTRAP)
WATCH_NEEDS := $(CURL_LIB)
else
WATCH_BUILD := $(SWIFT) build -c debug --product bootstrap
WATCH_BINARY := .build/debug/bootstrap
WATCH_NEEDS :=
endif

## the local stack, rebuilt on every change under Sources/ (debug; CONFIG=release), restarting only the function
watch: deps venv $(WATCH_NEEDS)
	$(PYTHON) -m tools.local.watch --build '$(PYTHON) scripts/generate-openapi-swift.py && $(WATCH_BUILD)' \
		--binary $(WATCH_BINARY) --sources Sources --sources Package.swift --sources docs/openapi.yaml \
		--port $(or $(PORT),3000) --log-level $(or $(LOG_LEVEL),INFO) --auth $(or $(AUTH_MODE),jwt)

## Swagger UI in headless Chromium, and what the document promises beyond shapes (If-Match: *, 304, TRACE, ...)
docs-test: build venv
	BOOTSTRAP=$(abspath $(BOOTSTRAP)) $(PYTHON) -m pytest -q Tests/e2e/test_docs_browser.py Tests/e2e/test_contract_semantics.py

## `make watch` as a process: rebuild, restart only the function, keep the last good one on a failed build
watch-test: build venv
	BOOTSTRAP=$(abspath $(BOOTSTRAP)) $(PYTHON) -m pytest -q Tests/e2e/test_watch.py

## `make help` lists every target of the Makefile and mk/*.mk
help-test: venv
	$(PYTHON) -m pytest -q Tests/e2e/test_make_help.py

## README.md and docs/*.md: links and anchors resolve, the front page names the two commands, the bench table regenerates unchanged, Package.swift's layer comment names every module
docs-pages-test: venv
	$(PYTHON) -m pytest -q Tests/e2e/test_docs_pages.py

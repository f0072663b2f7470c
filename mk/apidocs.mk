# API documentation (DocC, swift-docc-plugin): one archive per library product, from the `.docc` catalog in each
# module's folder (an overview page; HTTPRouter's also has the getting-started article) and the doc comments
# of its public symbols. Warnings are errors: a broken symbol link or a malformed page fails the build. ~30 s
# once the debug build is there.
.PHONY: docs-build

DOC_MODULES := Codec Telemetry HTTPTransport LambdaRuntime HTTPEvents HTTPRouter AWSSigning DynamoDB SecretsManager Auth
DOCS_OUTPUT := .build/docs

# Bounded: once, on a fresh clone while another SwiftPM build ran on the machine, the plugin and SwiftPM each
# waited on the other with no CPU used for 20 minutes. A run that times out is tried once more; any other
# failure (a DocC warning included) fails at once.
DOCS_TIMEOUT ?= 600
## build the DocC archives of every library module into .build/docs (warnings are errors)
docs-build: deps
	@for attempt in 1 2; do \
		timeout $(DOCS_TIMEOUT) $(SWIFT) package --allow-writing-to-directory $(DOCS_OUTPUT) generate-documentation \
			$(addprefix --target ,$(DOC_MODULES)) --warnings-as-errors --output-path $(DOCS_OUTPUT) </dev/null && exit 0; \
		status=$$?; [ $$status -eq 124 ] || exit $$status; \
		echo "docs-build: the DocC plugin did not finish in $(DOCS_TIMEOUT) s; trying once more" >&2; \
	done; exit 1

test: docs-build

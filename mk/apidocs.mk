# API documentation (DocC, swift-docc-plugin): one archive per library product, from the `.docc` catalog in each
# module's folder (an overview page; HTTPRouter's also has the getting-started article) and the doc comments
# of its public symbols. Warnings are errors: a broken symbol link or a malformed page fails the build. ~30 s
# once the debug build is there.
.PHONY: docs-build

DOC_MODULES := Codec Telemetry HTTPTransport LambdaRuntime HTTPEvents HTTPRouter AWSSigning DynamoDB SecretsManager Auth
DOCS_OUTPUT := .build/docs

## build the DocC archives of every library module into .build/docs (warnings are errors)
docs-build: deps
	$(SWIFT) package --allow-writing-to-directory $(DOCS_OUTPUT) generate-documentation \
		$(addprefix --target ,$(DOC_MODULES)) --warnings-as-errors --output-path $(DOCS_OUTPUT)

test: docs-build

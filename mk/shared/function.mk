# The build of a function package on the toolkit (Examples/*/Makefile includes this after setting FUNCTION, the
# template's function logical id, and PRODUCT, the package's executable): the same fully static bootstrap as
# the toolkit's own, with mk/shared/static-link.mk's flags and the toolkit's .deps archives.
#   make build        .build/release/$(PRODUCT), fully static
#   make bundle       dist/bootstrap.zip (scripts/bundle.sh: stripped, mode 755, size printed)
#   sam build         runs build-$(FUNCTION) (BuildMethod: makefile) with ARTIFACTS_DIR set
include $(dir $(lastword $(MAKEFILE_LIST)))static-link.mk
SWIFT ?= swift
BINARY := .build/release/$(PRODUCT)
LINKER_MAP := $(CURDIR)/.build/bootstrap.map

.PHONY: build bundle build-$(FUNCTION)

build: $(CURL_LIB) $(OPENSSL_LIB)
	$(SWIFT) build -c release --product $(PRODUCT) $(STATIC_LINK_FLAGS) -Xlinker -Map=$(LINKER_MAP)

# The archives are the toolkit's: built there (once) by its own rules.
$(CURL_LIB) $(OPENSSL_LIB):
	$(MAKE) -C $(TOOLKIT_ROOT) static-libraries

bundle: build
	$(TOOLKIT_ROOT)/scripts/bundle.sh $(BINARY) $(LINKER_MAP) dist/bootstrap.zip

build-$(FUNCTION): build
	$(call sam-artifact,$(BINARY))

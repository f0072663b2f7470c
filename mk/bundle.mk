# The static release build and the Lambda bundle.
#
# `make build` links .build/release/bootstrap as ONE fully static executable: the Swift runtime, glibc,
# a static libcurl built from Debian's curl source (HTTP/HTTPS only, scripts/build-curl.sh) and a static
# libssl.a/libcrypto.a built from Debian's openssl source with only what the bootstrap uses
# (scripts/build-openssl.sh). No dynamic loader, no shared library: the same file runs on the build host,
# in the local stack and on Lambda's Amazon Linux 2 (glibc 2.26) and 2023. The linker's warnings that
# dlopen/getaddrinfo "require at runtime the shared libraries from the glibc version used for linking"
# are expected: the bundle never dlopens, and static glibc resolves names with its built-in files/dns.
.PHONY: bundle build-ProductsFunction events static-libraries

include mk/shared/static-link.mk
BOOTSTRAP_MAP := $(CURDIR)/.build/bootstrap.map
BUNDLE := dist/bootstrap.zip

# mk/shared/static-link.mk's flags (shared with the function packages in Examples/), plus the map file that
# feeds the size breakdown `make bundle` prints.
# --wrap: the Swift runtime's scalar-name lookup answers "no name" (Sources/CRuntimeTrim, which Bootstrap and
# HealthBootstrap link), so its ~550 KB of tables, reachable only through it, are dropped.
RELEASE_FLAGS += $(STATIC_LINK_FLAGS) -Xlinker --wrap=_swift_stdlib_getScalarName -Xlinker -Map=$(BOOTSTRAP_MAP)

build: $(CURL_LIB) $(OPENSSL_LIB)

# What a function package's build (mk/shared/function.mk) asks the toolkit for.
## build the static libcurl and OpenSSL archives in .deps (what every static link needs)
static-libraries: $(CURL_LIB) $(OPENSSL_LIB)

# Rebuilt when a script changes (each script itself skips the work when its archives exist); libcurl
# again whenever OpenSSL is.
$(OPENSSL_LIB): scripts/build-openssl.sh scripts/debian-source.sh | $(STAMPS)/system-deps
	rm -f $@
	./scripts/build-openssl.sh $(OPENSSL_PREFIX)

$(CURL_LIB): scripts/build-curl.sh scripts/debian-source.sh $(wildcard scripts/curl-patches/*.patch) $(OPENSSL_LIB) | $(STAMPS)/system-deps
	rm -f $@
	./scripts/build-curl.sh $(CURL_PREFIX) $(OPENSSL_PREFIX)

## build the Lambda zip (dist/bootstrap.zip) and print its size breakdown
bundle: build
	./scripts/bundle.sh $(BOOTSTRAP) $(BOOTSTRAP_MAP) $(BUNDLE)

# `sam build` (BuildMethod: makefile) runs this in the repository root (template.yaml's WorkingDirectory)
# with ARTIFACTS_DIR set to .aws-sam/build/ProductsFunction.
## for `sam build` (makefile builder): the bootstrap into $ARTIFACTS_DIR
build-ProductsFunction: build
	$(call sam-artifact,$(BOOTSTRAP))

# Proves the zip runs with nothing else: unpacked into an empty root, chrooted, driven by a Runtime API.
## the zip runs alone: unpacked into an empty chroot behind a Runtime API
bundle-test: bundle venv
	$(PYTHON) -m pytest -q Tests/deploy/test_bundle.py

# Regenerates events/*.json from `sam local generate-event` output.
## regenerate events/*.json from `sam local generate-event`
events: venv
	$(PYTHON) scripts/generate-events.py

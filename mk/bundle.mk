# The static release build and the Lambda bundle.
#
# `make build` links .build/release/bootstrap as ONE fully static executable: the Swift runtime, glibc,
# a static libcurl built from Debian's curl source (HTTP/HTTPS only, scripts/build-curl.sh) and OpenSSL's
# static libssl.a/libcrypto.a. No dynamic loader, no shared library: the same file runs on the build host,
# in the local stack and on Lambda's Amazon Linux 2 (glibc 2.26) and 2023. The linker's warnings that
# dlopen/getaddrinfo "require at runtime the shared libraries from the glibc version used for linking"
# are expected: the bundle never dlopens, and static glibc resolves names with its built-in files/dns.
.PHONY: bundle build-ProductsFunction events

CURL_PREFIX := $(CURDIR)/.deps/curl
CURL_LIB := $(CURL_PREFIX)/lib/libcurl.a
BOOTSTRAP_MAP := $(CURDIR)/.build/bootstrap.map
BUNDLE := dist/bootstrap.zip

# -static-executable: static Swift runtime and static glibc. -gnone: no DWARF in the release objects
# (the bundle is stripped anyway). Our -L comes before the system's, so -lcurl finds the HTTP-only
# archive rather than Debian's libcurl.a; libcurl needs libssl, which needs libcrypto, so that order.
# The map file feeds the size breakdown `make bundle` prints.
RELEASE_FLAGS += -Xswiftc -static-executable -Xswiftc -gnone \
	-Xlinker -L$(CURL_PREFIX)/lib -Xlinker -lcurl -Xlinker -lssl -Xlinker -lcrypto \
	-Xlinker -Map=$(BOOTSTRAP_MAP)

build: $(CURL_LIB)

# Rebuilt when the script changes (the script itself skips the work when the archive exists).
$(CURL_LIB): scripts/build-curl.sh | $(STAMPS)/system-deps
	rm -f $@
	./scripts/build-curl.sh $(CURL_PREFIX)

## build the Lambda zip (dist/bootstrap.zip) and print its size breakdown
bundle: build
	./scripts/bundle.sh $(BOOTSTRAP) $(BOOTSTRAP_MAP) $(BUNDLE)

# `sam build` (BuildMethod: makefile) runs this in the repository root (template.yaml's WorkingDirectory)
# with ARTIFACTS_DIR set to .aws-sam/build/ProductsFunction.
## for `sam build` (makefile builder): the bootstrap into $ARTIFACTS_DIR
build-ProductsFunction: build
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: this target is for sam build" >&2; exit 1; }
	mkdir -p "$(ARTIFACTS_DIR)"
	cp $(BOOTSTRAP) "$(ARTIFACTS_DIR)/bootstrap"
	strip --strip-all "$(ARTIFACTS_DIR)/bootstrap"
	chmod 755 "$(ARTIFACTS_DIR)/bootstrap"

# Proves the zip runs with nothing else: unpacked into an empty root, chrooted, driven by a Runtime API.
## the zip runs alone: unpacked into an empty chroot behind a Runtime API
bundle-test: bundle venv
	$(PYTHON) -m pytest -q Tests/deploy/test_bundle.py

# Regenerates events/*.json from `sam local generate-event` output.
## regenerate events/*.json from `sam local generate-event`
events: venv
	$(PYTHON) scripts/generate-events.py

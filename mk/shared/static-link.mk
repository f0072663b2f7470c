# The one definition of how a function links fully static: the toolkit's own bootstrap (mk/bundle.mk) and every
# function package built on it (mk/shared/function.mk: Examples/*) use these. Paths are absolute, from this
# file's place in the repository, so it works from any directory that includes it.
#
# -static-executable: static Swift runtime and static glibc. -gnone: no DWARF in the release objects
# (the bundle is stripped anyway). Our -L come before the system's, so -lcurl, -lssl and -lcrypto find
# the trimmed archives (.deps, built by scripts/build-curl.sh and scripts/build-openssl.sh) rather than
# Debian's; libcurl needs libssl, which needs libcrypto, so that order. -Xcc -I: the Swift code (CCurl,
# CCrypto) compiles against the headers of the OpenSSL it links. SwiftPM's release link already passes
# --gc-sections, which drops the functions nothing calls (OpenSSL is built with -ffunction-sections for that).
TOOLKIT_ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))../..)
CURL_PREFIX := $(TOOLKIT_ROOT)/.deps/curl
CURL_LIB := $(CURL_PREFIX)/lib/libcurl.a
OPENSSL_PREFIX := $(TOOLKIT_ROOT)/.deps/openssl
OPENSSL_LIB := $(OPENSSL_PREFIX)/lib/libcrypto.a
STATIC_LINK_FLAGS := -Xswiftc -static-executable -Xswiftc -gnone -Xcc -I$(OPENSSL_PREFIX)/include \
	-Xlinker -L$(CURL_PREFIX)/lib -Xlinker -L$(OPENSSL_PREFIX)/lib \
	-Xlinker -lcurl -Xlinker -lssl -Xlinker -lcrypto

# `sam build`'s makefile builder: the binary $(1), stripped and executable, as $ARTIFACTS_DIR/bootstrap.
define sam-artifact
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: this target is for sam build" >&2; exit 1; }
	mkdir -p "$(ARTIFACTS_DIR)"
	cp $(1) "$(ARTIFACTS_DIR)/bootstrap"
	strip --strip-all "$(ARTIFACTS_DIR)/bootstrap"
	chmod 755 "$(ARTIFACTS_DIR)/bootstrap"
endef

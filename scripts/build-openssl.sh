#!/usr/bin/env bash
# Builds static libcrypto.a and libssl.a from Debian's own `openssl` source package (the newest version the
# machine's mirrors serve, with Debian's patches), configured with only what the bootstrap uses: a TLS 1.2 /
# 1.3 client with ECDHE (P-256, P-384, X25519), AES-GCM, RSA and ECDSA certificates, SHA-2 and HMAC, plus
# the RSA / ECDSA signature verification the auth code does through EVP. Everything else (old protocols,
# DTLS, engines, the legacy provider, CMS, OCSP, CT, rare ciphers and digests) is left out, which keeps the
# bundle small and the attack surface narrow. scripts/build-curl.sh links libcurl against this build.
#
# Usage: scripts/build-openssl.sh [PREFIX]   (default .deps/openssl; installs PREFIX/lib/lib{crypto,ssl}.a)
# Idempotent: does nothing when both archives exist.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
prefix=$(realpath -m "${1:-$root/.deps/openssl}")
if [ -f "$prefix/lib/libcrypto.a" ] && [ -f "$prefix/lib/libssl.a" ]; then
  echo "static OpenSSL already built: $prefix/lib"
  exit 0
fi

work="$root/.deps/openssl-src"
source_dir=$("$root/scripts/debian-source.sh" openssl newest "$work")
build_dir="$work/build"
rm -rf "$build_dir" "$prefix"
mkdir -p "$build_dir"
cd "$build_dir"
echo "configuring static OpenSSL $(basename "$source_dir") into $prefix"
# --openssldir: where a system's openssl.cnf would live; never read (no-autoload-config) and never written.
# -ffunction-sections/-fdata-sections let the release link drop what nothing calls.
"$source_dir/Configure" linux-"$(uname -m)" \
  --prefix="$prefix" --libdir=lib --openssldir=/etc/ssl \
  no-shared no-module no-legacy no-engine no-dso no-autoload-config no-ui-console no-async no-filenames \
  no-tests \
  no-ssl3 no-tls1 no-tls1-method no-tls1_1 no-tls1_1-method no-dtls no-dgram no-sctp no-srtp \
  no-srp no-nextprotoneg no-comp no-ocsp no-ct no-cms no-cmp no-ts no-rfc3779 \
  no-idea no-camellia no-aria no-seed no-bf no-cast no-des no-rc2 no-rc4 no-rc5 no-md4 no-mdc2 \
  no-rmd160 no-whirlpool no-blake2 no-sm2 no-sm3 no-sm4 no-gost no-siphash no-siv no-ocb no-scrypt \
  no-chacha no-poly1305 no-dsa no-dh no-ec2m \
  -O2 -ffunction-sections -fdata-sections >configure.log
make -s -j"$(nproc)" build_libs >make.log 2>&1 || { tail -n 40 make.log >&2; exit 1; }
make -s install_dev >>make.log 2>&1 || { tail -n 40 make.log >&2; exit 1; }
echo "built $(du -h "$prefix/lib/libcrypto.a" | cut -f1) libcrypto.a, $(du -h "$prefix/lib/libssl.a" | cut -f1) libssl.a in $prefix/lib"

#!/usr/bin/env bash
# Builds a static libcurl (HTTP and HTTPS over OpenSSL, nothing else) from Debian's own `curl` source
# package, the same version as the installed libcurl4-openssl-dev headers that Sources/CCurl compiles
# against, linked against the trimmed static OpenSSL of scripts/build-openssl.sh. Debian's libcurl.so pulls
# in 34 shared libraries; this archive needs only that libssl.a and libcrypto.a, so the release bootstrap
# can be one fully static executable.
#
# Usage: scripts/build-curl.sh [PREFIX] [OPENSSL_PREFIX]
#   (defaults .deps/curl and .deps/openssl; installs PREFIX/lib/libcurl.a)
# Idempotent: does nothing when PREFIX/lib/libcurl.a exists. The machine's apt setup is not touched
# (scripts/debian-source.sh).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
prefix=$(realpath -m "${1:-$root/.deps/curl}")
openssl_prefix=$(realpath -m "${2:-$root/.deps/openssl}")
if [ -f "$prefix/lib/libcurl.a" ]; then
  echo "static libcurl already built: $prefix/lib/libcurl.a"
  exit 0
fi
test -f "$openssl_prefix/lib/libssl.a" || { echo "error: no static OpenSSL in $openssl_prefix (scripts/build-openssl.sh)" >&2; exit 1; }

version=$(dpkg-query -W -f='${source:Version}' libcurl4-openssl-dev)
upstream=${version%%-*}
work="$root/.deps/curl-src"
source_dir=$("$root/scripts/debian-source.sh" curl "$version" "$work")
# Our patches on top of Debian's (scripts/curl-patches): per-request costs only, output byte for byte the same.
# Each is applied once; an unpacked tree that already has it is left as it is.
for patch_file in "$root"/scripts/curl-patches/*.patch; do
  if ! patch -d "$source_dir" -p1 -R --dry-run -s -f <"$patch_file" >/dev/null 2>&1; then
    patch -d "$source_dir" -p1 -N -s <"$patch_file"
  fi
done

build_dir="$work/build"
rm -rf "$build_dir"
mkdir -p "$build_dir"
cd "$build_dir"
echo "configuring static libcurl $upstream into $prefix"
# Everything but HTTP(S) is off: fewer bytes in the bundle and less attack surface. No compression or
# HTTP/2 libraries: DynamoDB and the Runtime API speak plain HTTP/1.1 JSON. No headers API: responses are read
# through the header callback, so libcurl need not keep its own copy of every header.
# The static OpenSSL needs the thread library at link time; its pkg-config file says so.
# -ffunction-sections/-fdata-sections: one section per function, so the release link drops what nothing
# calls and lays the start-up functions out together (mk/startup-order.mk), as for OpenSSL.
PKG_CONFIG_PATH="$openssl_prefix/lib/pkgconfig" LIBS="-lpthread" CFLAGS="-O2 -ffunction-sections -fdata-sections" \
  "$source_dir/configure" --quiet \
  --prefix="$prefix" \
  --disable-shared --enable-static --with-pic \
  --with-openssl="$openssl_prefix" \
  --disable-ldap --disable-ldaps --disable-rtsp --disable-dict --disable-telnet --disable-tftp \
  --disable-pop3 --disable-imap --disable-smb --disable-smtp --disable-gopher --disable-mqtt \
  --disable-ftp --disable-file \
  --disable-manual --disable-ntlm --disable-ntlm-wb --disable-tls-srp --disable-alt-svc --disable-hsts \
  --disable-doh --disable-netrc --disable-cookies --disable-mime --disable-progress-meter \
  --disable-unix-sockets --disable-websockets --disable-libcurl-option --disable-get-easy-options \
  --disable-headers-api \
  --disable-openssl-auto-load-config --disable-dependency-tracking \
  --without-libpsl --without-libidn2 --without-nghttp2 --without-ngtcp2 --without-nghttp3 \
  --without-brotli --without-zstd --without-zlib --without-librtmp --without-libssh2 --without-libssh \
  --without-gssapi --without-libgsasl \
  --without-ca-bundle --without-ca-path
if grep -q "unrecognized options" config.log; then grep "unrecognized options" config.log >&2; exit 1; fi
# The OpenSSL configure found must be ours, not the system's.
grep -q -- "-I$openssl_prefix/include" config.log || { echo "error: curl did not configure against $openssl_prefix" >&2; exit 1; }
# Compiler warnings and libtool's chatter go to make.log; errors still reach stderr.
make -s -j"$(nproc)" -C lib >make.log
make -s -C lib install >>make.log
make -s -C include install >>make.log
echo "built $(du -h "$prefix/lib/libcurl.a" | cut -f1) $prefix/lib/libcurl.a"

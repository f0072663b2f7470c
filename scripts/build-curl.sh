#!/usr/bin/env bash
# Builds a static libcurl (HTTP and HTTPS over OpenSSL, nothing else) from Debian's own `curl` source
# package, the same version as the installed libcurl4-openssl-dev headers that Sources/CCurl compiles
# against. Debian's libcurl.so pulls in 34 shared libraries; this archive pulls in only libssl.a and
# libcrypto.a, so the release bootstrap can be one fully static executable.
#
# Usage: scripts/build-curl.sh [PREFIX]   (default .deps/curl; installs PREFIX/lib/libcurl.a)
# Idempotent: does nothing when PREFIX/lib/libcurl.a exists. The machine's apt setup is not touched:
# apt reads a private deb-src list and keeps its lists and cache under .deps/apt.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
prefix=$(realpath -m "${1:-$root/.deps/curl}")
if [ -f "$prefix/lib/libcurl.a" ]; then
  echo "static libcurl already built: $prefix/lib/libcurl.a"
  exit 0
fi

version=$(dpkg-query -W -f='${source:Version}' libcurl4-openssl-dev)
upstream=${version%%-*}
work="$root/.deps/curl-src"
apt_dir="$root/.deps/apt"
mkdir -p "$work" "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/sources.list.d"

# The machine's own mirrors and suites (bookworm, bookworm-updates, bookworm-security here), as deb-src.
rm -f "$apt_dir/sources.list.d/"*
for sources in /etc/apt/sources.list.d/*.sources; do
  [ -f "$sources" ] && sed 's/^Types:.*$/Types: deb-src/' "$sources" >"$apt_dir/sources.list.d/$(basename "$sources")"
done
if [ -f /etc/apt/sources.list ]; then
  sed -n 's/^deb \(.*\)$/deb-src \1/p' /etc/apt/sources.list >"$apt_dir/sources.list"
else
  : >"$apt_dir/sources.list"
fi
apt_options=(
  -o "Dir::Etc::SourceList=$apt_dir/sources.list"
  -o "Dir::Etc::SourceParts=$apt_dir/sources.list.d"
  -o "Dir::State::Lists=$apt_dir/lists"
  -o "Dir::Cache=$apt_dir/cache"
  -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache="
  # The download lands in a root-owned folder of ours, which apt's _apt sandbox user cannot write.
  -o "APT::Sandbox::User=root"
)

source_dir="$work/curl-$upstream"
if [ ! -d "$source_dir" ]; then
  echo "fetching Debian source package curl=$version"
  apt-get "${apt_options[@]}" update -qq
  # `apt-get source` unpacks and applies Debian's patches into curl-<upstream>/.
  (cd "$work" && apt-get "${apt_options[@]}" source -qq "curl=$version" >"$work/fetch.log")
fi

build_dir="$work/build"
rm -rf "$build_dir"
mkdir -p "$build_dir"
cd "$build_dir"
echo "configuring static libcurl $upstream into $prefix"
# Everything but HTTP(S) is off: fewer bytes in the bundle and less attack surface. No compression or
# HTTP/2 libraries: DynamoDB and the Runtime API speak plain HTTP/1.1 JSON.
"$source_dir/configure" --quiet \
  --prefix="$prefix" \
  --disable-shared --enable-static --with-pic \
  --with-openssl \
  --disable-ldap --disable-ldaps --disable-rtsp --disable-dict --disable-telnet --disable-tftp \
  --disable-pop3 --disable-imap --disable-smb --disable-smtp --disable-gopher --disable-mqtt \
  --disable-ftp --disable-file \
  --disable-manual --disable-ntlm --disable-ntlm-wb --disable-tls-srp --disable-alt-svc --disable-hsts \
  --disable-doh --disable-netrc --disable-cookies --disable-mime --disable-progress-meter \
  --disable-unix-sockets --disable-websockets --disable-libcurl-option --disable-get-easy-options \
  --disable-openssl-auto-load-config --disable-dependency-tracking \
  --without-libpsl --without-libidn2 --without-nghttp2 --without-ngtcp2 --without-nghttp3 \
  --without-brotli --without-zstd --without-zlib --without-librtmp --without-libssh2 --without-libssh \
  --without-gssapi --without-libgsasl \
  --without-ca-bundle --without-ca-path
if grep -q "unrecognized options" config.log; then grep "unrecognized options" config.log >&2; exit 1; fi
# Compiler warnings and libtool's chatter go to make.log; errors still reach stderr.
make -s -j"$(nproc)" -C lib >make.log
make -s -C lib install >>make.log
make -s -C include install >>make.log
echo "built $(du -h "$prefix/lib/libcurl.a" | cut -f1) $prefix/lib/libcurl.a"

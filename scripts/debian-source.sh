#!/usr/bin/env bash
# Fetches and unpacks one Debian source package (with Debian's patches applied) from the machine's own
# mirrors, without touching the machine's apt setup: apt reads a private deb-src list and keeps its lists
# and cache under .deps/apt. Used by scripts/build-curl.sh and scripts/build-openssl.sh.
#
# Usage: scripts/debian-source.sh PACKAGE VERSION WORKDIR
# VERSION "newest" takes the highest version the mirrors offer (for openssl: the security suite's).
# Unpacks into WORKDIR/PACKAGE-<upstream version>/ unless that exists already; prints that directory.
set -euo pipefail

package=$1
version=$2
work=$(realpath -m "$3")
root=$(cd "$(dirname "$0")/.." && pwd)

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
if [ "$version" = newest ]; then
  # Newest first; a mirror may list a version whose files it no longer serves, so the next one is tried.
  apt-get "${apt_options[@]}" update -qq >&2
  versions=$(apt-cache "${apt_options[@]}" showsrc "$package" | sed -n 's/^Version: //p' | sort -rV)
else
  versions=$version
fi
for version in $versions; do
  upstream=${version#*:}
  upstream=${upstream%%-*}
  source_dir="$work/$package-$upstream"
  if [ -d "$source_dir" ]; then
    echo "$source_dir"
    exit 0
  fi
done
for version in $versions; do
  upstream=${version#*:}
  upstream=${upstream%%-*}
  source_dir="$work/$package-$upstream"
  echo "fetching Debian source package $package=$version" >&2
  [ "$2" = newest ] || apt-get "${apt_options[@]}" update -qq >&2
  # `apt-get source` unpacks and applies Debian's patches into PACKAGE-<upstream>/.
  if (cd "$work" && apt-get "${apt_options[@]}" source -qq "$package=$version" >"$work/fetch.log" 2>&1) && [ -d "$source_dir" ]; then
    echo "$source_dir"
    exit 0
  fi
  echo "could not fetch $package=$version:" >&2
  cat "$work/fetch.log" >&2
done
echo "error: no version of the source package $package could be fetched" >&2
exit 1

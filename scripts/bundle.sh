#!/usr/bin/env bash
# Packs the release bootstrap into the Lambda zip: one stripped, fully static executable named `bootstrap`
# (mode 755) at the root of the archive, nothing else. Then prints the zip's size and what the binary is
# made of (from the linker map the release link writes).
#
# Usage: scripts/bundle.sh <bootstrap> <linker map> <zip>
set -euo pipefail

bootstrap=$1
linker_map=$2
zip_path=$(realpath -m "$3")
root=$(cd "$(dirname "$0")/.." && pwd)

# A dynamic loader or a NEEDED library would tie the bundle to the build host's glibc.
if readelf -l "$bootstrap" | grep -q "INTERP" || readelf -d "$bootstrap" | grep -q "(NEEDED)"; then
  echo "error: $bootstrap is not fully static:" >&2
  readelf -ld "$bootstrap" | grep -E "INTERP|NEEDED" >&2
  exit 1
fi

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
cp "$bootstrap" "$staging/bootstrap"
strip --strip-all "$staging/bootstrap"
chmod 755 "$staging/bootstrap"
# A fixed timestamp: the same binary gives the same zip, so `sam deploy` sees no change.
touch -d "2000-01-01 00:00:00 UTC" "$staging/bootstrap"

mkdir -p "$(dirname "$zip_path")"
rm -f "$zip_path"
# -X: no extra attributes (uid/gid, timestamps) beyond the unix mode Lambda needs.
(cd "$staging" && zip -q -9 -X "$zip_path" bootstrap)

unzipped=$(stat -c %s "$staging/bootstrap")
zipped=$(stat -c %s "$zip_path")
awk -v zip="$zip_path" -v z="$zipped" -v u="$unzipped" 'BEGIN {
  printf "%s: %d bytes (%.2f MiB) zipped; bootstrap %d bytes (%.2f MiB) stripped, fully static\n", zip, z, z / 1048576, u, u / 1048576
}'
if [ -f "$linker_map" ]; then
  python3 "$root/scripts/bundle-breakdown.py" "$linker_map"
else
  echo "(no linker map at $linker_map: run \`make build\` for the per-part breakdown)"
fi

#!/usr/bin/env bash
# Installs the Debian packages the build and tests need, only when one is missing.
set -euo pipefail
packages=(libcurl4-openssl-dev libssl-dev openssl zip unzip util-linux binutils dpkg-dev gcc make file valgrind e2fsprogs
  chromium chromium-driver fonts-liberation  # the Swagger UI browser test (Tests/e2e/test_docs_browser.py)
  docker.io busybox-static)  # `sam local` for real (Tests/deploy/test_sam_local.py, tools/samlocal)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

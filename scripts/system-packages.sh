#!/usr/bin/env bash
# Install what the tests need from Debian when it is missing: PostgreSQL, Chromium and fonts.
set -euo pipefail
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if command -v dpkg >/dev/null 2>&1; then
  # The stylesheet asks for Arial: Liberation Sans has the same metrics, so pages lay out as
  # they will on staff machines; DejaVu covers the characters Liberation lacks.
  for font in fonts-liberation fonts-dejavu-core; do
    dpkg -s "$font" >/dev/null 2>&1 || missing+=("$font")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "Please install: ${missing[*]} (e.g. sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

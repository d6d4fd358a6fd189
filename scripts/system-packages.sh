#!/usr/bin/env bash
# Install what earlyhelp needs from Debian when it is missing: Pango and fonts, which the PDF
# committee report is laid out with; and, unless --runtime is given, what the tests need as
# well: PostgreSQL and Chromium.
set -euo pipefail
missing=()
if [ "${1:-}" != "--runtime" ]; then
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fi
if command -v dpkg >/dev/null 2>&1; then
  for library in libpango-1.0-0 libpangoft2-1.0-0; do
    dpkg -s "$library" >/dev/null 2>&1 || missing+=("$library")
  done
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

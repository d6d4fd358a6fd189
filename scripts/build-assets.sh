#!/usr/bin/env bash
# Build the front-end assets from the npm registry's packages: nothing is fetched at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
out=earlyhelp/static/vendor
(cd frontend && npm ci --no-audit --no-fund --loglevel=error)
rm -rf "$out"
mkdir -p "$out/govuk" "$out/axe"
gov=frontend/node_modules/govuk-frontend/dist/govuk
cp -r "$gov/assets" "$out/govuk/assets"
rm -rf "$out/govuk/assets/fonts"
cp "$gov/govuk-frontend.min.js" "$out/govuk/govuk-frontend.min.js"
cp frontend/node_modules/axe-core/axe.min.js "$out/axe/axe.min.js"
frontend/node_modules/.bin/sass --no-source-map --style=compressed --quiet-deps \
  --silence-deprecation=import,global-builtin,mixed-decls \
  --load-path=frontend/node_modules/govuk-frontend/dist \
  frontend/scss/earlyhelp.scss "$out/earlyhelp.css"
touch "$out/.built"

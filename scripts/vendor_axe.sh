#!/usr/bin/env bash
# Copies axe-core (the version pinned in package.json) to tests/vendor/axe.min.js, where the browser
# tests inject it into the pages they check. Committed, so `make test` needs no node; run this again
# after changing the pin, and commit the result. Needs node 20+ and npm.
set -euo pipefail
cd "$(dirname "$0")/.."

npm ci --no-audit --no-fund --loglevel=error
mkdir -p tests/vendor
cp node_modules/axe-core/axe.min.js tests/vendor/axe.min.js
cp node_modules/axe-core/LICENSE tests/vendor/axe-core.LICENSE
echo "tests/vendor/axe.min.js: axe-core v$(node -p 'require("axe-core/package.json").version'), $(wc -c <tests/vendor/axe.min.js) bytes"

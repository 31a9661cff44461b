#!/usr/bin/env bash
# Builds static/vendor/plotly-dashboard.min.js: plotly.js (the version pinned in package.json) with
# only the trace types the dashboard draws (scripts/plotly_entry.js). The full bundle is 4.8 MB;
# this one is about 1.4 MB. The built file is committed, so `make run` needs no node: run this
# again only after changing the pinned version or the trace types, and commit the result.
# Needs node 20+ and npm (the npm registry is reached through npm ci).
set -euo pipefail
cd "$(dirname "$0")/.."

npm ci --no-audit --no-fund --loglevel=error
version=$(node -p 'require("plotly.js/package.json").version')
out=static/vendor/plotly-dashboard.min.js

# The options of plotly.js's own esbuild-config.js, less the plugins for WebGL shaders and the
# maplibre stylesheet, which no trace type here loads (the stylesheet is required only by "map").
node_modules/.bin/esbuild scripts/plotly_entry.js \
    --bundle --minify --format=iife --global-name=Plotly --target=es2016 \
    --define:global=window --define:define.amd=false --loader:.css=empty \
    --legal-comments=none --log-level=warning \
    --banner:js="/* plotly.js v${version} (MIT licence, Copyright Plotly, Inc.): a partial bundle with the trace types of scripts/plotly_entry.js, built by scripts/build_plotly.sh */" \
    --outfile="$out"

echo "$out: plotly.js v${version}, $(wc -c <"$out") bytes"

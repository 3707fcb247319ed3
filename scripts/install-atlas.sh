#!/usr/bin/env bash
# Copies Natural Earth's country shapes (npm's world-atlas, pinned in package.json) into the
# static files that the map of practices draws from (search/atlas.py). Nothing twice.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v npm >/dev/null; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends npm
fi
if [ ! -f node_modules/world-atlas/countries-50m.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
fi
mkdir -p search/static/search/atlas
cp node_modules/world-atlas/countries-50m.json search/static/search/atlas/

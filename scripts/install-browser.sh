#!/usr/bin/env bash
# Installs what the browser tests (tests/browser/) need, and nothing twice:
# Debian's Chromium (Playwright drives it; it never downloads a browser of its own)
# and axe-core from package-lock.json into node_modules/.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium chromium-driver
fi

if [ ! -f node_modules/axe-core/axe.min.js ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
fi

#!/usr/bin/env bash
# Installs Debian's nginx, the reverse proxy the tests put in front of gunicorn
# (tests/proxy/, with deploy/nginx-site.conf); does nothing when it is already there.
# The package's own service is never started: a policy-rc.d refuses it for the install,
# and the tests run nginx themselves, on 127.0.0.1 only.
set -euo pipefail

if command -v nginx >/dev/null 2>&1; then
    exit 0
fi
policy=/usr/sbin/policy-rc.d
if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod +x "$policy"
    trap 'rm -f "$policy"' EXIT
fi
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx

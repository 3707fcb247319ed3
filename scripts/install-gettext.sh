#!/usr/bin/env bash
# Installs Debian's gettext (msgfmt), which `manage.py compilemessages` needs to build the
# .mo catalogues from locale/*/LC_MESSAGES/*.po; does nothing when it is already there.
set -euo pipefail

if ! command -v msgfmt >/dev/null 2>&1; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends gettext
fi

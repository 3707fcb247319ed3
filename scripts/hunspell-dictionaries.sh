#!/usr/bin/env bash
# Installs Debian's hunspell dictionaries into DEST/<locale>/, the layout of
# Elasticsearch's config/hunspell folder.
#
# Usage: scripts/hunspell-dictionaries.sh DEST
#
# Run by the `hunspell` init service in docker-compose.yml; the local node gets
# the same files through scripts/services.sh install.
set -euo pipefail

[[ $# -eq 1 ]] || { sed -n '2,5s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit 2; }

lib="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/services"
source "$lib/common.sh"
source "$lib/hunspell.sh"

mapfile -t packages < <(hunspell_packages)
ensure_packages "${packages[@]}"
hunspell_install "$1"
say "hunspell: dictionaries installed in $1"

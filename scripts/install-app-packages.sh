#!/bin/sh
# Installs the Debian packages of scripts/debian-packages.txt that are missing: the local
# set-up (`make`) and the Dockerfile both run this, on the same list.
# Idempotent: apt runs only when a package is missing.
set -eu

list="$(dirname "$0")/debian-packages.txt"
missing=""
for package in $(sed 's/#.*//' "$list"); do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
        || missing="$missing $package"
done
[ -z "$missing" ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -qq
# shellcheck disable=SC2086 # one package name per word
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing

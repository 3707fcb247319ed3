#!/bin/sh
# The FreeDict bilingual dictionaries the search translates query words with
# (search/dictionaries.py reads their dictd files under /usr/share/dictd/): every pair
# among en, fr, de, it, es that Debian has (17 of the 20 directions; the other three,
# it→fr, es→fr and es→it, are read backwards from their reverse).
# Idempotent: apt runs only when a dictionary is missing.
set -eu

PAIRS="deu-eng deu-fra deu-ita deu-spa eng-deu eng-fra eng-ita eng-spa fra-deu fra-eng fra-ita fra-spa ita-deu ita-eng ita-spa spa-deu spa-eng"
DICT_DIR=/usr/share/dictd

missing=""
for pair in $PAIRS; do
    [ -f "$DICT_DIR/freedict-$pair.index" ] || missing="$missing dict-freedict-$pair"
done
[ -z "$missing" ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing

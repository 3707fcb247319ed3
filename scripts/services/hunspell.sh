# shellcheck shell=bash
# Hunspell dictionaries for Elasticsearch's hunspell token filter.
#
# Debian's dictionaries are used both by the local node and, through the
# `hunspell` init service in docker-compose.yml, by production, so stemming is
# the same everywhere. Sourced after common.sh.

# One line per locale: locale name as Elasticsearch sees it, the Debian
# package that ships it, and a plural the check expects to be stemmed.
HUNSPELL_DICTIONARIES=(
    "en_GB hunspell-en-gb organisations"
    "fr_FR hunspell-fr formations"
    "de_DE hunspell-de-de Organisationen"
    "it_IT hunspell-it organizzazioni"
    "es_ES hunspell-es organizaciones"
)

hunspell_packages() {
    local line locale package word
    for line in "${HUNSPELL_DICTIONARIES[@]}"; do
        read -r locale package word <<<"$line"
        printf '%s\n' "$package"
    done
}

# Debian names some dictionaries by language only (hunspell-fr ships fr.aff,
# with fr_FR.aff as a symlink), so try the locale, then the language.
hunspell_source() {
    local locale="$1" name
    for name in "$locale" "${locale%%_*}"; do
        if [[ -f "/usr/share/hunspell/$name.aff" && -f "/usr/share/hunspell/$name.dic" ]]; then
            printf '/usr/share/hunspell/%s\n' "$name"
            return 0
        fi
    done
    die "hunspell: no dictionary for $locale in /usr/share/hunspell"
}

# Elasticsearch reads <dest>/<locale>/*.aff and *.dic. Files are copied with
# symlinks resolved, because links into /usr/share would dangle inside a
# container or break when the package is removed.
hunspell_install() {
    local dest="$1" line locale package word src
    for line in "${HUNSPELL_DICTIONARIES[@]}"; do
        read -r locale package word <<<"$line"
        src="$(hunspell_source "$locale")"
        mkdir -p "$dest/$locale"
        cp -L --remove-destination "$src.aff" "$dest/$locale/$locale.aff"
        cp -L --remove-destination "$src.dic" "$dest/$locale/$locale.dic"
    done
}

# Asks the node to stem one word per locale; fails unless every locale
# returns a token other than the word itself, which proves the dictionary
# loads and the filter stems. Hunspell runs before lowercase because the
# German dictionary lists nouns capitalised: lowercased first, "Kinder" or
# "Organisationen" are left unstemmed.
hunspell_check() {
    local url="$1" line locale package word body response tokens failed=0
    for line in "${HUNSPELL_DICTIONARIES[@]}"; do
        read -r locale package word <<<"$line"
        body="{\"tokenizer\":\"standard\",\"filter\":[{\"type\":\"hunspell\",\"locale\":\"$locale\"},\"lowercase\"],\"text\":\"$word\"}"
        response="$(curl -sS -H 'Content-Type: application/json' -d "$body" "$url/_analyze" 2>&1)" || true
        tokens="$(grep -oE '"token":"[^"]*"' <<<"$response" | cut -d'"' -f4 | paste -sd, -)" || true
        if [[ -n "$tokens" && ",$tokens," != ",${word,,}," ]]; then
            say "elasticsearch: hunspell $locale: $word -> $tokens"
        else
            say "elasticsearch: hunspell $locale: no stem for $word: $response"
            failed=1
        fi
    done
    return "$failed"
}

# shellcheck shell=bash
# Apertium APY: the machine translation server (translation/translators/apertium.py),
# with the Debian language pairs, logging and pidfile in .services/apertium.
#
# Sourced by scripts/services.sh after common.sh. The Dockerfile of the
# `apertium` service in docker-compose.yml installs apertium_packages too.

KB_APY_PORT="${KB_APY_PORT:-2737}"
APY_DIR="$KB_STATE/apertium"
APY_PID="$APY_DIR/apy.pid"
APY_LOG="$APY_DIR/apy.log"
APY_URL="http://$KB_HOST:$KB_APY_PORT"
APY_MODES=/usr/share/apertium/modes
APY_LAUNCHER="$(dirname "${BASH_SOURCE[0]}")/apertium-apy-loopback.py"
# The pairs that the routes of translation/translators/apertium.py (ROUTES) take and that
# bench/translation.py scores them against: en, fr, it and es with Spanish, Catalan and
# Portuguese between them. German has none.
APY_PAIRS=(
    eng-spa spa-eng fra-spa spa-fra spa-ita ita-spa
    eng-cat cat-eng fra-cat cat-fra ita-cat cat-ita spa-cat cat-spa
    spa-por por-spa por-cat cat-por
)

apertium_packages() {
    printf '%s\n' apertium apertium-apy cg3 curl \
        apertium-eng-spa apertium-fr-es apertium-spa-ita \
        apertium-eng-cat apertium-fra-cat apertium-cat-ita apertium-spa-cat \
        apertium-es-pt apertium-por-cat
}

apertium_running() {
    pid_alive "$APY_PID" apertium-apy-loopback
}

apertium_install() {
    mkdir -p "$APY_DIR"
    own_by_svc "$APY_DIR"
    say "apertium: ready in $APY_DIR"
}

# One process (-j 1) with one pipeline per pair (-i 1), and pipelines idle for
# ten minutes are shut down (-m 600): a few hundred MB at most. Debian's
# python3 is named explicitly because apertium-apy lives in its dist-packages.
apertium_start() {
    [[ -d "$APY_DIR" ]] || die "apertium: not installed; run scripts/services.sh install"
    if apertium_running; then
        say "apertium: already running"
    else
        # Debian's apertium-apy package also ships a systemd unit on port 2737.
        require_free_port apertium "$KB_APY_PORT"
        # shellcheck disable=SC2016 # the inner sh expands its own arguments
        as_svc env LC_ALL=C.UTF-8 APY_BIND_ADDRESS="$KB_HOST" sh -c '
            setsid /usr/bin/python3 "$1" -p "$2" -j 1 -i 1 -m 600 \
                -l /usr/share/apertium-apy/langNames.db "$3" </dev/null >>"$4" 2>&1 &
            echo $! >"$5"' sh "$APY_LAUNCHER" "$KB_APY_PORT" "$APY_MODES" "$APY_LOG" "$APY_PID" ||
            { show_log_tail "$APY_LOG"; die "apertium: failed to start"; }
    fi
    apertium_wait
    say "apertium: started on $APY_URL with pairs $(apertium_pairs | tr '\n' ' ')"
}

# The installed pairs as APY lists them (ISO 639-3 codes), one per line.
apertium_pairs() {
    curl -fsS "$APY_URL/listPairs" 2>/dev/null |
        grep -oE '"sourceLanguage": *"[a-z_A-Z]+", *"targetLanguage": *"[a-z_A-Z]+"' |
        sed -E 's/.*"([^"]+)", *"targetLanguage": *"([^"]+)"/\1-\2/' | sort
}

apertium_wait() {
    local tries=0 pairs pair
    until pairs="$(apertium_pairs)" && [[ -n "$pairs" ]]; do
        if ! apertium_running; then
            show_log_tail "$APY_LOG"
            die "apertium: APY exited during startup"
        fi
        ((tries++ < 60)) || { show_log_tail "$APY_LOG"; die "apertium: /listPairs not answering after 30 s"; }
        sleep 0.5
    done
    for pair in "${APY_PAIRS[@]}"; do
        grep -qx "$pair" <<<"$pairs" || die "apertium: pair $pair missing from $APY_URL/listPairs"
    done
}

apertium_stop() {
    stop_by_pidfile apertium "$APY_PID" apertium-apy-loopback
}

apertium_status() {
    local pairs
    if pairs="$(apertium_pairs)" && [[ -n "$pairs" ]]; then
        say "apertium: up on $APY_URL ($(wc -l <<<"$pairs") pairs)"
    else
        say "apertium: down ($APY_URL)"
        return 1
    fi
}

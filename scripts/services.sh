#!/usr/bin/env bash
# Local PostgreSQL, Redis, Elasticsearch and Apertium for development and tests.
#
# Usage: scripts/services.sh install|check
#        scripts/services.sh start|stop|restart|status [SERVICE...]
#   install  Debian packages, service user, data folders, Elasticsearch download
#   start    start each service and wait until it answers (for Elasticsearch:
#            until the cluster is yellow and every hunspell locale stems)
#   stop     stop each service; safe when none is running
#   restart  stop, then start
#   status   one line per service; exits 1 when any is down
#   check    run start's hunspell check against the running node
#
# SERVICE is postgres, redis, elasticsearch or apertium; without one, a command acts
# on all four (the fault tests in tests/faults/ stop and start them one at a time).
#
# Every command is idempotent. State lives in .services/ and downloads in
# .cache/ (both git-ignored); each service listens on 127.0.0.1 only, on
# KB_PG_PORT (5433), KB_REDIS_PORT (6380), KB_ES_PORT (9200) and KB_APY_PORT (2737).
set -euo pipefail

lib="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/services"
source "$lib/common.sh"
source "$lib/postgres.sh"
source "$lib/redis.sh"
source "$lib/elasticsearch-dist.sh"
source "$lib/hunspell.sh"
source "$lib/elasticsearch.sh"
source "$lib/apertium.sh"

SERVICES=(postgres redis elasticsearch apertium)

cmd_install() {
    local svc list packages=()
    for svc in "${SERVICES[@]}"; do
        list="$("${svc}_packages")"
        # shellcheck disable=SC2206 # one package name per line
        packages+=($list)
    done
    ensure_packages "${packages[@]}"
    ensure_service_user
    lock_state
    prepare_state_dir
    for svc in "${SERVICES[@]}"; do "${svc}_install"; done
}

# The services named on the command line (all of them when none is), one per line;
# an unknown name is an error before anything is touched.
selected_services() {
    local svc known
    if [[ $# -eq 0 ]]; then
        printf '%s\n' "${SERVICES[@]}"
        return 0
    fi
    for svc in "$@"; do
        for known in "${SERVICES[@]}"; do
            [[ "$svc" == "$known" ]] && continue 2
        done
        die "unknown service '$svc' (one of: ${SERVICES[*]})"
    done
    printf '%s\n' "$@"
}

cmd_start() {
    local svc
    lock_state
    for svc in "$@"; do "${svc}_start"; done
}

cmd_stop() {
    local svc
    lock_state
    for svc in "$@"; do "${svc}_stop"; done
}

cmd_restart() {
    local svc
    lock_state
    for svc in "$@"; do "${svc}_stop"; done
    for svc in "$@"; do "${svc}_start"; done
}

cmd_status() {
    local svc down=0
    for svc in "$@"; do "${svc}_status" || down=1; done
    return "$down"
}

action="${1:-}"
[[ $# -gt 0 ]] && shift
case "$action" in
    start | stop | restart | status)
        services="$(selected_services "$@")"
        mapfile -t targets <<<"$services"
        "cmd_$action" "${targets[@]}"
        ;;
    install) cmd_install ;;
    check) elasticsearch_check ;;
    *)
        sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
        exit 2
        ;;
esac

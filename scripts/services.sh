#!/usr/bin/env bash
# Local PostgreSQL, Redis, Elasticsearch and Apertium for development and tests.
#
# Usage: scripts/services.sh install|start|stop|status|check
#   install  Debian packages, service user, data folders, Elasticsearch download
#   start    start each service and wait until it answers (for Elasticsearch:
#            until the cluster is yellow and every hunspell locale stems)
#   stop     stop each service; safe when none is running
#   status   one line per service; exits 1 when any is down
#   check    run start's hunspell check against the running node
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

cmd_start() {
    local svc
    lock_state
    for svc in "${SERVICES[@]}"; do "${svc}_start"; done
}

cmd_stop() {
    local svc
    lock_state
    for svc in "${SERVICES[@]}"; do "${svc}_stop"; done
}

cmd_status() {
    local svc down=0
    for svc in "${SERVICES[@]}"; do "${svc}_status" || down=1; done
    return "$down"
}

case "${1:-}" in
    install) cmd_install ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    check) elasticsearch_check ;;
    *)
        sed -n '2,/^[^#]/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
        exit 2
        ;;
esac

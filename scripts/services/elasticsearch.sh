# shellcheck shell=bash
# Elasticsearch: a single-node cluster in .services/elasticsearch.
#
# Sourced by scripts/services.sh after common.sh, elasticsearch-dist.sh and
# hunspell.sh.

ES_PID="$ES_DIR/elasticsearch.pid"
ES_CLUSTER=kb-dev
ES_LOG="$ES_DIR/logs/$ES_CLUSTER.log"
ES_STARTUP_LOG="$ES_DIR/startup.log"
ES_URL="http://$KB_HOST:$KB_ES_PORT"
ES_HEALTH_TIMEOUT=120

elasticsearch_packages() {
    printf '%s\n' unzip curl
    # Maven is only needed to fill an empty download cache.
    [[ -f "$(es_zip)" ]] || printf '%s\n' maven
    hunspell_packages
}

elasticsearch_running() {
    pid_alive "$ES_PID" elasticsearch
}

elasticsearch_install() {
    es_java_home >/dev/null
    es_fetch
    es_unpack
    hunspell_install "$(es_home)/config/hunspell"
    mkdir -p "$ES_DIR/data" "$ES_DIR/logs" "$ES_DIR/tmp"
    # The node writes its keystore into config/, so it must own its home.
    own_by_svc "$ES_DIR"
    say "elasticsearch: hunspell dictionaries installed"
}

# Written on every start so that a changed KB_ES_PORT takes effect.
elasticsearch_write_config() {
    # Security is off because the node listens on loopback only and the zip's
    # security module would otherwise demand TLS and passwords. The disk
    # threshold is off so a nearly full developer disk cannot turn indices
    # read-only in the middle of a test run.
    cat >"$(es_home)/config/elasticsearch.yml" <<EOF
cluster.name: $ES_CLUSTER
node.name: $ES_CLUSTER-1
discovery.type: single-node
network.host: $KB_HOST
http.port: $KB_ES_PORT
path.data: $ES_DIR/data
path.logs: $ES_DIR/logs
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
EOF
    own_by_svc "$(es_home)/config/elasticsearch.yml"
}

elasticsearch_start() {
    local state=started
    [[ -x "$(es_home)/bin/elasticsearch" ]] || die "elasticsearch: not installed; run scripts/services.sh install"
    if elasticsearch_running; then
        state="already running"
    else
        require_free_port elasticsearch "$KB_ES_PORT"
        elasticsearch_write_config
        # -d returns once the node has started, or fails with the reason on
        # stderr; the cluster may still be red then, hence the health wait.
        as_svc env HOME="$ES_DIR" ES_TMPDIR="$ES_DIR/tmp" \
            ES_JAVA_HOME="$(es_java_home)" ES_JAVA_OPTS="-Xms512m -Xmx512m" \
            "$(es_home)/bin/elasticsearch" -d -p "$ES_PID" >"$ES_STARTUP_LOG" 2>&1 ||
            { show_log_tail "$ES_STARTUP_LOG"; die "elasticsearch: failed to start"; }
    fi
    elasticsearch_wait
    # A dictionary Elasticsearch cannot parse is loaded as empty without any
    # error, so only stemming real words shows that the locales work.
    hunspell_check "$ES_URL" || die "elasticsearch: hunspell check failed"
    say "elasticsearch: $state on $KB_HOST:$KB_ES_PORT"
}

elasticsearch_health() {
    curl -fsS "$ES_URL/_cluster/health?$1" 2>/dev/null | grep -oE '"status":"[a-z]+"' | cut -d'"' -f4
}

elasticsearch_wait() {
    local deadline=$((SECONDS + ES_HEALTH_TIMEOUT)) status=""
    say "elasticsearch: waiting for cluster health…"
    until status="$(elasticsearch_health 'wait_for_status=yellow&timeout=5s')"; do
        if ! elasticsearch_running; then
            show_log_tail "$ES_LOG"
            die "elasticsearch: the node exited during startup"
        fi
        if ((SECONDS >= deadline)); then
            show_log_tail "$ES_LOG"
            die "elasticsearch: cluster not yellow after $ES_HEALTH_TIMEOUT s"
        fi
        sleep 1
    done
    say "elasticsearch: $status"
}

elasticsearch_check() {
    hunspell_check "$ES_URL"
}

elasticsearch_stop() {
    stop_by_pidfile elasticsearch "$ES_PID" elasticsearch
}

elasticsearch_status() {
    local status
    if status="$(elasticsearch_health 'timeout=5s')"; then
        say "elasticsearch: up on $KB_HOST:$KB_ES_PORT ($status)"
    else
        say "elasticsearch: down ($KB_HOST:$KB_ES_PORT)"
        return 1
    fi
}

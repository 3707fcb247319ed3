# shellcheck shell=bash
# Redis: Celery's broker (db 0) and Django's cache (db 1), in .services/redis.
#
# Sourced by scripts/services.sh after common.sh.

REDIS_DIR="$KB_STATE/redis"
REDIS_CONF="$REDIS_DIR/redis.conf"
REDIS_PID="$REDIS_DIR/redis.pid"
REDIS_LOG="$REDIS_DIR/redis.log"

redis_packages() {
    printf '%s\n' redis-server redis-tools
}

redis_running() {
    pid_alive "$REDIS_PID" redis-server
}

redis_install() {
    mkdir -p "$REDIS_DIR"
    own_by_svc "$REDIS_DIR"
    say "redis: ready in $REDIS_DIR"
}

# Written on every start so that a changed KB_REDIS_PORT takes effect.
redis_write_config() {
    # appendonly: queued Celery tasks must survive a Redis restart, and the
    # default RDB snapshots alone can lose the last minutes of writes.
    cat >"$REDIS_CONF" <<EOF
bind $KB_HOST
port $KB_REDIS_PORT
protected-mode yes
dir $REDIS_DIR
appendonly yes
daemonize yes
pidfile $REDIS_PID
logfile $REDIS_LOG
EOF
}

redis_start() {
    local state=started
    [[ -d "$REDIS_DIR" ]] || die "redis: not installed; run scripts/services.sh install"
    if redis_running; then
        state="already running"
    else
        require_free_port redis "$KB_REDIS_PORT"
        redis_write_config
        as_svc redis-server "$REDIS_CONF" || { show_log_tail "$REDIS_LOG"; die "redis: failed to start"; }
    fi
    redis_wait
    say "redis: $state on $KB_HOST:$KB_REDIS_PORT"
}

redis_answers() {
    [[ "$(redis-cli -h "$KB_HOST" -p "$KB_REDIS_PORT" ping 2>/dev/null)" == PONG ]]
}

redis_wait() {
    local tries=0
    # Loading a large append-only file can take a moment after a restart.
    until redis_answers; do
        ((tries++ < 60)) || { show_log_tail "$REDIS_LOG"; die "redis: no PONG after 30 s"; }
        sleep 0.5
    done
}

# SIGTERM makes Redis flush the append-only file before exiting, like
# `redis-cli shutdown`, but reaches the server even if the port has changed.
redis_stop() {
    stop_by_pidfile redis "$REDIS_PID" redis-server
}

redis_status() {
    if redis_answers; then
        say "redis: up on $KB_HOST:$KB_REDIS_PORT"
    else
        say "redis: down ($KB_HOST:$KB_REDIS_PORT)"
        return 1
    fi
}

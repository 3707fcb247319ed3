# shellcheck shell=bash
# PostgreSQL: a private cluster in .services/postgres, apart from Debian's
# default cluster, so the project never depends on (or disturbs) system state.
#
# Sourced by scripts/services.sh after common.sh.

PG_DIR="$KB_STATE/postgres"
PG_DATA="$PG_DIR/data"
# The socket lives inside .services so that it is private to the service user;
# clients use TCP on 127.0.0.1 with the kb role's password.
PG_SOCKET_DIR="$PG_DIR/socket"
PG_LOG="$PG_DIR/postgres.log"

# Production runs the postgres:MAJOR image named in docker-compose.yml; the
# local cluster uses the same major version from Debian.
pg_major() {
    local major
    major="$(grep -oE 'image: *postgres:[0-9]+' "$KB_ROOT/docker-compose.yml" | grep -oE '[0-9]+$')" ||
        die "postgres: no 'image: postgres:MAJOR' line in docker-compose.yml"
    printf '%s\n' "$major"
}

pg_bin() {
    printf '/usr/lib/postgresql/%s/bin\n' "$(pg_major)"
}

postgres_packages() {
    printf 'postgresql-%s\n' "$(pg_major)"
}

postgres_running() {
    [[ -f "$PG_DATA/PG_VERSION" ]] && as_svc "$(pg_bin)/pg_ctl" status -D "$PG_DATA" >/dev/null 2>&1
}

postgres_install() {
    mkdir -p "$PG_SOCKET_DIR"
    own_by_svc "$PG_DIR"
    chmod 700 "$PG_SOCKET_DIR"
    if [[ -f "$PG_DATA/PG_VERSION" ]]; then
        [[ "$(<"$PG_DATA/PG_VERSION")" == "$(pg_major)" ]] ||
            die "postgres: $PG_DATA was made by PostgreSQL $(<"$PG_DATA/PG_VERSION"), expected $(pg_major); remove .services/postgres"
        say "postgres: cluster already initialised"
        return 0
    fi
    # Local socket connections are trusted (only the service user and root can
    # reach the socket folder); TCP connections need a password.
    as_svc "$(pg_bin)/initdb" --pgdata="$PG_DATA" --username=postgres \
        --encoding=UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    say "postgres: cluster initialised in $PG_DATA"
}

postgres_start() {
    local state=started
    [[ -f "$PG_DATA/PG_VERSION" ]] || die "postgres: not installed; run scripts/services.sh install"
    if postgres_running; then
        state="already running"
    else
        require_free_port postgres "$KB_PG_PORT"
        # Address, port and socket are passed at start rather than written into
        # postgresql.conf, so a changed KB_PG_PORT takes effect on next start.
        as_svc "$(pg_bin)/pg_ctl" start -D "$PG_DATA" -l "$PG_LOG" -w -t 60 -s \
            -o "-c listen_addresses=$KB_HOST -c port=$KB_PG_PORT -c unix_socket_directories=$PG_SOCKET_DIR" ||
            { show_log_tail "$PG_LOG"; die "postgres: failed to start"; }
    fi
    postgres_wait
    postgres_create_app_database
    say "postgres: $state on $KB_HOST:$KB_PG_PORT"
}

postgres_wait() {
    local tries=0
    until "$(pg_bin)/pg_isready" -q -h "$KB_HOST" -p "$KB_PG_PORT"; do
        ((tries++ < 60)) || { show_log_tail "$PG_LOG"; die "postgres: not ready after 30 s"; }
        sleep 0.5
    done
}

# The app's role and database; CREATEDB lets Django's test runner create its
# test database. Both statements are no-ops when the objects already exist.
postgres_create_app_database() {
    as_svc "$(pg_bin)/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKET_DIR" -p "$KB_PG_PORT" \
        -U postgres -d postgres >/dev/null <<'SQL'
SELECT 'CREATE ROLE kb LOGIN CREATEDB PASSWORD ''kb'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'kb') \gexec
SELECT 'CREATE DATABASE kb OWNER kb'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'kb') \gexec
SQL
}

postgres_stop() {
    if ! postgres_running; then
        say "postgres: not running"
        return 0
    fi
    # Fast mode: roll back open transactions rather than wait for clients.
    as_svc "$(pg_bin)/pg_ctl" stop -D "$PG_DATA" -m fast -w -t 60 -s
    say "postgres: stopped"
}

postgres_status() {
    if "$(pg_bin)/pg_isready" -q -h "$KB_HOST" -p "$KB_PG_PORT"; then
        say "postgres: up on $KB_HOST:$KB_PG_PORT"
    else
        say "postgres: down ($KB_HOST:$KB_PG_PORT)"
        return 1
    fi
}

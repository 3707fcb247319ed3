# shellcheck shell=bash
# Shared paths, settings and helpers for the local service scripts.
#
# Sourced, never run: sourcing only defines variables and functions, so any
# script (including the hunspell init container in docker-compose.yml) can
# reuse the helpers without side effects.

# The repo root is found from this file's location, so the scripts work from
# any checkout path and any working directory.
KB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Both folders are git-ignored: .services holds service state, .cache holds
# downloads that survive an `rm -rf .services`.
KB_STATE="$KB_ROOT/.services"
KB_CACHE="$KB_ROOT/.cache"

KB_HOST=127.0.0.1
KB_PG_PORT="${KB_PG_PORT:-5433}"
KB_REDIS_PORT="${KB_REDIS_PORT:-6380}"
KB_ES_PORT="${KB_ES_PORT:-9200}"

# Elasticsearch refuses to run as root, and running the others as a dedicated
# user keeps their files apart from the developer's.
KB_SVC_USER=kbsvc

say() { printf '%s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Prints the last lines of a service log, so a failed start explains itself.
show_log_tail() {
    local log="$1"
    if [[ -f "$log" ]]; then
        printf -- '--- last lines of %s ---\n' "$log" >&2
        tail -n 30 "$log" >&2
    fi
}

# Serialises commands that change state, so two concurrent runs (make -j, two
# terminals) cannot start a service twice or unpack over each other.
lock_state() {
    mkdir -p "$KB_STATE"
    exec 9>"$KB_STATE/.lock"
    flock 9
}

# Runs a command as the service user. Without root we cannot switch users, so
# the services then run as whoever called us (still never as root). The lock's
# descriptor is closed: a daemon inheriting it would hold the lock forever.
as_svc() {
    if [[ $EUID -eq 0 ]]; then
        runuser -u "$KB_SVC_USER" -- "$@" 9>&-
    else
        "$@" 9>&-
    fi
}

# Hands files to the service user; without root they are ours already.
own_by_svc() {
    [[ $EUID -ne 0 ]] || chown -R "$KB_SVC_USER:$KB_SVC_USER" "$@"
}

# Installs the Debian packages that are missing, with a single `apt-get update`,
# so a fresh machine (CI) gets everything while a provisioned one skips apt.
ensure_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" != "install ok installed" ]]; then
            missing+=("$pkg")
        fi
    done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    [[ $EUID -eq 0 ]] || die "missing Debian packages (${missing[*]}); install them as root"
    say "apt: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

ensure_service_user() {
    [[ $EUID -eq 0 ]] || return 0
    id -u "$KB_SVC_USER" >/dev/null 2>&1 && return 0
    say "users: creating system user $KB_SVC_USER"
    useradd --system --user-group --home-dir /nonexistent --no-create-home \
        --shell /usr/sbin/nologin "$KB_SVC_USER"
}

# Creates .services owned by the service user and checks that the user can
# reach it: a repo under a private home directory (mode 700) would otherwise
# fail later with a confusing permission error from one of the servers.
prepare_state_dir() {
    mkdir -p "$KB_STATE"
    own_by_svc "$KB_STATE"
    as_svc test -w "$KB_STATE" ||
        die "user $KB_SVC_USER cannot write $KB_STATE; make its parent folders world-searchable (chmod o+x)"
}

# True when the pid in the pidfile is a live process whose command line
# contains the pattern; a pid reused by an unrelated process does not count.
pid_alive() {
    local pidfile="$1" pattern="$2" pid
    [[ -s "$pidfile" ]] || return 1
    pid="$(<"$pidfile")"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    [[ -r "/proc/$pid/cmdline" ]] || return 1
    [[ "$(tr '\0' ' ' <"/proc/$pid/cmdline")" == *"$pattern"* ]]
}

# Sends SIGTERM (a clean shutdown for Redis and Elasticsearch) and waits for
# the process to exit.
stop_by_pidfile() {
    local name="$1" pidfile="$2" pattern="$3" pid waited=0
    if ! pid_alive "$pidfile" "$pattern"; then
        rm -f "$pidfile"
        say "$name: not running"
        return 0
    fi
    pid="$(<"$pidfile")"
    kill -TERM "$pid"
    while kill -0 "$pid" 2>/dev/null; do
        ((waited++ < 120)) || die "$name: pid $pid still running 60 s after SIGTERM"
        sleep 0.5
    done
    rm -f "$pidfile"
    say "$name: stopped"
}

# True when something accepts TCP connections on the port.
port_open() {
    (exec 3<>"/dev/tcp/$KB_HOST/$1") 2>/dev/null
}

# Refuses to start when another process already holds the port: the new
# server would fail, or worse, clients would talk to the wrong server.
require_free_port() {
    local name="$1" port="$2"
    if port_open "$port"; then
        die "$name: $KB_HOST:$port is already in use by another process; stop it or set a different port"
    fi
}

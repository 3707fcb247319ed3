#!/usr/bin/env bash
# Serve the site for local work: a Celery worker (supervised: started again if it exits)
# and beat in the background, Django's development server in the foreground. Called by
# `make run` once the virtualenv, the services, the migrations and the demo content are in
# place. Ctrl-C stops all three.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-kb.settings.dev}"
port="${KB_WEB_PORT:-8000}"
log_dir=".cache/logs"
mkdir -p "$log_dir"

background_pids=()
stop_background() {
    local pid
    for pid in "${background_pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${background_pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
}
trap stop_background EXIT
trap 'exit 130' INT TERM

# Runs a command again whenever it exits, as docker-compose's `restart: unless-stopped` does
# for the worker in production: a worker that lost Redis for good comes back with it.
supervise() {
    local child="" status
    trap 'kill "$child" 2>/dev/null; wait "$child" 2>/dev/null; exit 0' TERM INT
    while true; do
        "$@" &
        child="$!"
        status=0
        wait "$child" || status="$?"
        echo "$(date -u +%FT%TZ) supervise: $1 exited with status $status; starting it again in 5 s"
        sleep 5 &
        wait "$!"
    done
}

# The worker runs jobs on content people wrote: never as root. As the image runs it as its
# `app` user, here it runs as the services' user (scripts/services.sh creates `kbsvc`),
# unless the virtualenv's interpreter is out of that user's reach (a Python under /root).
worker_user=()
if [[ "$(id -u)" -eq 0 ]]; then
    if runuser -u kbsvc -- .venv/bin/python -c "" 2>/dev/null; then
        worker_user=(runuser -u kbsvc --)
    else
        echo "warning: kbsvc cannot run .venv/bin/python ($(readlink -f .venv/bin/python));" \
            "the Celery worker runs as root" >&2
    fi
fi
supervise "${worker_user[@]}" .venv/bin/celery -A kb worker -Q celery,indexing,translation -l info \
    >>"$log_dir/celery-worker.log" 2>&1 &
background_pids+=("$!")
# Beat keeps its schedule file with the other local state, out of the source tree.
.venv/bin/celery -A kb beat -l info --schedule "$log_dir/celerybeat-schedule" \
    >>"$log_dir/celery-beat.log" 2>&1 &
background_pids+=("$!")

cat <<INFO

  Site:   http://127.0.0.1:${port}/
  Admin:  http://127.0.0.1:${port}/admin/
  Logs:   ${log_dir}/celery-worker.log, ${log_dir}/celery-beat.log

  Demo logins (password, role):
$(.venv/bin/python -c '
import django
django.setup()
from practices.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
for account in DEMO_ACCOUNTS:
    print(f"    {account.username:<10} {DEMO_PASSWORD}   {account.role}")
')

INFO

# In the background, so that the traps above run as soon as a signal arrives.
.venv/bin/python manage.py runserver "127.0.0.1:${port}" &
background_pids+=("$!")
wait "$!"

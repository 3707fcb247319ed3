"""Health probes for orchestrators and operators, each answered within a bound.

- `GET /healthz/live`: the process answers; no dependency is touched.
- `GET /healthz/ready`: ready to serve: the database and the cache answer (503 if not). A
  down broker, search node or worker leaves the site serving (pages fall back to
  PostgreSQL, jobs wait in Redis or are swept later): the answer says "degraded", still 200.
- `GET /healthz`: every component's status; 200 only when all are ok, else 503.

The checks run side by side, each in a thread of its own with bounded socket timeouts, and
the answer never waits longer than the setting `HEALTH_CHECK_DEADLINE_SECONDS` (0.5 s): a
component that has not answered by then is reported as failing ("no answer"), its thread
ending at its own timeout. Everyone
sees the statuses; the reasons go to the log, and into the answer for staff only (a staff
member's session is read from the database, so a hung database delays their answer, not a
probe's, which carries no cookie).
"""

import logging
import threading
import time

import psycopg
from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django_redis import get_redis_connection

from kb.celery import app as celery_app
from search.client import get_client

logger = logging.getLogger(__name__)

# Each check's own bound: how long a thread lives on after the answer gave up on it.
COMPONENT_TIMEOUT_SECONDS = 2
REQUIRED = ("database", "cache")
OPTIONAL = ("broker", "search", "worker")


def check_database():
    """A connection of its own with a connect timeout (Django's waits as long as libpq)."""
    database = settings.DATABASES["default"]
    with psycopg.connect(
        host=database["HOST"], port=database["PORT"], dbname=database["NAME"],
        user=database["USER"], password=database["PASSWORD"],
        connect_timeout=COMPONENT_TIMEOUT_SECONDS,
        options=f"-c statement_timeout={COMPONENT_TIMEOUT_SECONDS * 1000}",
    ) as connection:
        connection.execute("SELECT 1")


def check_cache():
    # SOCKET_CONNECT_TIMEOUT and SOCKET_TIMEOUT bound it (kb/settings/base.py).
    get_redis_connection("default").ping()


def check_broker():
    with celery_app.connection_for_write(connect_timeout=COMPONENT_TIMEOUT_SECONDS) as conn:
        conn.ensure_connection(max_retries=1, timeout=COMPONENT_TIMEOUT_SECONDS)


def check_search():
    health = get_client().options(request_timeout=COMPONENT_TIMEOUT_SECONDS).cluster.health()
    if health["status"] not in ("green", "yellow"):
        raise RuntimeError(f"cluster health is {health['status']}")


def check_worker():
    # limit=1: the first worker to answer is enough; without it ping waits its whole timeout.
    if not celery_app.control.ping(timeout=settings.HEALTH_CHECK_DEADLINE_SECONDS, limit=1):
        raise RuntimeError("no Celery worker answered")


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "search": check_search,
    "worker": check_worker,
}


def run_checks(names):
    """{name: reason or None}, every check started at once and none awaited past the deadline."""
    deadline_seconds = settings.HEALTH_CHECK_DEADLINE_SECONDS
    reasons = {name: f"no answer within {deadline_seconds} s" for name in names}

    def run(name):
        try:
            CHECKS[name]()
        except Exception as error:  # noqa: BLE001 - any failure is a reason to report
            reasons[name] = f"{type(error).__name__}: {error}"[:300]
        else:
            reasons[name] = None

    threads = [threading.Thread(target=run, args=(name,), daemon=True) for name in names]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + deadline_seconds
    for thread in threads:
        thread.join(max(0, deadline - time.monotonic()))
    return dict(reasons)


def report(request, reasons):
    """Per component "ok" or "error"; the reasons logged, and shown to staff only."""
    for name, reason in reasons.items():
        if reason:
            logger.warning("health: %s is failing: %s", name, reason)
    show_reasons = any(reasons.values()) and request.user.is_staff
    components = {}
    for name, reason in reasons.items():
        components[name] = {"status": "error" if reason else "ok"}
        if reason and show_reasons:
            components[name]["reason"] = reason
    return components


@never_cache
def live(request):
    return JsonResponse({"status": "ok"})


@never_cache
def ready(request):
    reasons = run_checks(REQUIRED + OPTIONAL)
    if any(reasons[name] for name in REQUIRED):
        status, code = "error", 503
    else:
        status, code = ("degraded" if any(reasons.values()) else "ok"), 200
    return JsonResponse({"status": status, "components": report(request, reasons)}, status=code)


@never_cache
def healthz(request):
    reasons = run_checks(tuple(CHECKS))
    healthy = not any(reasons.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "components": report(request, reasons)},
        status=200 if healthy else 503,
    )

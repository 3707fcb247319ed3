"""`GET /healthz`: is every service the site depends on answering?

Each check returns None when the component is fine, or raises with the reason. The view
answers 200 only when all are fine, else 503, so that load balancers and
docker-compose healthchecks can act on it.
"""

from celery.exceptions import CeleryError
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django_redis import get_redis_connection

from kb.celery import app as celery_app
from search.client import get_client

CHECK_TIMEOUT_SECONDS = 2


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_cache():
    get_redis_connection("default").ping()


def check_broker():
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=CHECK_TIMEOUT_SECONDS)


def check_search():
    health = get_client().options(request_timeout=CHECK_TIMEOUT_SECONDS).cluster.health()
    if health["status"] not in ("green", "yellow"):
        raise RuntimeError(f"cluster health is {health['status']}")


def check_worker():
    replies = celery_app.control.ping(timeout=CHECK_TIMEOUT_SECONDS / 2)
    if not replies:
        raise CeleryError("no Celery worker answered")


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "search": check_search,
    "worker": check_worker,
}


def run_check(check):
    try:
        check()
    except Exception as error:  # noqa: BLE001 - any failure is a reason to report
        return {"status": "error", "reason": f"{type(error).__name__}: {error}"[:300]}
    return {"status": "ok"}


@never_cache
def healthz(request):
    components = {name: run_check(check) for name, check in CHECKS.items()}
    if components["broker"]["status"] != "ok":
        components["worker"] = {"status": "error", "reason": "the broker is unreachable"}
    healthy = all(result["status"] == "ok" for result in components.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "components": components},
        status=200 if healthy else 503,
    )

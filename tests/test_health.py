"""The health probes: what each says, to whom, and that a hung component never hangs them."""

import socket
import threading
import time
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.test import override_settings

from kb.health import COMPONENT_TIMEOUT_SECONDS
from practices.factories import UserFactory
from search.client import get_client

CLOSED_PORT_URL = "http://127.0.0.1:9"
# The deadline these tests give the probes: the live components must answer within it even
# while other test runs load this shared machine, so it is looser than the production one.
DEADLINE_SECONDS = 1
# A hung component would hold an unbounded probe for its whole timeout or forever.
MUST_ANSWER_WITHIN_SECONDS = COMPONENT_TIMEOUT_SECONDS


@pytest.fixture(autouse=True)
def probe_deadline(settings):
    settings.HEALTH_CHECK_DEADLINE_SECONDS = DEADLINE_SECONDS


@contextmanager
def hung_server():
    """A TCP port that accepts connections and never answers a byte, as a hung service."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    accepted, stop = [], threading.Event()

    def accept():
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        for connection in accepted:
            connection.close()
        listener.close()


@contextmanager
def search_at(url):
    get_client.cache_clear()
    with override_settings(ELASTICSEARCH_URL=url):
        yield
    get_client.cache_clear()


@contextmanager
def cache_at(url):
    caches = {"default": {**settings.CACHES["default"], "LOCATION": url}}
    with override_settings(CACHES=caches):
        yield


@pytest.fixture
def hung_search_and_cache():
    with hung_server() as port, search_at(f"http://127.0.0.1:{port}"), \
            cache_at(f"redis://127.0.0.1:{port}/0"):
        yield


def timed_get(client, url):
    started = time.monotonic()
    response = client.get(url)
    return response, time.monotonic() - started


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(HEALTH_CHECK_DEADLINE_SECONDS=2)
def test_every_component_is_ok_with_all_services_and_a_worker(client, celery_worker):
    """With a deadline loose enough for this machine under the load of other test runs."""
    full = client.get("/healthz")
    ready = client.get("/healthz/ready")

    assert full.status_code == 200
    components = full.json()["components"]
    assert set(components) == {"database", "cache", "broker", "search", "worker"}
    assert all(result == {"status": "ok"} for result in components.values()), components
    assert ready.status_code == 200 and ready.json()["status"] == "ok"


@pytest.mark.django_db
def test_without_a_worker_the_report_names_it_and_the_site_is_still_ready(client):
    full, elapsed = timed_get(client, "/healthz")
    ready = client.get("/healthz/ready")

    assert full.status_code == 503
    assert full.json()["components"]["worker"]["status"] == "error"
    assert elapsed < MUST_ANSWER_WITHIN_SECONDS  # the ping waits for no worker's timeout
    assert ready.status_code == 200
    assert ready.json()["status"] == "degraded"


@pytest.mark.django_db
def test_search_outage_leaves_the_site_ready_and_the_pages_rendering(client):
    with search_at(CLOSED_PORT_URL):
        full = client.get("/healthz")
        ready = client.get("/healthz/ready")
        home = client.get("/en/")

    assert full.status_code == 503
    assert full.json()["components"]["search"] == {"status": "error"}
    assert full.json()["components"]["database"]["status"] == "ok"
    assert ready.status_code == 200
    assert ready.json()["status"] == "degraded"
    assert ready.json()["components"]["search"]["status"] == "error"
    assert home.status_code == 200


@pytest.mark.django_db
def test_reasons_are_for_staff_only(client):
    with search_at(CLOSED_PORT_URL):
        anonymous = client.get("/healthz").json()["components"]["search"]
        client.force_login(UserFactory(is_staff=True))
        staff = client.get("/healthz").json()["components"]["search"]

    assert anonymous == {"status": "error"}
    assert staff["status"] == "error"
    assert "ConnectionError" in staff["reason"]


@pytest.mark.django_db
def test_hung_components_do_not_hang_any_probe(client, hung_search_and_cache):
    live, live_elapsed = timed_get(client, "/healthz/live")
    ready, ready_elapsed = timed_get(client, "/healthz/ready")
    full, full_elapsed = timed_get(client, "/healthz")

    assert live.status_code == 200 and live.json() == {"status": "ok"}
    assert ready.status_code == 503  # the cache is required to serve
    assert full.status_code == 503
    components = full.json()["components"]
    assert components["search"]["status"] == components["cache"]["status"] == "error"
    assert components["database"]["status"] == "ok"
    assert max(live_elapsed, ready_elapsed, full_elapsed) < MUST_ANSWER_WITHIN_SECONDS


def test_live_touches_no_dependency(client, hung_search_and_cache):
    """No database mark: a query would fail this test (pytest-django blocks the database)."""
    response = client.get("/healthz/live")
    assert response.status_code == 200

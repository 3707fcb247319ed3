"""Fixtures shared by every test: the real services, started by `make test`, never faked."""

import os
import subprocess
import sys
import time

import pytest
import redis
from django.conf import settings

from kb.celery import app as celery_app
from search.client import get_client
from search.documents import alias_name
from search.index_admin import create_index

WORKER_START_TIMEOUT_SECONDS = 60


def worker_environment():
    """The environment a Celery worker needs to see exactly what this test run sees."""
    database = settings.DATABASES["default"]
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kb.settings.test",
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
            f"{database['PORT']}/{database['NAME']}"
        ),
        "KB_TEST_INDEX_PREFIX": settings.ELASTICSEARCH_INDEX_PREFIX,
        "KB_TEST_BROKER_URL": settings.CELERY_BROKER_URL,
        "KB_TEST_CACHE_URL": settings.CACHES["default"]["LOCATION"],
    }


def start_worker(queues="celery,indexing,translation"):
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "kb", "worker", "-Q", queues, "-c", "2",
         "-l", "warning", "--without-gossip", "--without-mingle"],
        env=worker_environment(),
        cwd=settings.BASE_DIR,
    )
    deadline = time.monotonic() + WORKER_START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the Celery worker exited with status {process.returncode}")
        if celery_app.control.ping(timeout=0.5):
            return process
    process.kill()
    raise RuntimeError("the Celery worker did not answer within a minute")


def stop_process(process):
    """Stop a child process (a worker, a server), killing it if it will not end."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def celery_worker(django_db_blocker):
    """A real Celery worker on the real Redis broker, reading this run's test database.

    Tests that use it must commit their data (`transactional_db`) for the worker to see it.
    """
    celery_app.control.purge()
    with django_db_blocker.unblock():
        process = start_worker()
    yield process
    stop_process(process)


@pytest.fixture
def indexing_worker(django_db_blocker):
    """A real Celery worker consuming only the "indexing" queue (search/tasks.py).

    Search tests use it so that slow jobs of other queues (translation) cannot hold both of
    its processes while a test waits for the index. Same rules as `celery_worker`.
    """
    celery_app.control.purge()
    with django_db_blocker.unblock():
        process = start_worker(queues="indexing")
    yield process
    stop_process(process)


def delete_test_indices():
    """Delete this run's practice indices (by name: the node refuses wildcard deletes)."""
    client = get_client()
    names = list(client.indices.get(index=f"{alias_name()}-*", expand_wildcards="all"))
    if names:
        client.indices.delete(index=",".join(names), ignore_unavailable=True)


@pytest.fixture(scope="session", autouse=True)
def search_indices_cleanup():
    """No index of this run outlives it."""
    assert settings.ELASTICSEARCH_INDEX_PREFIX.startswith("test-")
    yield
    delete_test_indices()


@pytest.fixture(scope="session", autouse=True)
def broker_cleanup():
    """No job or queue of this run outlives it in Redis (its keys carry the run's prefix)."""
    yield
    prefix = settings.CELERY_BROKER_TRANSPORT_OPTIONS["global_keyprefix"]
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    keys = list(broker.scan_iter(match=f"{prefix}*"))
    if keys:
        broker.delete(*keys)


@pytest.fixture
def practice_index(django_db_blocker):
    """An empty practice index behind the alias, created as `search_index create` does, and
    an empty search table: a row that a worker wrote after an earlier test ended (and its
    tables were flushed) must not count in this one."""
    from search.models import PracticeSearchEntry

    delete_test_indices()
    with django_db_blocker.unblock():
        PracticeSearchEntry.objects.all().delete()
    yield create_index()
    delete_test_indices()

"""A Celery worker killed with SIGKILL in the middle of indexing and translation jobs.

The moment is not left to chance: the test holds an exclusive lock on Wagtail's page table,
so every job the worker starts waits on its first read of a page; the worker is killed once
PostgreSQL shows it waiting. Jobs are acknowledged late, so the jobs the dead worker had
taken stay unacknowledged in Redis and are delivered again after the visibility timeout
(shortened here through CELERY_VISIBILITY_TIMEOUT). A new worker completes every job: no
document or translation is lost, and none is applied twice (documents carry their live
revision as version; one translated page per locale).
"""

from contextlib import contextmanager

import psycopg
import pytest
import redis
from django.conf import settings
from django.db import connections
from wagtail.models import Locale

from kb.celery import app as celery_app
from practices.factories import OrganisationPageFactory, PracticePageFactory
from practices.models import PracticePage
from search.client import get_client
from search.documents import alias_name
from search.tasks import index_practice
from translation.models import State, TranslationState
from translation.tasks import translate_practice

from .conftest import wait_for
from .helpers import wait_for_index_to_match

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

INDEX_JOBS = 30
TRANSLATION_JOBS = 5
# Jobs of a dead worker come back after this many seconds, not settings' ten minutes.
WORKER_ENVIRONMENT = {"CELERY_VISIBILITY_TIMEOUT": "10"}


def connect():
    """A connection of the test's own, beside Django's, made from Django's own parameters."""
    return psycopg.connect(**connections["default"].get_connection_params())


@contextmanager
def pages_locked():
    """While this is held, any read of a page waits: a job that has started stops there."""
    with connect() as connection:
        connection.execute("LOCK TABLE wagtailcore_page IN ACCESS EXCLUSIVE MODE")
        try:
            yield
        finally:
            connection.rollback()


def jobs_waiting_on_the_lock():
    with connect() as connection:
        return connection.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        ).fetchone()[0]


def indexed_count():
    get_client().indices.refresh(index=alias_name())
    return get_client().count(index=alias_name())["count"]


def translations_done(practices, locale):
    rows = TranslationState.objects.filter(
        translation_key__in=[practice.translation_key for practice in practices], locale=locale
    )
    return sum(row.state == State.MACHINE and not row.pending for row in rows)


def test_jobs_of_a_killed_worker_complete_once_on_a_new_worker(practice_index, start_worker):
    organisation = OrganisationPageFactory(title="Training Centre")
    practices = [
        PracticePageFactory(
            organisation=organisation,
            title=f"Vocational training in catering {n}",
            summary="Young people learn to cook in a restaurant open to the public.",
        )
        for n in range(INDEX_JOBS)
    ]
    spanish = Locale.objects.get(language_code="es")
    translated = practices[:TRANSLATION_JOBS]
    # Publishing queued jobs of its own; this test queues exactly the ones it counts.
    celery_app.control.purge()
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    prefix = settings.CELERY_BROKER_TRANSPORT_OPTIONS["global_keyprefix"]
    broker.delete(f"{prefix}unacked", f"{prefix}unacked_index")
    for practice in practices:
        index_practice.delay(str(practice.translation_key))
    for practice in translated:
        translate_practice.delay(practice.pk, "es")

    with pages_locked():
        worker = start_worker("indexing,translation", **WORKER_ENVIRONMENT)
        wait_for(jobs_waiting_on_the_lock, "the worker to start a job")
        worker.kill()
    assert broker.hlen(f"{prefix}unacked") > 0, "the jobs the worker held are gone"
    assert indexed_count() == 0 and translations_done(translated, spanish) == 0

    start_worker("indexing,translation", **WORKER_ENVIRONMENT)
    wait_for(
        lambda: translations_done(translated, spanish) == TRANSLATION_JOBS,
        "every translation job to complete",
    )
    wait_for_index_to_match("every practice and translation to be indexed")

    for practice in translated:
        copies = PracticePage.objects.filter(
            translation_key=practice.translation_key, locale=spanish
        )
        assert copies.count() == 1, practice.title
        assert copies.get().live and copies.get().alias_of_id is None

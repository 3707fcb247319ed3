"""Celery tasks that keep the public search index in step with the published practices.

They run on the "indexing" queue (settings.CELERY_TASK_ROUTES) and take translation keys
(a practice is one document, search/documents.py) or page and term ids, never objects:
each re-reads the database when it runs, so a late or repeated task writes the current
state, and the database clock at that read, as external version, stops an older write
from replacing a newer one. Unavailable services make a task retry with exponential
backoff and jitter; acks_late means a worker killed mid-task loses nothing.
"""

import logging

from celery import shared_task
from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout
from elasticsearch import ApiError, ConflictError
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError
from wagtail.models import Page

from practices.models import (
    PracticePage,
    PracticeTheme,
)

from . import index_admin, search_table
from .client import get_client
from .documents import alias_name
from .facets import TERM_FACETS
from .indexing import database_clock, practice_source


class SearchServiceError(Exception):
    """Elasticsearch answered with a server-side error (5xx) or asked us to slow down (429)."""


RETRY_ON = (
    TransportConnectionError,
    ConnectionTimeout,
    SearchServiceError,
    RedisError,
    BrokerError,
)

INDEXING_TASK_OPTIONS = {
    "autoretry_for": RETRY_ON,
    "retry_backoff": 2,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 10,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "soft_time_limit": 60,
    "time_limit": 90,
}

# Term models whose slugs the documents carry, by the name the tasks accept.
VOCABULARIES = {facet.vocabulary._meta.model_name: facet.vocabulary for facet in TERM_FACETS}

logger = logging.getLogger(__name__)


def raise_retryable(error):
    """Turn a server-side Elasticsearch error into one the tasks retry; re-raise the rest."""
    if isinstance(error, ApiError) and (error.meta.status >= 500 or error.meta.status == 429):
        raise SearchServiceError(str(error)) from error
    raise error


@shared_task(**INDEXING_TASK_OPTIONS)
def index_practice(translation_key):
    """Index the practice `translation_key` as it is now (every live, public version of it),
    or delete its document if none is left, and likewise its row of the PostgreSQL search
    table. Returns what happened to the document."""
    read_at = database_clock()  # before the read that may find no public version
    practice = practice_source(translation_key)
    # The PostgreSQL search table first: it answers when Elasticsearch cannot.
    if practice is None:
        search_table.hide([translation_key], read_at)
        return delete_document(translation_key, read_at)
    search_table.write_entries([practice])
    return write_document(practice)


def write_document(practice):
    """Write `practice` (a PracticeSource) through the alias unless the index holds a
    version read later."""
    try:
        get_client().index(
            index=alias_name(),
            id=practice.id,
            document=practice.source,
            version=practice.version,
            version_type="external_gte",
            require_alias=True,
        )
    except ConflictError:
        logger.info("practice %s: a later state is already indexed", practice.id)
        return "newer revision indexed"
    except ApiError as error:
        raise_retryable(error)
    return "indexed"


def delete_document(translation_key, read_at):
    """Delete the document of a practice found to have no public version at `read_at` (the
    database clock; nothing to delete is fine), unless a state read later has been indexed
    meanwhile.

    The document is looked up first: a versioned delete of a missing document would make
    the node create an index under the alias's name when the alias is missing.
    """
    client = get_client()
    try:
        current = client.options(ignore_status=404).get(
            index=alias_name(), id=str(translation_key), source=False
        )
        if current.meta.status == 404:
            return "deleted"
        client.options(ignore_status=404).delete(
            index=current["_index"], id=str(translation_key), version=read_at,
            version_type="external_gte",
        )  # fmt: skip
    except ConflictError:
        return "newer revision indexed"
    except ApiError as error:
        raise_retryable(error)
    return "deleted"


def enqueue_practices(pages):
    """Queue `index_practice` once for each practice with a page in queryset `pages`;
    returns how many were queued."""
    count = 0
    keys = pages.order_by("translation_key").values_list("translation_key", flat=True)
    for key in keys.distinct().iterator():
        index_practice.delay(str(key))
        count += 1
    return count


@shared_task(**INDEXING_TASK_OPTIONS)
def reindex_organisation(org_page_id):
    """Re-index the practices of an organisation: its name, slug or URL is in each of them."""
    return reindex_subtree(org_page_id)


@shared_task(**INDEXING_TASK_OPTIONS)
def reindex_subtree(page_id):
    """Re-index every practice at or under page `page_id` (moved, restricted, renamed)."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return 0
    return enqueue_practices(PracticePage.objects.filter(path__startswith=page.path))


@shared_task(**INDEXING_TASK_OPTIONS)
def reindex_theme(theme_id):
    """Re-index the practices of a theme: its slug and labels are in each of them."""
    practice_ids = PracticeTheme.objects.filter(tag_id=theme_id).values("content_object_id")
    return enqueue_practices(PracticePage.objects.filter(pk__in=practice_ids))


@shared_task(**INDEXING_TASK_OPTIONS)
def reindex_term(vocabulary, term_id):
    """Re-index the practices described by a target group, pathway stage or funding
    programme (`vocabulary` is the model name in lower case): its slug is in each."""
    model = VOCABULARIES[vocabulary]
    practice_ids = model.practices.through.objects.filter(
        **{f"{model._meta.model_name}_id": term_id}
    ).values("practicepage_id")
    return enqueue_practices(PracticePage.objects.filter(pk__in=practice_ids))


@shared_task(**{**INDEXING_TASK_OPTIONS, "soft_time_limit": 600, "time_limit": 900})
def reconcile_index():
    """Repair the drift between the published practices and the index (every 15 minutes)."""
    try:
        drift = index_admin.reconcile()
    except ApiError as error:
        raise_retryable(error)
    return {
        "missing": len(drift.missing),
        "stale": len(drift.stale),
        "orphaned": len(drift.orphaned),
        "table_written": drift.table_written,
        "table_deleted": drift.table_deleted,
    }

"""Celery tasks that keep the public search index in step with the published practices.

They run on the "indexing" queue (settings.CELERY_TASK_ROUTES) and take page or term ids,
never objects: each re-reads the database when it runs, so a late or repeated task writes
the current state, and the live revision id as external version stops an older write
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
    FundingProgramme,
    PathwayStage,
    PracticePage,
    PracticeTheme,
    TargetGroup,
)

from . import index_admin
from .client import get_client
from .documents import alias_name
from .indexing import version_sources


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
VOCABULARIES = {
    "targetgroup": TargetGroup,
    "pathwaystage": PathwayStage,
    "fundingprogramme": FundingProgramme,
}

logger = logging.getLogger(__name__)


def raise_retryable(error):
    """Turn a server-side Elasticsearch error into one the tasks retry; re-raise the rest."""
    if isinstance(error, ApiError) and (error.meta.status >= 500 or error.meta.status == 429):
        raise SearchServiceError(str(error)) from error
    raise error


@shared_task(**INDEXING_TASK_OPTIONS)
def index_practice(page_id):
    """Index practice version `page_id` as it is now, or delete its document if it is not
    public; the practice's other live versions are rewritten too, since each carries the
    titles of the others (for sorting). Returns what happened to `page_id`'s document."""
    outcome = None
    for practice in version_sources(page_id):
        written = write_document(practice)
        if practice.id == page_id:
            outcome = written
    return outcome or delete_document(page_id)


def write_document(practice):
    """Write `practice` (a PracticeSource) through the alias unless the index holds a newer
    revision of it."""
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
        logger.info("practice %s: a newer revision is already indexed", practice.id)
        return "newer revision indexed"
    except ApiError as error:
        raise_retryable(error)
    return "indexed"


@shared_task(**INDEXING_TASK_OPTIONS)
def delete_practice(page_id):
    """Delete the document of practice `page_id` (nothing to delete is fine)."""
    return delete_document(page_id)


def delete_document(page_id):
    """Delete the document at the version it has.

    A plain delete would leave a tombstone one version above the revision, and the same
    revision could not be indexed again (after a view restriction is lifted, say) until
    the tombstone expires. A conflict means a newer revision was indexed meanwhile.
    """
    client = get_client()
    try:
        current = client.options(ignore_status=404).get(
            index=alias_name(), id=page_id, source=False
        )
        if current.meta.status == 404:
            return "deleted"
        client.options(ignore_status=404).delete(
            index=alias_name(),
            id=page_id,
            version=current["_version"],
            version_type="external_gte",
        )
    except ConflictError:
        return "newer revision indexed"
    except ApiError as error:
        raise_retryable(error)
    return "deleted"


def enqueue_practices(practice_ids):
    """Queue `index_practice` for each id; returns how many were queued."""
    count = 0
    for page_id in practice_ids:
        index_practice.delay(page_id)
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
    practices = PracticePage.objects.filter(path__startswith=page.path)
    return enqueue_practices(practices.values_list("pk", flat=True).iterator())


@shared_task(**INDEXING_TASK_OPTIONS)
def reindex_theme(theme_id):
    """Re-index the practices of a theme: its slug and labels are in each of them."""
    practice_ids = PracticeTheme.objects.filter(tag_id=theme_id).values_list(
        "content_object_id", flat=True
    )
    return enqueue_practices(practice_ids.iterator())


@shared_task(**INDEXING_TASK_OPTIONS)
def reindex_term(vocabulary, term_id):
    """Re-index the practices described by a target group, pathway stage or funding
    programme (`vocabulary` is the model name in lower case): its slug is in each."""
    model = VOCABULARIES[vocabulary]
    practice_ids = model.practices.through.objects.filter(
        **{f"{model._meta.model_name}_id": term_id}
    ).values_list("practicepage_id", flat=True)
    return enqueue_practices(practice_ids.iterator())


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
    }

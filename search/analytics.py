"""Counting what visitors search for, off the request path.

Call `count_search(query, language, results, page=1)` once per search a visitor makes
(the search page, the API's search endpoint; never the completions), after the search has
answered, with the query text as typed, the interface language (`SearchParams.lang`), the
total number of results and the page asked for:

    from search.analytics import count_search
    count_search(params.q, params.lang, result.total, page=params.page)

It costs the request two or three Redis commands and never raises: with Redis down the
search is simply not counted. Empty queries (browsing by facets) and pages after the first
(the same search, read on) are not counted. Nothing that identifies the visitor is stored:
no address, no session, no time of day; only the day, the normalised query, the language
and the number of results.

The counters wait in Redis hashes until `flush_search_counts` (Celery beat, every minute)
moves them into `SearchTermCount` rows, and deletes the rows older than
settings.SEARCH_ANALYTICS_RETENTION_DAYS.
"""

import json
import logging
import unicodedata
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_redis import get_redis_connection
from redis.exceptions import RedisError

from search.models import SearchTermCount

MAX_QUERY_LENGTH = 200
COUNTS_KEY = "search-analytics:searches"
EMPTY_KEY = "search-analytics:no-result"
RESULTS_KEY = "search-analytics:results"
KEYS = (COUNTS_KEY, EMPTY_KEY, RESULTS_KEY)

logger = logging.getLogger(__name__)


def normalise_query(text):
    """The query as counted: Unicode-normalised, case-folded, spaces collapsed, cut short."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def count_search(query, language, results, page=1):
    """Count one search (see the module's docstring); returns whether it was counted."""
    normalised = normalise_query(query)
    if not normalised or page != 1:
        return False
    field = json.dumps([timezone.localdate().isoformat(), normalised, language[:8]])
    try:
        pipeline = get_redis_connection("default").pipeline(transaction=True)
        pipeline.hincrby(COUNTS_KEY, field, 1)
        pipeline.hset(RESULTS_KEY, field, int(results))
        if not results:
            pipeline.hincrby(EMPTY_KEY, field, 1)
        pipeline.execute()
    except RedisError:
        logger.warning("search not counted: Redis is unreachable", exc_info=True)
        return False
    except NotImplementedError:  # a cache that is not Redis (bench/relevance.py's)
        return False
    return True


def take_counters(connection):
    """Move the counters aside atomically and read them: searches counted meanwhile start
    new hashes, so none is lost or counted twice."""
    taken = {key: f"{key}:flushing" for key in KEYS}
    for key, aside in taken.items():
        # A hash left aside by a flush that failed is read again first, then new counts.
        if connection.exists(key):
            connection.renamenx(key, aside)
    values = {key: connection.hgetall(aside) for key, aside in taken.items()}
    return values, list(taken.values())


@transaction.atomic
def store_counts(values):
    empty, results = values[EMPTY_KEY], values[RESULTS_KEY]
    for field, searches in values[COUNTS_KEY].items():
        day, query, language = json.loads(field)
        row, _created = SearchTermCount.objects.select_for_update().get_or_create(
            day=day, query=query, language=language
        )
        SearchTermCount.objects.filter(pk=row.pk).update(
            searches=F("searches") + int(searches),
            no_result_searches=F("no_result_searches") + int(empty.get(field, 0)),
            results=int(results.get(field, 0)),
        )
    return len(values[COUNTS_KEY])


def forget_old_counts():
    oldest = timezone.localdate() - timedelta(days=settings.SEARCH_ANALYTICS_RETENTION_DAYS)
    return SearchTermCount.objects.filter(day__lt=oldest).delete()[0]


@shared_task(autoretry_for=(RedisError,), retry_backoff=5, max_retries=5, acks_late=True)
def flush_search_counts():
    """Move the Redis counters into the database; forget counts past the retention."""
    connection = get_redis_connection("default")
    values, taken = take_counters(connection)
    stored = store_counts(values)
    connection.delete(*taken)
    return {"stored": stored, "forgotten": forget_old_counts()}

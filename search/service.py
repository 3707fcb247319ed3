"""Practice search for the pages, the API, the feeds, the alerts and the map: from
Elasticsearch, or from PostgreSQL when Elasticsearch fails.

    result = search_practices(params)                  # SearchResult
    completions = suggest_titles("ment", 10, "fr")     # [{"text", "url"}]
"""

import logging
import time

from django.conf import settings
from elasticsearch import ApiError, TransportError

from search.backends.database import search_database, suggest_from_database
from search.backends.elasticsearch import search_index, suggest_from_index

logger = logging.getLogger(__name__)

# ELASTICSEARCH_URL → the time (time.monotonic) until which this process does not try it.
unreachable_until = {}


def elasticsearch_resting():
    """Whether Elasticsearch could not be reached less than ELASTICSEARCH_RETRY_AFTER
    seconds ago: meanwhile searches go straight to the database. During an outage each
    would otherwise first build the index's query (the query's machine translations and
    embedding, some 50 ms of the machine's cores) and wait for the node to fail."""
    return time.monotonic() < unreachable_until.get(settings.ELASTICSEARCH_URL, 0.0)


def note_unreachable(error):
    logger.warning("Elasticsearch is unreachable, searching the database: %s", error)
    unreachable_until[settings.ELASTICSEARCH_URL] = (
        time.monotonic() + settings.ELASTICSEARCH_RETRY_AFTER)


def search_practices(params):
    """Answer `params` from Elasticsearch, or from PostgreSQL when Elasticsearch fails."""
    if not elasticsearch_resting():
        try:
            return search_index(params)
        except TransportError as error:
            note_unreachable(error)
        except ApiError:
            logger.exception("Elasticsearch refused a search, searching the database")
    return search_database(params)


def suggest_titles(text, limit=10, language=None):
    """Completions for the query box: [{"text", "url"}], one per practice whose title in
    any language starts with `text`, each the title and link of its version in `language`
    (else of its original); from the index or the database."""
    if not elasticsearch_resting():
        try:
            return suggest_from_index(text, limit, language)
        except TransportError as error:
            note_unreachable(error)
        except ApiError as error:
            logger.warning("Suggestions from the database: %s", error)
    return suggest_from_database(text, limit, language)

"""Practice search for the pages, the API, the feeds, the alerts and the map: from
Elasticsearch, or from PostgreSQL when Elasticsearch fails.

    result = search_practices(params)                  # SearchResult
    completions = suggest_titles("ment", 10, "fr")     # [{"text", "url"}]
"""

import logging

from elasticsearch import ApiError, TransportError

from search.backends.database import search_database, suggest_from_database
from search.backends.elasticsearch import search_index, suggest_from_index

logger = logging.getLogger(__name__)


def search_practices(params):
    """Answer `params` from Elasticsearch, or from PostgreSQL when Elasticsearch fails."""
    try:
        return search_index(params)
    except TransportError as error:
        logger.warning("Elasticsearch is unreachable, searching the database: %s", error)
    except ApiError:
        logger.exception("Elasticsearch refused a search, searching the database")
    return search_database(params)


def suggest_titles(text, limit=10, language=None):
    """Completions for the query box: [{"text", "url"}], one per practice whose title in
    any language starts with `text`, each the title and link of its version in `language`
    (else of its original); from the index or the database."""
    try:
        return suggest_from_index(text, limit, language)
    except (TransportError, ApiError) as error:
        logger.warning("Suggestions from the database: %s", error)
    return suggest_from_database(text, limit, language)

"""The one Elasticsearch client of the process, built from settings."""

from functools import cache

from django.conf import settings
from elasticsearch import Elasticsearch


@cache
def get_client():
    return Elasticsearch(
        settings.ELASTICSEARCH_URL,
        request_timeout=settings.ELASTICSEARCH_TIMEOUT,
        retry_on_timeout=False,
        max_retries=0,
    )

"""A search asked again is answered from the node's request cache, which never hides a
practice published since (search.backends.elasticsearch.searching.run_search)."""

import pytest

from practices.factories import PracticePageFactory
from search.backends.elasticsearch import search_index
from search.client import get_client
from search.documents import alias_name
from search.params import SearchParams

from .helpers import refresh

pytestmark = pytest.mark.django_db
QUERY = SearchParams(q="bicycle repair workshop", lang="en")


def cache_hits():
    stats = get_client().indices.stats(index=alias_name(), metric="request_cache")
    return stats["_all"]["total"]["request_cache"]["hit_count"]


def found_titles():
    return sorted(hit["title"] for hit in search_index(QUERY).hits)


def test_a_search_asked_again_comes_from_the_cache_until_a_practice_is_published(
    practice_index, django_capture_on_commit_callbacks, eager_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        PracticePageFactory(title="Bicycle repair workshop for young people")
    refresh()
    assert found_titles() == ["Bicycle repair workshop for young people"]
    hits = cache_hits()
    assert found_titles() == ["Bicycle repair workshop for young people"]
    assert cache_hits() > hits

    with django_capture_on_commit_callbacks(execute=True):
        PracticePageFactory(title="Bicycle repair workshop run by refugees")
    refresh()
    assert found_titles() == ["Bicycle repair workshop for young people",
                              "Bicycle repair workshop run by refugees"]  # fmt: skip

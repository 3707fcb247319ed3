"""Counting what visitors search for: in Redis during the request, into the database by the
flush task, normalised, without anything that identifies the visitor, and forgotten after
the retention period. Real Redis (the test run's cache database) and PostgreSQL."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_redis import get_redis_connection

from search.analytics import KEYS, count_search, flush_search_counts, normalise_query
from search.models import SearchTermCount

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_counters():
    connection = get_redis_connection("default")
    connection.delete(*KEYS, *[f"{key}:flushing" for key in KEYS])
    yield
    connection.delete(*KEYS, *[f"{key}:flushing" for key in KEYS])


def counts():
    return {
        (row.query, row.language): (row.searches, row.no_result_searches, row.results)
        for row in SearchTermCount.objects.all()
    }


def test_normalised_query_folds_case_and_spaces_but_keeps_accents():
    assert normalise_query("  Formation   PROFESSIONNELLE ") == "formation professionnelle"
    assert normalise_query("Économie sociale") == "économie sociale"
    assert len(normalise_query("x" * 500)) == 200


def test_searches_are_counted_per_query_and_language_once_flushed():
    count_search("Job coaching", "en", 3)
    count_search("job  COACHING", "en", 2)
    count_search("job coaching", "fr", 0)
    count_search("zzzq", "en", 0)
    assert SearchTermCount.objects.count() == 0  # nothing reaches the database in a request
    flush_search_counts()
    assert counts() == {
        ("job coaching", "en"): (2, 0, 2),
        ("job coaching", "fr"): (1, 1, 0),
        ("zzzq", "en"): (1, 1, 0),
    }
    count_search("zzzq", "en", 0)
    flush_search_counts()
    assert counts()[("zzzq", "en")] == (2, 2, 0)
    assert SearchTermCount.objects.get(query="zzzq").day == timezone.localdate()


def test_empty_queries_and_later_pages_are_not_counted():
    assert not count_search("   ", "en", 10)
    assert not count_search("mentoring", "en", 40, page=2)
    flush_search_counts()
    assert counts() == {}


def test_nothing_that_identifies_the_visitor_is_stored():
    fields = {field.name for field in SearchTermCount._meta.get_fields()}
    assert fields == {"id", "day", "query", "language", "searches", "no_result_searches",
                      "results"}


def test_counts_older_than_the_retention_are_forgotten(settings):
    settings.SEARCH_ANALYTICS_RETENTION_DAYS = 30
    today = timezone.localdate()
    SearchTermCount.objects.create(day=today - timedelta(days=31), query="old", language="en",
                                   searches=4)
    SearchTermCount.objects.create(day=today - timedelta(days=30), query="kept", language="en",
                                   searches=1)
    flush_search_counts()
    assert set(SearchTermCount.objects.values_list("query", flat=True)) == {"kept"}


def test_the_search_page_counts_its_searches(client, practice_index):
    assert client.get("/en/search/", {"q": "Nonexistentword Qqq"}).status_code == 200
    assert client.get("/fr/search/", {"q": "nonexistentword qqq", "page": "1"}).status_code == 200
    client.get("/en/search/", {"theme": "integration"})  # no words: browsing, not counted
    flush_search_counts()
    assert counts() == {("nonexistentword qqq", "en"): (1, 1, 0),
                        ("nonexistentword qqq", "fr"): (1, 1, 0)}


def test_the_api_counts_its_searches_but_not_the_completions(client, practice_index):
    assert client.get("/api/v1/search/", {"q": "Apprenticeship", "lang": "de"}).status_code == 200
    assert client.get("/api/v1/suggest/", {"q": "appr"}).status_code == 200
    flush_search_counts()
    assert counts() == {("apprenticeship", "de"): (1, 1, 0)}

"""The "Search terms" report: a search that found nothing appears in it once a real Celery
worker has run the flush beat sends, and it exports as CSV and XLSX, for editors only."""

import csv
import io
import time

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone
from django_redis import get_redis_connection

from practices.factories import PartnerUserFactory, SecretariatUserFactory
from search.analytics import KEYS, flush_search_counts
from search.models import SearchTermCount

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DEADLINE_SECONDS = 60


def wait_for(condition, description):
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting for {description}")
        time.sleep(0.2)


def exported(client, **params):
    response = client.get("/admin/kb-reports/search-terms/", params)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def csv_rows(client, **params):
    content = exported(client, export="csv", **params).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


@pytest.fixture
def editor_client():
    client = Client()
    client.force_login(SecretariatUserFactory())
    return client


@pytest.fixture(autouse=True)
def empty_counters():
    get_redis_connection("default").delete(*KEYS)


def test_a_search_without_result_reaches_the_report_through_the_worker(
    celery_worker, practice_index, editor_client
):
    visitor = Client()
    visitor.get("/it/search/", {"q": "Qwxzv impossible"})
    visitor.get("/en/search/", {"q": "mentoring"})
    flush_search_counts.delay()
    wait_for(lambda: SearchTermCount.objects.filter(query="qwxzv impossible").exists(),
             "the worker to store the counts")

    rows = csv_rows(editor_client, no_result="true", period="day")
    today = timezone.localdate().isoformat()
    assert rows == [
        ["Period starting", "Query", "Language", "Searches", "Found nothing", "Most results"],
        [today, "mentoring", "en", "1", "1", "0"],  # the index is empty: nothing matches
        [today, "qwxzv impossible", "it", "1", "1", "0"],
    ]
    only_italian = csv_rows(editor_client, language="it")
    assert [row[1:3] for row in only_italian[1:]] == [["qwxzv impossible", "it"]]
    html = editor_client.get("/admin/kb-reports/search-terms/", {"no_result": "true"}).content
    assert b"qwxzv impossible" in html


def test_top_queries_by_period_newest_first_with_xlsx(editor_client):
    today = timezone.localdate()
    last_month = today.replace(day=1) - timezone.timedelta(days=1)
    for day, query, searches in [(today, "mentoring", 3), (today, "apprenticeship", 5),
                                 (last_month, "mentoring", 9)]:
        SearchTermCount.objects.create(day=day, query=query, language="en", searches=searches,
                                       results=4)
    rows = csv_rows(editor_client, period="month")
    assert [row[1:4] for row in rows[1:]] == [
        ["apprenticeship", "en", "5"], ["mentoring", "en", "3"], ["mentoring", "en", "9"]]
    assert rows[1][0] == today.replace(day=1).isoformat()
    assert rows[3][0] == last_month.replace(day=1).isoformat()
    assert csv_rows(editor_client, no_result="true")[1:] == []
    since_today = csv_rows(editor_client, period="month", day_from=today.isoformat())
    assert [row[1] for row in since_today[1:]] == ["apprenticeship", "mentoring"]

    sheet = openpyxl.load_workbook(io.BytesIO(exported(editor_client, export="xlsx",
                                                       period="month"))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][1:4] == ["apprenticeship", "en", 5]


def test_partners_cannot_read_the_search_terms(editor_client):
    partner = Client()
    partner.force_login(PartnerUserFactory())
    response = partner.get("/admin/kb-reports/search-terms/", {"export": "csv"})
    assert not response.get("Content-Type", "").startswith("text/csv")
    assert "kb-reports/search-terms" in editor_client.get("/admin/").content.decode()

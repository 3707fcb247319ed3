"""Elasticsearch stopped during a burst of publishes, with an indexing worker running.

Publishing never depends on the node: every publish succeeds, and the search answers from
PostgreSQL as soon as the worker has written the practices' rows to the search table (it
writes a row before it tries the node, so the outage does not hold the table back);
/healthz names search. Once the node is back, the retried jobs and a reconcile
leave the index exactly in step with the database.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from practices.factories import OrganisationPageFactory, PracticePageFactory
from search.tests.helpers import publish_new_revision

from .conftest import wait_for
from .helpers import wait_for_index_to_match

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def api_hits(client, query):
    response = client.get("/api/v1/search/", {"q": query, "page_size": 100})
    assert response.status_code == 200, response.content
    payload = response.json()
    return payload["backend"], {hit["id"]: hit["title"] for hit in payload["results"]}


def wait_for_fallback_hits(client, query, expected):
    """Poll the API until the database fallback answers `query` with `expected` (pk → title):
    the rows come through the indexing queue, a moment behind the publishes."""

    def answered():
        backend, hits = api_hits(client, query)
        assert backend == "database"
        return hits == expected

    wait_for(answered, f"the fallback to find {query!r}",
             explain=lambda: f"found {api_hits(client, query)[1]}, expected {expected}")


def test_publishes_during_an_outage_succeed_and_the_index_catches_up(
    client, practice_index, start_worker, services
):
    start_worker("indexing")
    organisation = OrganisationPageFactory(title="Garden Cooperative")
    existing = [PracticePageFactory(organisation=organisation, title=f"Allotment gardening {n}")
                for n in range(10)]  # fmt: skip
    wait_for_index_to_match("the worker to index the first ten practices")

    services.stop("elasticsearch")
    added = [PracticePageFactory(organisation=organisation, title=f"Outage beekeeping {n}")
             for n in range(12)]  # fmt: skip
    edited = [publish_new_revision(page, title=f"Revised gardening {n}")
              for n, page in enumerate(existing[:8])]  # fmt: skip
    for page in existing[8:]:
        page.unpublish()

    for page in added + edited:
        page.refresh_from_db()
        assert page.live and page.live_revision_id == page.latest_revision_id, page.title
    wait_for_fallback_hits(client, "beekeeping", {page.pk: page.title for page in added})
    wait_for_fallback_hits(client, "gardening", {page.pk: page.title for page in edited})
    health = client.get("/healthz")
    assert health.status_code == 503
    components = health.json()["components"]
    assert components["search"]["status"] == "error"
    assert components["database"]["status"] == "ok"
    assert client.get("/healthz/ready").json()["status"] == "degraded"

    services.start("elasticsearch")
    call_command("search_index", "reconcile", stdout=StringIO())
    wait_for_index_to_match("the index to match the database")
    status = StringIO()
    call_command("search_index", "status", stdout=status)
    figures = dict(re.findall(r"^([a-z ]+):\s+(\d+)", status.getvalue(), re.MULTILINE))
    assert figures == {"published practices": "20", "published versions": "20",
                       "indexed documents": "20", "missing": "0", "stale": "0",
                       "orphaned": "0"}, status.getvalue()
    backend, hits = api_hits(client, "beekeeping")
    assert backend == "elasticsearch"
    assert hits == {page.pk: page.title for page in added}

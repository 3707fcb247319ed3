"""`/healthz` tells operators which service is down, and the site keeps serving pages."""

import pytest
from django.test import override_settings

from search.client import get_client

CLOSED_PORT_URL = "http://127.0.0.1:9"


@pytest.fixture
def unreachable_search():
    """Point the site at a port where no Elasticsearch answers, as if the node were stopped."""
    get_client.cache_clear()
    with override_settings(ELASTICSEARCH_URL=CLOSED_PORT_URL):
        yield
    get_client.cache_clear()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_component_is_ok_with_all_services_and_a_worker(client, celery_worker):
    response = client.get("/healthz")

    assert response.status_code == 200
    components = response.json()["components"]
    assert set(components) == {"database", "cache", "broker", "search", "worker"}
    assert all(result["status"] == "ok" for result in components.values()), components


@pytest.mark.django_db
def test_without_a_worker_the_site_is_reported_unhealthy(client):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["components"]["worker"]["status"] == "error"


@pytest.mark.django_db
def test_search_outage_answers_503_naming_search_while_home_page_renders(
    client, unreachable_search
):
    health = client.get("/healthz")
    home = client.get("/en/")

    assert health.status_code == 503
    search = health.json()["components"]["search"]
    assert search["status"] == "error"
    assert search["reason"]
    assert health.json()["components"]["database"]["status"] == "ok"
    assert home.status_code == 200

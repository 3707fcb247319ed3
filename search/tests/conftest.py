"""Fixtures for the search tests: this run's own indices on the real node, eager tasks.

Indices are named with this run's prefix (settings.ELASTICSEARCH_INDEX_PREFIX,
`test-<pid>`), built by the production code and deleted when the session ends.
"""

import pytest
from django.conf import settings

from kb.celery import app as celery_app
from search.client import get_client
from search.documents import alias_name
from search.facets import TERMS_CACHE
from search.index_admin import create_index


def delete_test_indices():
    """Delete this run's practice indices (by name: the node refuses wildcard deletes)."""
    client = get_client()
    names = list(client.indices.get(index=f"{alias_name()}-*", expand_wildcards="all"))
    if names:
        client.indices.delete(index=",".join(names), ignore_unavailable=True)


@pytest.fixture(scope="session", autouse=True)
def search_indices_cleanup():
    """No index of this run outlives it."""
    assert settings.ELASTICSEARCH_INDEX_PREFIX.startswith("test-")
    yield
    delete_test_indices()


@pytest.fixture
def practice_index():
    """An empty practice index behind the alias, created as `search_index create` does."""
    delete_test_indices()
    name = create_index()
    yield name
    delete_test_indices()


@pytest.fixture
def eager_tasks():
    """Tasks run in the test process when queued, their errors propagating."""
    previous = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = previous


@pytest.fixture(autouse=True)
def fresh_facet_terms():
    """A rolled-back test leaves no vocabulary term in the search's memory."""
    TERMS_CACHE.clear()
    yield
    TERMS_CACHE.clear()

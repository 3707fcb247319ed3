"""Fixtures for the search tests: this run's own indices on the real node, eager tasks.

Indices are named with this run's prefix (settings.ELASTICSEARCH_INDEX_PREFIX,
`test-<pid>`), built by the production code and deleted when the session ends.
"""

import pytest

from kb.celery import app as celery_app
from search.facets import TERMS_CACHE


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

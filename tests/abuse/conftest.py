"""Fixtures of the abuse tests: this run's search indices are deleted when the session ends."""

import pytest
from django.conf import settings

from conftest import delete_test_indices


@pytest.fixture(scope="session", autouse=True)
def abuse_search_indices_cleanup():
    assert settings.ELASTICSEARCH_INDEX_PREFIX.startswith("test-")
    yield
    delete_test_indices()

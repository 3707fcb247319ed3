"""Reading the test index back: explicit refreshes, so that no test waits on a timer."""

from django.test import TestCase

from search.client import get_client
from search.documents import alias_name
from search.index_admin import alias_targets, rebuild


def refresh():
    get_client().indices.refresh(index=alias_name())


def indexed(page_id):
    """The indexed document of `page_id` (its `_source` and `_version`), or None."""
    refresh()
    response = get_client().options(ignore_status=404).get(index=alias_name(), id=page_id)
    return response.body if response.meta.status == 200 else None


def indexed_ids():
    refresh()
    response = get_client().search(index=alias_name(), size=1000, source=False)
    return {int(hit["_id"]) for hit in response["hits"]["hits"]}


def publish_new_revision(page, **changes):
    """Publish a new revision of `page` with `changes`; the page as it is then."""
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


class RebuiltIndexTestCase(TestCase):
    """A TestCase whose class data is indexed by `rebuild_index()` (called at the end of its
    `setUpTestData`); the index goes with the class."""

    @staticmethod
    def rebuild_index():
        rebuild()
        get_client().indices.refresh(index=alias_targets())

    @classmethod
    def tearDownClass(cls):
        for index in alias_targets():
            get_client().indices.delete(index=index, ignore_unavailable=True)
        super().tearDownClass()

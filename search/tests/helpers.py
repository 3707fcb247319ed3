"""Reading the test index back: explicit refreshes, so that no test waits on a timer."""

from django.test import TestCase

from search.client import get_client
from search.documents import alias_name
from search.index_admin import alias_targets, rebuild


def refresh():
    get_client().indices.refresh(index=alias_name())


def indexed(page):
    """The indexed document (its `_source` and `_version`) of the practice `page` (a page
    or a translation key) is a version of, or None."""
    refresh()
    key = str(getattr(page, "translation_key", page))
    response = get_client().options(ignore_status=404).get(index=alias_name(), id=key)
    return response.body if response.meta.status == 200 else None


def indexed_versions(page):
    """The page ids of the versions of `page`'s practice that the index holds."""
    document = indexed(page)
    return set(document["_source"]["page_ids"]) if document else set()


def indexed_ids():
    """The page ids of every version the index holds."""
    refresh()
    response = get_client().search(index=alias_name(), size=1000, source=["page_ids"])
    return {pk for hit in response["hits"]["hits"] for pk in hit["_source"]["page_ids"]}


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

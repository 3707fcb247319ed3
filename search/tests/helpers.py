"""Reading the test index back: explicit refreshes, so that no test waits on a timer."""

from search.client import get_client
from search.documents import alias_name


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

"""What the fault tests read back: the index against the database, pages as the site serves them."""

from search import index_admin
from search.client import get_client
from search.documents import alias_name
from search.indexing import live_fingerprints

from .conftest import wait_for


def drift():
    """The index's drift from the database, after a refresh (so nothing waits on a timer)."""
    get_client().indices.refresh(index=alias_name())
    return index_admin.measure_drift()


def drift_figures(measured):
    return {
        "missing": len(measured.missing),
        "stale": len(measured.stale),
        "orphaned": len(measured.orphaned),
    }


def index_matches_database():
    """True when every practice with a live version is indexed as it is now (its versions,
    revisions and translation states), and nothing else is."""
    return drift().clean


def indexed_fingerprint(page):
    """The fingerprint (page:revision:state of each version) of `page`'s practice document."""
    get_client().indices.refresh(index=alias_name())
    return index_admin.indexed_fingerprints().get(str(page.translation_key), "")


def index_differences():
    """What stands between the index and the database: the words of a failure message."""
    live, _ = live_fingerprints()
    indexed = index_admin.indexed_fingerprints()
    return (
        f"live practices {dict(sorted(live.items()))}, "
        f"indexed practices {dict(sorted(indexed.items()))}"
    )


def wait_for_index_to_match(description):
    wait_for(index_matches_database, description, explain=index_differences)

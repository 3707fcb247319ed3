"""What the fault tests read back: the index against the database, pages as the site serves them."""

from search import index_admin
from search.client import get_client
from search.documents import alias_name

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
    """True when every live practice is indexed at its live revision, and nothing else is."""
    measured = drift()
    live, _ = index_admin.live_versions()
    return measured.clean and measured.indexed_versions == live


def index_differences():
    """What stands between the index and the database: the words of a failure message."""
    live, _ = index_admin.live_versions()
    indexed = drift().indexed_versions
    return (
        f"live versions {dict(sorted(live.items()))}, "
        f"indexed versions {dict(sorted(indexed.items()))}"
    )


def wait_for_index_to_match(description):
    wait_for(index_matches_database, description, explain=index_differences)

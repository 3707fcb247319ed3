"""Creating, rebuilding and repairing the practice index behind its alias.

Searches always read the alias. `rebuild()` loads a new concrete index while the alias
still points at the old one, then moves the alias in one atomic `update_aliases` call, so
a search never sees a missing or half-filled index. `reconcile()` compares the practices
of the database, and the live state of their versions (`indexing.live_fingerprints`),
with the documents of the index and repairs the difference; the periodic task and
`manage.py search_index reconcile` both call it.
"""

import logging
import queue
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from elasticsearch import NotFoundError
from elasticsearch.helpers import scan, streaming_bulk

from . import embedding_store, search_table
from .client import get_client
from .documents import REFRESH_INTERVAL, alias_name, practice_index, versioned_index_name
from .indexing import database_clock, indexable_practices, live_fingerprints, practice_sources

logger = logging.getLogger(__name__)

BULK_CHUNK_SIZE = 500
# Bulk requests in flight while this thread reads the database and builds documents: the
# writers only send (a thread of its own would not see the caller's transaction).
BULK_THREADS = 2
QUEUE_SIZE = 2 * BULK_CHUNK_SIZE * BULK_THREADS
# A bulk request of BULK_CHUNK_SIZE documents may take longer than a search on a busy node.
BULK_TIMEOUT_SECONDS = 120
_DONE = object()


def alias_targets():
    """The concrete indices the alias points at (normally one; none before `create`)."""
    try:
        return sorted(get_client().indices.get_alias(name=alias_name()))
    except NotFoundError:
        return []


def create_index():
    """Create `<prefix>-practices-v<N>` and point the alias at it, unless the alias exists.

    Returns the name of the index the alias points at.
    """
    targets = alias_targets()
    if targets:
        return targets[0]
    name = versioned_index_name()
    client = get_client()
    if not client.indices.exists(index=name):
        practice_index(name).create(using=client)
    client.indices.update_aliases(actions=[{"add": {"index": name, "alias": alias_name()}}])
    return name


def index_action(practice, index):
    """The bulk action that writes `practice` (a PracticeSource) to `index` unless a state
    read later is there."""
    return {
        "_index": index,
        "_id": practice.id,
        "_version": practice.version,
        "_version_type": "external_gte",
        "_source": practice.source,
    }


def bulk_actions(index, sources, progress=None):
    """Index actions for `sources` (PracticeSources, e.g. from `practice_sources()`)."""
    for practice in sources:
        yield index_action(practice, index)
        if progress is not None:
            progress.update(1)


def load(index, practices=None, progress=None):
    """Bulk-load the practices with a version in `practices` (default: every indexable
    practice) into `index`, and their rows into the PostgreSQL search table on the way;
    returns the number of documents written.

    A failed document raises (`BulkIndexError`): a rebuild that silently loses documents
    would swap in an index that drifts from the start. A version conflict is no failure:
    the index already holds a newer revision, written by a task meanwhile.
    """
    actions = queue.Queue(maxsize=QUEUE_SIZE)
    with ThreadPoolExecutor(max_workers=BULK_THREADS) as pool:
        writers = [pool.submit(write_actions, actions) for _ in range(BULK_THREADS)]
        try:
            sources = search_table.written_along(practice_sources(practices))
            for action in bulk_actions(index, sources, progress):
                enqueue(actions, action, writers)
        finally:
            stop_writers(actions, writers)
        return sum(writer.result() for writer in writers)


def enqueue(actions, action, writers):
    """Put `action` on the queue; a writer that failed meanwhile raises its error here."""
    while True:
        try:
            actions.put(action, timeout=1)
            return
        except queue.Full:
            for writer in writers:
                if writer.done():
                    writer.result()


def stop_writers(actions, writers):
    """One _DONE per writer, unless every writer has stopped already (on an error)."""
    for _writer in writers:
        while not all(writer.done() for writer in writers):
            try:
                actions.put(_DONE, timeout=1)
                break
            except queue.Full:
                continue


def write_actions(actions):
    """Send actions from the queue in bulk requests until _DONE; returns how many were written."""
    written = 0
    client = get_client().options(request_timeout=BULK_TIMEOUT_SECONDS)
    for ok, _item in streaming_bulk(
        client, iter(actions.get, _DONE), chunk_size=BULK_CHUNK_SIZE, max_retries=3,
        ignore_status=(409,),
    ):
        written += ok
    return written


def bulk_load_settings(index):
    """Settings for loading a new index nobody searches yet: no refreshes, no replicas."""
    get_client().indices.put_settings(
        index=index, settings={"index": {"refresh_interval": "-1", "number_of_replicas": 0}}
    )


def restore_settings(index):
    """The settings of `practice_index`, back after a bulk load, then a refresh."""
    client = get_client()
    client.indices.put_settings(index=index, settings={"index": {
        "refresh_interval": REFRESH_INTERVAL,
        "number_of_replicas": settings.ELASTICSEARCH_INDEX_REPLICAS}})  # fmt: skip
    client.indices.refresh(index=index)


@dataclass
class RebuildResult:
    index: str
    previous: list
    documents: int
    seconds: float

    @property
    def documents_per_second(self):
        return self.documents / self.seconds if self.seconds else 0.0


def rebuild(progress=None):
    """Load every indexable practice into a new index, then swap the alias to it atomically.

    The previous indices are deleted after the swap; if loading fails, the new index is
    deleted and the alias keeps pointing at the old one. Tasks keep writing to the old
    index during the load, so a reconciliation after the swap catches what changed meanwhile.
    The embeddings no practice used in the load are forgotten (search.embedding_store).
    """
    client = get_client()
    begun = timezone.now()
    name = versioned_index_name(begun.strftime("%Y%m%dt%H%M%S%f"))
    started = time.perf_counter()
    practice_index(name).create(using=client)
    try:
        bulk_load_settings(name)
        count = load(name, progress=progress)
        restore_settings(name)
    except BaseException:
        client.indices.delete(index=name, ignore_unavailable=True)
        raise
    previous = alias_targets()
    client.indices.update_aliases(
        actions=[{"remove": {"index": old, "alias": alias_name()}} for old in previous]
        + [{"add": {"index": name, "alias": alias_name()}}]
    )
    seconds = time.perf_counter() - started
    for old in previous:
        client.indices.delete(index=old, ignore_unavailable=True)
    embedding_store.forget_unused(since=begun)
    reconcile()
    return RebuildResult(name, previous, count, seconds)


def indexed_fingerprints():
    """{translation key: fingerprint} of every document the alias holds."""
    hits = scan(
        get_client(),
        index=alias_name(),
        query={"query": {"match_all": {}}},
        _source=["fingerprint"],
        size=2000,
    )
    return {hit["_id"]: hit["_source"].get("fingerprint", "") for hit in hits}


@dataclass
class Drift:
    """How the index differs from the database: translation keys by kind of difference.

    `practices` counts the practices with a public version, `versions` those versions,
    `indexed` the documents (one per practice)."""

    practices: int = 0
    versions: int = 0
    indexed: int = 0
    missing: list = field(default_factory=list)
    stale: list = field(default_factory=list)
    orphaned: list = field(default_factory=list)
    # What reconcile() repaired in the PostgreSQL search table: rows written, rows deleted.
    table_written: int = 0
    table_deleted: int = 0

    @property
    def clean(self):
        return not (self.missing or self.stale or self.orphaned)


def measure_drift():
    live, versions = live_fingerprints()
    indexed = indexed_fingerprints()
    return Drift(
        practices=len(live),
        versions=versions,
        indexed=len(indexed),
        missing=sorted(set(live) - set(indexed)),
        stale=sorted(key for key, state in indexed.items() if key in live and state != live[key]),
        orphaned=sorted(set(indexed) - set(live)),
    )


def delete_documents(index, keys):
    """Delete the documents of `keys` (practices with no public version left), unless a
    later state was indexed meanwhile (409); one gone already (404) is fine."""
    version = database_clock()
    actions = (
        {"_op_type": "delete", "_index": index, "_id": key, "version": version,
         "version_type": "external_gte"}
        for key in keys
    )  # fmt: skip
    for _ok, _item in streaming_bulk(
        get_client(), actions, chunk_size=BULK_CHUNK_SIZE, ignore_status=(404, 409)
    ):
        pass


def reconcile():
    """Index missing and stale practices, delete orphaned documents, then repair the
    PostgreSQL search table likewise; returns the drift fixed.

    A stale document is one whose fingerprint (the versions, revisions and translation
    states it was built from) differs from the database's.
    """
    index = create_index()
    drift = measure_drift()
    client = get_client()
    to_index = drift.missing + drift.stale
    if to_index:
        load(index, indexable_practices().filter(translation_key__in=to_index))
    if drift.orphaned:
        delete_documents(index, drift.orphaned)
    if not drift.clean:
        client.indices.refresh(index=index)
        logger.info(
            "search index reconciled: %d missing, %d stale, %d orphaned",
            len(drift.missing),
            len(drift.stale),
            len(drift.orphaned),
        )
    drift.table_written, drift.table_deleted = search_table.reconcile()
    if drift.table_written or drift.table_deleted:
        logger.info("search table reconciled: %d rows written, %d deleted",
                    drift.table_written, drift.table_deleted)  # fmt: skip
    return drift

"""The PostgreSQL search table (`PracticeSearchEntry`): written from the index's documents.

Whatever writes a practice's document writes its row from the same PracticeSource (the
indexing task before it writes the document, a rebuild or reconciliation chunk by chunk),
so the table holds what the index holds, and during an Elasticsearch outage the tasks that
cannot write the document have written the row. Text vectors are computed by PostgreSQL
at write time: a search reads them through a GIN index and computes nothing per page.

Each version's text goes to its language's configuration as the index sends it to its
language's chain (elisions split off, search/indexing.py `text_fields`), and every
version's text, accent-folded, to `simple`: the query side (the PostgreSQL backend) looks
a word up in each. An upsert keeps the row read last (`version`, the database clock).

A practice withdrawn (unpublished, deleted, restricted, moved) is hidden at once, by the
transaction that withdraws it (search/signals.py): the row stays as a tombstone, not
`public`, with the version of its withdrawal, so that the search needs no check against
the pages and a write read before the withdrawal cannot bring it back. The indexing task
that follows writes the row again if a version is still public; reconciliation deletes
the rows of practices with none.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import connection, transaction
from django.db.models import JSONField, Value

from .documents import LANGUAGES, TEXT_FIELDS
from .facets import FACETS
from .indexing import database_clock, indexable_practices, live_fingerprints, practice_sources
from .models import PracticeSearchEntry

# Language code → PostgreSQL text search configuration.
TEXT_SEARCH_CONFIGS = {
    "en": "english",
    "fr": "french",
    "de": "german",
    "it": "italian",
    "es": "spanish",
}
NEUTRAL_CONFIG = "simple"
WEIGHTS = {"title": "A", "summary": "B", "body": "C", "outcomes": "C"}
COLUMNS = (
    "translation_key", "version", "public", "fingerprint", "versions", "original_id", "title_sort",
    *(facet.name for facet in FACETS), "start_year", "end_year", "published_at",
)  # fmt: skip
TABLE = PracticeSearchEntry._meta.db_table


def vector_sql():
    """The SQL that computes `document` from one text parameter per (language, field) and
    per neutral field, in `text_parameters` order."""
    parts = [
        f"setweight(to_tsvector('{TEXT_SEARCH_CONFIGS[language]}', %s), '{WEIGHTS[name]}')"
        for language in LANGUAGES for name in TEXT_FIELDS
    ]  # fmt: skip
    parts += [f"setweight(to_tsvector('{NEUTRAL_CONFIG}', %s), '{WEIGHTS[name]}')"
              for name in TEXT_FIELDS]  # fmt: skip
    return " || ".join(parts)


def text_parameters(source):
    """The texts of a document, in `vector_sql` order."""
    texts = [source.get(f"{name}_{language}", "") for language in LANGUAGES
             for name in TEXT_FIELDS]  # fmt: skip
    texts += ["\n".join(source.get(f"{name}_neutral", [])) for name in TEXT_FIELDS]
    return texts


UPSERT = (
    f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}, document) "
    f"VALUES ({', '.join(['%s'] * len(COLUMNS))}, {vector_sql()}) "
    f"ON CONFLICT (translation_key) DO UPDATE SET "
    + ", ".join(f"{column} = EXCLUDED.{column}" for column in (*COLUMNS[1:], "document"))
    + f" WHERE {TABLE}.version <= EXCLUDED.version"
)


def entry_parameters(practice):
    """The UPSERT parameters of a PracticeSource."""
    source = practice.source
    json = JSONField().get_db_prep_save
    row = {
        "translation_key": practice.id,
        "version": practice.version,
        "public": True,
        "fingerprint": source["fingerprint"],
        "versions": json({locale: item["id"] for locale, item in source["versions"].items()},
                         connection),
        "original_id": source.get("original_id"),
        "title_sort": json({language: source[f"title_sort_{language}"]
                            for language in LANGUAGES}, connection),
        **{facet.name: source.get(facet.field, [] if facet.kind.multiple else "")
           for facet in FACETS},
        "start_year": source.get("start_year"),
        "end_year": source.get("end_year"),
        "published_at": source.get("published_at"),
    }  # fmt: skip
    return [row[column] for column in COLUMNS] + text_parameters(source)


def write_entries(practices, batch_size=500):
    """Write the rows of `practices` (PracticeSources, an iterable), `batch_size` rows a
    statement batch, unless a later read is there."""
    rows = []
    for practice in practices:
        rows.append(entry_parameters(practice))
        if len(rows) == batch_size:
            write_rows(rows)
            rows = []
    write_rows(rows)


def written_along(sources, batch_size=500):
    """`sources` (PracticeSources) passed through, their rows written `batch_size` at a
    time as they pass: a rebuild builds each document once for the index and the table."""
    batch = []
    for practice in sources:
        batch.append(practice)
        if len(batch) == batch_size:
            write_entries(batch)
            batch = []
        yield practice
    write_entries(batch)


def write_rows(rows):
    if rows:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(UPSERT, rows)


def hide(translation_keys, read_at):
    """Hide the rows of practices withdrawn at `read_at` (the database clock), unless a
    later read is there: their text is dropped, and their fingerprint, so that
    reconciliation writes again those still public."""
    PracticeSearchEntry.objects.filter(
        translation_key__in=translation_keys, version__lte=read_at
    ).update(public=False, version=read_at, fingerprint="",
             document=Value("", output_field=SearchVectorField()))


def table_fingerprints():
    """{translation key: fingerprint} of the rows the search reads."""
    rows = PracticeSearchEntry.objects.filter(public=True)
    return {str(key): fingerprint for key, fingerprint in
            rows.values_list("translation_key", "fingerprint")}  # fmt: skip


def reconcile():
    """Write the rows of practices missing from the table or stale in it, delete the rows
    (tombstones included) of practices with no public version; returns (written, deleted).

    The rows are built without embeddings: the table has no use for them, and they are
    most of the time a document takes to build, so that filling the table of a site
    whose index is full takes minutes, not hours.
    """
    read_at = database_clock()
    live, _versions = live_fingerprints()
    stored = table_fingerprints()
    to_write = sorted(key for key, fingerprint in live.items() if stored.get(key) != fingerprint)
    every_row = PracticeSearchEntry.objects.values_list("translation_key", flat=True)
    orphaned = sorted({str(key) for key in every_row} - set(live))
    if to_write:
        practices = indexable_practices().filter(translation_key__in=to_write)
        write_entries(practice_sources(practices, with_embeddings=False))
    PracticeSearchEntry.objects.filter(
        translation_key__in=orphaned, version__lte=read_at
    ).delete()  # not one published since `live` was read
    return len(to_write), len(orphaned)

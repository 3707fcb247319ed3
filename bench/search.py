"""Search benchmark: synthetic practices, index rebuild throughput (and, later, API latency).

    .venv/bin/python bench/search.py --count 100000     # create, measure, keep the data
    .venv/bin/python bench/search.py --count 0          # measure what the database holds
    .venv/bin/python bench/search.py --cleanup          # delete the synthetic practices

It runs against the development database and index (kb.settings.dev unless
DJANGO_SETTINGS_MODULE says otherwise). The practices belong to one organisation,
"Benchmark", so that `--cleanup` removes exactly them. They are inserted in bulk (tree paths
computed here, one INSERT per table and batch), live without revisions, as an import would
leave them: the indexer gives such pages version 1. Each measurement is a function that
returns table rows, so more (the API's latency) can be added beside them.
"""

import argparse
import random
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this file's directory comes first on the path, and its name would hide
# the `search` app.
sys.path[0] = str(ROOT)

BENCHMARK_ORGANISATION = "Benchmark"
BATCH_SIZE = 2000
WORDS = (
    "job coaching training apprenticeship mentoring literacy housing integration employment "
    "youth migrants women disability skills volunteering community partnership guidance "
    "orientation insertion formation emploi jeunes Ausbildung Beschäftigung lavoro empleo "
    "inclusion digital social enterprise counselling outreach childcare transport health"
).split()


def setup_django():
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings.dev")
    django.setup()


def sentence(rng, words):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def benchmark_organisation():
    from practices.models import OrganisationPage
    from practices.organisations import create_organisation

    found = OrganisationPage.objects.filter(title=BENCHMARK_ORGANISATION).first()
    return found or create_organisation(BENCHMARK_ORGANISATION, country="BE")


def synthetic_practice(rng, number):
    from practices.models import PracticePage

    return PracticePage(
        title=f"{sentence(rng, 5)} {number}",
        summary=sentence(rng, 30),
        outcomes=sentence(rng, 40),
        body=[("paragraph", f"<p>{sentence(rng, 120)}</p>"), ("heading", sentence(rng, 4))],
        start_year=rng.randint(2000, 2025),
        countries=rng.sample(["BE", "FR", "DE", "IT", "ES", "AT", "NL", "PL"], 2),
        original_language=rng.choice(["en", "fr", "de", "it", "es", "nl"]),
        source_id=f"bench-{number}",
    )


def insert_practices(organisation, practices):
    """Insert live PracticePages under `organisation` in bulk: the page rows with their tree
    paths, then the practice rows (Django cannot bulk-create a multi-table model)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.db.models import F
    from django.utils import timezone
    from wagtail.models import Page

    from practices.models import PracticePage

    content_type = ContentType.objects.get_for_model(PracticePage)
    last_child = organisation.get_last_child()
    step = Page._str2int(last_child.path[-Page.steplen :]) if last_child else 0
    now = timezone.now()
    for offset, practice in enumerate(practices, start=1):
        practice.slug = f"bench-{uuid.uuid4().hex[:12]}"
        practice.draft_title = practice.title
        practice.path = Page._get_path(organisation.path, organisation.depth + 1, step + offset)
        practice.depth = organisation.depth + 1
        practice.url_path = f"{organisation.url_path}{practice.slug}/"
        practice.content_type = content_type
        practice.locale_id = organisation.locale_id
        practice.translation_key = uuid.uuid4()
        practice.live, practice.has_unpublished_changes = True, False
        practice.first_published_at = practice.last_published_at = now
    fields = PracticePage._meta.local_concrete_fields
    insert = (
        f"INSERT INTO {PracticePage._meta.db_table} ({', '.join(f.column for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    with transaction.atomic():
        pages = Page.objects.bulk_create([Page(**page_values(practice)) for practice in practices])
        rows = []
        for page, practice in zip(pages, practices, strict=True):
            practice.page_ptr_id = practice.pk = page.pk
            rows.append(
                [f.get_db_prep_save(f.pre_save(practice, True), connection) for f in fields]
            )
        with connection.cursor() as cursor:
            cursor.executemany(insert, rows)
        Page.objects.filter(pk=organisation.pk).update(numchild=F("numchild") + len(practices))
    organisation.refresh_from_db()


def page_values(practice):
    from wagtail.models import Page

    return {
        field.attname: getattr(practice, field.attname)
        for field in Page._meta.local_concrete_fields
        if field.attname != "id"
    }


def create_practices(count, seed=0):
    """Create `count` synthetic practices under "Benchmark"; returns [(measure, value)]."""
    organisation = benchmark_organisation()
    rng = random.Random(seed)
    started = time.perf_counter()
    for first in range(0, count, BATCH_SIZE):
        batch = [synthetic_practice(rng, n) for n in range(first, min(first + BATCH_SIZE, count))]
        insert_practices(organisation, batch)
    seconds = time.perf_counter() - started
    return [
        ("practices created", f"{count}"),
        ("creation time", f"{seconds:.1f} s"),
        ("creation rate", f"{count / seconds:.0f} practices/s" if seconds else "-"),
    ]


def cleanup():
    """Delete the Benchmark organisation and its practices, then reconcile the index.

    The search signals are muted meanwhile: one queued task per deleted page would be
    100,000 tasks for what one reconciliation does.
    """
    from django.db.models.signals import post_delete

    from practices.models import OrganisationPage, PracticePage
    from search import index_admin
    from search.signals import practice_deleted

    organisation = OrganisationPage.objects.filter(title=BENCHMARK_ORGANISATION).first()
    if organisation is None:
        return [("deleted", "nothing")]
    count = PracticePage.objects.child_of(organisation).count()
    post_delete.disconnect(practice_deleted, sender=PracticePage, dispatch_uid="search")
    try:
        organisation.delete()
    finally:
        post_delete.connect(practice_deleted, sender=PracticePage, dispatch_uid="search")
    drift = index_admin.reconcile()
    return [("practices deleted", f"{count}"), ("orphans removed", f"{len(drift.orphaned)}")]


def measure_rebuild():
    """`search_index rebuild` as an operator runs it: database to a new index, alias swap."""
    from search import index_admin

    result = index_admin.rebuild()
    return result, [
        ("rebuild: documents", f"{result.documents}"),
        ("rebuild: time", f"{result.seconds:.1f} s"),
        ("rebuild: throughput", f"{result.documents_per_second:.0f} docs/s"),
    ]


def measure_raw_bulk(rebuild_result):
    """`helpers.bulk` of the same documents, built beforehand, into a scratch index: the
    node's own ceiling, against which the rebuild's database reading and document
    building show as the ratio."""
    from elasticsearch.helpers import bulk

    from search.client import get_client
    from search.documents import practice_index, versioned_index_name
    from search.index_admin import BULK_CHUNK_SIZE, bulk_actions

    client = get_client()
    scratch = versioned_index_name("bench-scratch")
    client.indices.delete(index=scratch, ignore_unavailable=True)
    practice_index(scratch).create(using=client)
    try:
        actions = list(bulk_actions(scratch))
        started = time.perf_counter()
        bulk(client, actions, chunk_size=BULK_CHUNK_SIZE)
        client.indices.refresh(index=scratch)
        seconds = time.perf_counter() - started
    finally:
        client.indices.delete(index=scratch, ignore_unavailable=True)
    raw_rate = len(actions) / seconds if seconds else 0.0
    ratio = rebuild_result.documents_per_second / raw_rate if raw_rate else 0.0
    return [
        ("raw bulk: throughput", f"{raw_rate:.0f} docs/s"),
        ("rebuild / raw bulk", f"{ratio:.2f}"),
    ]


def markdown_table(rows):
    lines = ["| measure | value |", "|---|---|"]
    lines += [f"| {measure} | {value} |" for measure, value in rows]
    return "\n".join(lines)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="practices to create first")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cleanup", action="store_true", help="delete them and stop")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    setup_django()
    if args.cleanup:
        print(markdown_table(cleanup()))
        return
    from search import index_admin

    index_admin.create_index()
    rows = create_practices(args.count, args.seed) if args.count else []
    rebuild_result, rebuild_rows = measure_rebuild()
    rows += rebuild_rows + measure_raw_bulk(rebuild_result)
    print(markdown_table(rows))


if __name__ == "__main__":
    main()

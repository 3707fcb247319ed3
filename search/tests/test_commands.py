"""`manage.py search_index`: create, rebuild under live searches, status and reconcile."""

import threading
from io import StringIO

import pytest
from django.core.management import call_command

from practices.factories import OrganisationPageFactory, PracticePageFactory
from search import index_admin
from search.client import get_client
from search.documents import alias_name
from search.tasks import index_practice

from .helpers import indexed, indexed_ids

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("search_index", *args, "--no-progress", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_create_is_idempotent(practice_index):
    assert run("create").strip() == f"{alias_name()} → {practice_index}"
    assert run("create").strip() == f"{alias_name()} → {practice_index}"
    assert index_admin.alias_targets() == [practice_index]


def test_rebuild_swaps_the_alias_while_searches_keep_answering(practice_index):
    organisation = OrganisationPageFactory()
    practices = [PracticePageFactory(organisation=organisation) for _ in range(30)]
    for practice in practices:
        index_practice(str(practice.translation_key))
    get_client().indices.refresh(index=alias_name())
    totals, errors, stop = [], [], threading.Event()

    def search_in_a_loop():
        while not stop.is_set():
            try:
                response = get_client().search(index=alias_name(), size=0, track_total_hits=True)
                totals.append(response["hits"]["total"]["value"])
            except Exception as error:  # noqa: BLE001 - any failure is what the test looks for
                errors.append(error)

    searcher = threading.Thread(target=search_in_a_loop)
    searcher.start()
    try:
        for _ in range(3):
            output = run("rebuild")
    finally:
        stop.set()
        searcher.join()

    assert errors == []
    assert len(totals) > 10
    assert set(totals) == {30}
    assert "Indexed 30 practices" in output and "docs/s" in output
    targets = index_admin.alias_targets()
    assert len(targets) == 1 and targets[0] != practice_index
    assert not get_client().indices.exists(index=practice_index)
    assert indexed_ids() == {practice.pk for practice in practices}


def test_status_and_reconcile_find_and_repair_the_drift(practice_index):
    in_step = PracticePageFactory()
    missing = PracticePageFactory()
    stale = PracticePageFactory(title="Old title")
    orphaned = PracticePageFactory()
    for practice in [in_step, stale, orphaned]:
        index_practice(str(practice.translation_key))
    stale.title = "New title"
    stale.save_revision().publish()
    orphaned.unpublish()
    get_client().indices.refresh(index=alias_name())

    status = run("status")

    assert "published practices: 3" in status
    assert "indexed documents:   3 (one per practice)" in status
    assert f"missing:   1 ({missing.translation_key})" in status
    assert f"stale:     1 ({stale.translation_key})" in status
    assert f"orphaned:  1 ({orphaned.translation_key})" in status

    fixed = run("reconcile")

    assert f"fixed missing:   1 ({missing.translation_key})" in fixed
    assert f"fixed stale:     1 ({stale.translation_key})" in fixed
    assert f"fixed orphaned:  1 ({orphaned.translation_key})" in fixed
    assert indexed_ids() == {in_step.pk, missing.pk, stale.pk}
    assert indexed(stale)["_source"]["title_en"] == "New title"
    assert "The index is in step with the database." in run("status")
    assert "Nothing to fix." in run("reconcile")


def test_the_beat_task_reconciles_and_creates_a_missing_index(practice_index):
    from search.tasks import reconcile_index

    practice = PracticePageFactory()
    get_client().indices.delete(index=practice_index)

    assert reconcile_index() == {"missing": 1, "stale": 0, "orphaned": 0,
                                 "table_written": 0, "table_deleted": 0}  # fmt: skip

    assert indexed_ids() == {practice.pk}

"""The PostgreSQL search table follows the published practices as the index does: one row
per practice, written by the indexing task (signal path) and repaired by reconciliation;
the fallback search finds a practice by any word of any of its live versions."""

from io import StringIO

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from practices.factories import PracticePageFactory
from search import search_table
from search.backends.database import search_database
from search.indexing import live_fingerprints
from search.models import PracticeSearchEntry
from search.params import SearchParams
from search.tests.test_cross_language import translate


def rows_matching(word, config="simple"):
    """Translation keys of the rows whose text holds `word` (as `config` analyses it)."""
    rows = PracticeSearchEntry.objects.filter(document=SearchQuery(word, config=config))
    return {str(key) for key in rows.values_list("translation_key", flat=True)}


@pytest.mark.django_db(transaction=False)
def test_a_practice_and_its_translation_are_one_row_holding_every_version_and_body(
    practice_index, eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        original = PracticePageFactory(
            title="Ateliers d'écriture", original_language="fr",
            body=[("paragraph", "<p>Des ateliers de calligraphie pour adultes.</p>")],
        )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        german = translate(original, "de", title="Schreibwerkstätten für Erwachsene")
    key = str(original.translation_key)

    entry = PracticeSearchEntry.objects.get()
    assert entry.versions["en"] == original.pk and entry.versions["de"] == german.pk
    assert key in rows_matching("calligraphie")  # a word of the body
    assert key in rows_matching("schreibwerkstatten")  # a translation's, accent-folded
    assert key in rows_matching("Erwachsener", config="german")  # its German stem
    assert key in rows_matching("ecriture")  # the original's title, elision split, folded
    assert search_table.table_fingerprints() == live_fingerprints()[0]


@pytest.mark.django_db(transaction=False)
def test_an_unpublished_practice_leaves_the_table(
    practice_index, eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        kept = PracticePageFactory(title="Kept practice")
        withdrawn = PracticePageFactory(title="Withdrawn practice")
    assert set(search_table.table_fingerprints()) == {str(kept.translation_key),
                                         str(withdrawn.translation_key)}  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        for version in withdrawn.get_translations(inclusive=True).live():
            version.unpublish()  # the original and its machine translations

    assert set(search_table.table_fingerprints()) == {str(kept.translation_key)}
    assert rows_matching("withdrawn") == set()


def found(words, lang="en"):
    return [hit["id"] for hit in search_database(SearchParams(q=words, lang=lang)).hits]


@pytest.mark.django_db(transaction=False)
def test_a_withdrawn_translation_hides_its_practice_until_its_task_writes_it_again(
    practice_index, eager_tasks, django_capture_on_commit_callbacks
):
    """The indexing queue may lag (an outage, a backlog): what is withdrawn is hidden by
    the transaction that withdraws it, and what is still public comes back with the task."""
    with django_capture_on_commit_callbacks(execute=True):
        original = PracticePageFactory(title="Ateliers d'écriture", original_language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        german = translate(original, "de", title="Schreibwerkstätten für Erwachsene")
    assert found("Schreibwerkstätten", lang="de") == [german.pk]

    with django_capture_on_commit_callbacks() as queued:  # queued, not run
        german.unpublish()
    assert found("Schreibwerkstätten", lang="de") == []
    assert found("ateliers", lang="de") == []

    for task in queued:
        task()
    assert found("Schreibwerkstätten", lang="de") == []
    assert found("ateliers", lang="de") == [original.pk]  # its original, the German gone


@pytest.mark.django_db(transaction=False)
def test_a_practice_under_a_new_restriction_is_not_found_before_its_task_runs(
    practice_index, eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        practice = PracticePageFactory(title="Members only mentoring")
    assert found("mentoring") == [practice.pk]

    with django_capture_on_commit_callbacks():  # queued, not run
        PageViewRestriction.objects.create(
            page=practice.get_parent(), restriction_type=PageViewRestriction.LOGIN)
    assert found("mentoring") == []


@pytest.mark.django_db(transaction=False)
def test_reconcile_makes_the_table_match_the_live_practices(practice_index):
    """Practices published without their task (a lost task, a table created after them)
    are written, an edited one rewritten, one gone deleted; `search_index reconcile` does
    it with the index's repair."""
    missing = PracticePageFactory(title="Never written")
    edited = PracticePageFactory(title="Before the edit")
    gone = PracticePageFactory(title="Deleted since")
    search_table.reconcile()
    PracticeSearchEntry.objects.filter(translation_key=missing.translation_key).delete()
    edited.title = "After the edit"
    edited.save_revision().publish()
    gone.unpublish()

    assert search_table.reconcile() == (2, 1)
    assert search_table.table_fingerprints() == live_fingerprints()[0]
    assert rows_matching("after") == {str(edited.translation_key)}

    PracticeSearchEntry.objects.filter(translation_key=missing.translation_key).delete()
    call_command_output("search_index", "reconcile", "--no-progress")
    assert search_table.table_fingerprints() == live_fingerprints()[0]
    assert "search table: 0 rows written, 0 deleted" in call_command_output(
        "search_index", "reconcile", "--no-progress")  # fmt: skip


def call_command_output(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=False)
def test_the_fallback_finds_a_practice_by_a_word_of_its_body_and_of_a_translation(
    practice_index, eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        original = PracticePageFactory(
            title="Ateliers d'écriture", original_language="fr",
            body=[("paragraph", "<p>Des ateliers de calligraphie pour adultes.</p>")],
        )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        german = translate(original, "de", title="Schreibwerkstätten für Erwachsene")

    for words in ["calligraphie", "Schreibwerkstätten", "schreibwerkstatten", "Erwachsener"]:
        result = search_database(SearchParams(q=words, lang="de"))
        assert [hit["id"] for hit in result.hits] == [german.pk], words
    assert search_database(SearchParams(q="calligraphie", lang="en")).hits[0]["id"] == original.pk


@pytest.mark.django_db(transaction=False)
def test_the_fallback_ranks_titles_then_summaries_with_the_words_then_the_newest(
    practice_index, eager_tasks, django_capture_on_commit_callbacks
):
    def body(text):
        return [("paragraph", f"<p>{text}</p>")]

    with django_capture_on_commit_callbacks(execute=True):
        in_title = PracticePageFactory(title="Calligraphy for adults", summary="Letters.")
        older_in_body = PracticePageFactory(title="Writing club", summary="Stories.",
                                            body=body("Calligraphy on Fridays."))  # fmt: skip
        in_summary = PracticePageFactory(title="Art studio", summary="Calligraphy and paint.")
        newer_in_body = PracticePageFactory(title="Reading club", summary="Novels.",
                                            body=body("Calligraphy on Mondays."))  # fmt: skip

    result = search_database(SearchParams(q="calligraphy", lang="en"))
    assert [hit["id"] for hit in result.hits] == [
        in_title.pk, in_summary.pk, newer_in_body.pk, older_in_body.pk]

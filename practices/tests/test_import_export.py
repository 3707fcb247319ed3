"""import_practices and export_practices, run as a user runs them, against the real database."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from wagtail.models import Locale
from wagtail.rich_text import RichText

from practices.models import OrganisationPage, PracticePage
from practices.organisations import get_or_create_organisation
from translation import machine
from translation.translators import get_translator

pytestmark = pytest.mark.django_db


def practice(**overrides):
    """A complete, valid line of the import format."""
    return {
        "source_id": "P-1",
        "title": "Job coaching for young people",
        "summary": "Coaches follow young people from school into their first job.",
        "language": "fr",
        "organisation": "Inclusion Lyon",
        "body": "First paragraph.\n\nSecond paragraph,\non two lines.",
        "outcomes": "120 young people in work.",
        "resources": "Two coaches.",
        "lessons_learned": "Start early.",
        "transferability": "Needs local employers.",
        "themes": ["integration", "lifelong-learning"],
        "target_groups": ["young-people"],
        "pathway_stages": ["support", "training"],
        "funding_programmes": ["esf-plus"],
        "countries": ["BE", "FR"],
        "keywords": ["coaching", "mentoring"],
        "start_year": 2019,
        "end_year": 2023,
        "website": "https://example.org/coaching",
        "contact_name": "Ana Costa",
        "contact_email": "ana@example.org",
        "contact_is_public": True,
        **overrides,
    }


def write_file(tmp_path, lines, name="practices.jsonl"):
    """A file of JSON Lines; a line given as a string is written as it is."""
    path = tmp_path / name
    path.write_text(
        "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines),
        encoding="utf-8",
    )
    return str(path)


def run(command, *args):
    """What the user sees: (exit status, standard output, standard error)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        call_command(command, *args, stdout=stdout, stderr=stderr)
    except CommandError as error:
        stderr.write(str(error))
        return error.returncode, stdout.getvalue(), stderr.getvalue()
    return 0, stdout.getvalue(), stderr.getvalue()


def import_file(path, *options):
    return run("import_practices", path, "--no-progress", *options)


def export_lines(tmp_path, *options, name="export.jsonl"):
    path = tmp_path / name
    status, _, stderr = run("export_practices", str(path), *options)
    assert status == 0, stderr
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def latest(source_id):
    return PracticePage.objects.get(source_id=source_id).get_latest_revision_as_object()


def test_good_lines_import_and_each_bad_line_is_reported_with_its_number(tmp_path):
    path = write_file(tmp_path, [
        practice(source_id="good-1"),
        '{"source_id": "broken",',
        practice(source_id="no-title", title=None),
        practice(source_id="wrong-type", start_year="2020"),
        practice(source_id="bad-theme", themes=["integration", "foo"]),
        "",
        practice(source_id="backwards", start_year=2022, end_year=2020),
        practice(source_id="bad-email", contact_email="ana@"),
        practice(source_id="bad-url", website="not a url"),
        practice(source_id="too-long", summary="x" * 401),
        practice(source_id="extra-key", colour="blue"),
        practice(source_id="bad-country", countries=["FR", "XX"]),
        practice(source_id="bad-language", language="zz"),
        practice(source_id="bad-target-group", target_groups=["aliens"]),
        "[1, 2]",
        practice(source_id="good-2", organisation="Arbeit Berlin"),
    ])  # fmt: skip

    status, stdout, stderr = import_file(path)

    assert status == 1
    assert stdout.strip() == "created 2, updated 0, unchanged 0, rejected 13"
    reported = [line for line in stderr.splitlines() if line.startswith("line ")]
    assert [line.split(":")[0] for line in reported] == [
        f"line {number}" for number in [2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15]
    ]
    assert reported[0].startswith("line 2: invalid JSON")
    assert reported[1:] == [
        "line 3: missing required field 'title'",
        "line 4: 'start_year' must be a whole number, not text",
        "line 5: unknown theme 'foo'",
        "line 7: end_year 2020 is before start_year 2022",
        "line 8: 'contact_email' is not a valid email address: 'ana@'",
        "line 9: 'website' is not a valid web address: 'not a url'",
        "line 10: 'summary' is 401 characters long; the limit is 400",
        "line 11: unknown key 'colour'",
        "line 12: unknown country code 'XX'",
        "line 13: unknown language 'zz'",
        "line 14: unknown target group 'aliens'",
        "line 15: expected a JSON object, got a list",
    ]
    assert "13 line(s) rejected" in stderr
    assert sorted(PracticePage.objects.values_list("source_id", flat=True)) == ["good-1", "good-2"]


def test_imported_practices_are_drafts_with_every_field(tmp_path):
    status, stdout, _ = import_file(write_file(tmp_path, [practice()]))

    assert (status, stdout.strip()) == (0, "created 1, updated 0, unchanged 0, rejected 0")
    page = PracticePage.objects.get(source_id="P-1")
    assert not page.live
    assert page.get_parent().specific.title == "Inclusion Lyon"
    draft = page.get_latest_revision_as_object()
    assert draft.summary == practice()["summary"]
    assert draft.original_language == "fr"
    assert [block.value.source for block in draft.body] == [
        "<p>First paragraph.</p>",
        "<p>Second paragraph,<br/>on two lines.</p>",
    ]
    assert sorted(term.slug for term in draft.themes.all()) == ["integration", "lifelong-learning"]
    assert [term.slug for term in draft.funding_programmes.all()] == ["esf-plus"]
    assert sorted(keyword.name for keyword in draft.keywords.all()) == ["coaching", "mentoring"]
    assert [country.code for country in draft.countries] == ["BE", "FR"]
    assert (draft.start_year, draft.end_year, draft.contact_is_public) == (2019, 2023, True)


def test_dry_run_reports_but_writes_nothing(tmp_path):
    path = write_file(tmp_path, [practice(organisation="A New Organisation"), "{oops"])

    status, stdout, stderr = import_file(path, "--dry-run")

    assert status == 1
    assert stdout.strip() == (
        "created 1, updated 0, unchanged 0, rejected 1 (dry run: nothing was written)")
    assert "line 2: invalid JSON" in stderr
    assert not PracticePage.objects.exists()
    assert not OrganisationPage.objects.filter(title="A New Organisation").exists()


def test_publish_makes_practices_live(tmp_path):
    status, _, _ = import_file(write_file(tmp_path, [practice()]), "--publish")

    assert status == 0
    page = PracticePage.objects.get(source_id="P-1")
    assert page.live and not page.has_unpublished_changes
    assert page.summary == practice()["summary"]
    assert sorted(term.slug for term in page.pathway_stages.all()) == ["support", "training"]


def test_reimport_updates_the_practice_instead_of_duplicating_it(tmp_path):
    import_file(write_file(tmp_path, [practice()]), "--publish")

    status, stdout, _ = import_file(
        write_file(tmp_path, [practice(summary="A new summary.")], name="second.jsonl")
    )

    assert (status, stdout.strip()) == (0, "created 0, updated 1, unchanged 0, rejected 0")
    page = PracticePage.objects.get(source_id="P-1")
    assert page.summary == practice()["summary"], "a draft update leaves the live version alone"
    assert page.has_unpublished_changes
    assert latest("P-1").summary == "A new summary."

    third = write_file(tmp_path, [practice(summary="Published.")], name="third.jsonl")
    import_file(third, "--publish")
    assert PracticePage.objects.get(source_id="P-1").summary == "Published."
    assert PracticePage.objects.count() == 1


def test_reimport_with_another_organisation_moves_the_practice(tmp_path):
    import_file(write_file(tmp_path, [practice()]))
    # The practice is French: it lives, and moves, in the French tree.
    french = Locale.objects.get(language_code="fr")
    other = get_or_create_organisation("Arbeit Berlin").get_translation(french)
    other.add_child(instance=PracticePage(
        title="Same slug", slug="job-coaching-for-young-people", summary="A sibling."
    ))  # fmt: skip

    status, stdout, stderr = import_file(
        write_file(tmp_path, [practice(organisation="Arbeit Berlin")], name="moved.jsonl")
    )

    assert (status, stdout.strip()) == (0, "created 0, updated 1, unchanged 0, rejected 0"), stderr
    page = PracticePage.objects.get(source_id="P-1")
    assert page.get_parent().pk == other.pk
    assert page.slug == "job-coaching-for-young-people-2"


def test_a_french_line_is_created_live_in_the_french_tree(tmp_path):
    import_file(write_file(tmp_path, [practice()]), "--publish")

    page = PracticePage.objects.get(source_id="P-1")
    assert page.live and page.locale.language_code == "fr"
    assert page.get_parent().locale_id == page.locale_id
    assert page.url == "/fr/practices/inclusion-lyon/job-coaching-for-young-people/"
    assert Client().get(page.url).status_code == 200


def test_a_line_in_a_language_the_site_has_no_locale_for_goes_into_the_default_tree(tmp_path):
    import_file(write_file(tmp_path, [practice(language="pl")]), "--publish")

    page = PracticePage.objects.get(source_id="P-1")
    assert page.live and page.locale == Locale.get_default()
    assert page.url.startswith("/en/")


def test_reimporting_a_translated_practice_updates_its_original(
    tmp_path, django_capture_on_commit_callbacks
):
    import_file(write_file(tmp_path, [practice()]), "--publish")
    original = PracticePage.objects.get(source_id="P-1")
    with django_capture_on_commit_callbacks(execute=True):
        machine.translate_into(
            original, Locale.objects.get(language_code="en"), get_translator()
        )
    assert PracticePage.objects.filter(source_id="P-1").count() == 2  # the copy shares it

    second = write_file(tmp_path, [practice(summary="Un nouveau résumé.")], name="second.jsonl")
    status, stdout, _ = import_file(second)

    assert (status, stdout.strip()) == (0, "created 0, updated 1, unchanged 0, rejected 0")
    original.refresh_from_db()
    assert original.get_latest_revision_as_object().summary == "Un nouveau résumé."
    assert [line["language"] for line in export_lines(tmp_path)] == ["fr"]


def test_markup_is_kept_as_literal_text(tmp_path):
    line = practice(
        title="<b>Bold</b> claims",
        summary="Uses <em>markup</em> & ampersands.",
        body='<script>alert("x")</script>\n\nFish & chips',
    )
    import_file(write_file(tmp_path, [line]), "--publish")

    page = PracticePage.objects.get(source_id="P-1")
    assert page.title == "<b>Bold</b> claims"
    assert page.summary == "Uses <em>markup</em> & ampersands."
    assert [block.value.source for block in page.body] == [
        '<p>&lt;script&gt;alert("x")&lt;/script&gt;</p>',
        "<p>Fish &amp; chips</p>",
    ]
    [exported] = export_lines(tmp_path)
    assert exported["summary"] == line["summary"]
    assert exported["body"] == [
        {"type": "paragraph", "value": '<p>&lt;script&gt;alert("x")&lt;/script&gt;</p>'},
        {"type": "paragraph", "value": "<p>Fish &amp; chips</p>"},
    ]


def test_markup_in_a_rich_paragraph_is_cleaned_to_what_the_editor_writes(tmp_path):
    body = [{"type": "paragraph", "value":
             '<p onclick="x()">Hi <strong>there</strong> <script>alert(1)</script>'
             '<a href="javascript:alert(1)">bad</a> <a href="https://ok.example/">good</a>'
             '<img src="x" onerror="y"></p><h2>Not a heading</h2>'}]  # fmt: skip
    import_file(write_file(tmp_path, [practice(body=body)]))

    [block] = latest("P-1").body
    assert block.value.source == (
        '<p>Hi <b>there</b> alert(1)bad <a href="https://ok.example/">good</a></p>Not a heading')


def test_export_then_import_into_an_empty_database_loses_nothing(tmp_path):
    import_file(write_file(tmp_path, [
        practice(),
        practice(source_id="P-2", organisation="Arbeit Berlin", language="de", body="",
                 themes=[], keywords=[], countries=[], start_year=None, end_year=None,
                 website="", contact_email="", contact_is_public=False),
    ]))  # fmt: skip
    written_in_admin = PracticePage(
        title="Written in the admin",
        slug="written-in-the-admin",
        summary="No source identifier.",
        body=[
            ("heading", "How it works"),
            ("paragraph", RichText('<p>A <b>bold</b> <a href="https://x.org">link</a>.</p>'
                                   "<ul><li>one</li><li>two</li></ul>")),
        ],
    )  # fmt: skip
    get_or_create_organisation("Inclusion Lyon").add_child(instance=written_in_admin)
    written_in_admin.save_revision().publish()
    first_export = export_lines(tmp_path, name="first.jsonl")
    assert [line["body"] for line in first_export if line["title"] == "Written in the admin"] == [[
        {"type": "heading", "value": "How it works"},
        {"type": "paragraph", "value": '<p>A <b>bold</b> <a href="https://x.org">link</a>.</p>'
                                       "<ul><li>one</li><li>two</li></ul>"},
    ]]  # fmt: skip

    PracticePage.objects.all().delete()
    OrganisationPage.objects.all().delete()
    status, stdout, _ = import_file(str(tmp_path / "first.jsonl"))
    assert (status, stdout.strip()) == (0, "created 3, updated 0, unchanged 0, rejected 0")
    second_export = export_lines(tmp_path, name="second.jsonl")

    assert len(first_export) == 3
    assert second_export == first_export
    status, stdout, _ = import_file(str(tmp_path / "second.jsonl"))
    assert (status, stdout.strip()) == (0, "created 0, updated 0, unchanged 3, rejected 0")


def test_reexport_of_an_admin_practice_updates_it(tmp_path):
    page = PracticePage(title="Admin practice", slug="admin-practice", summary="Typed in.")
    get_or_create_organisation("Inclusion Lyon").add_child(instance=page)
    page.save_revision().publish()
    path = tmp_path / "export.jsonl"
    run("export_practices", str(path))

    status, stdout, _ = import_file(str(path))

    assert (status, stdout.strip()) == (0, "created 0, updated 0, unchanged 1, rejected 0")
    assert PracticePage.objects.count() == 1


def test_export_to_standard_output_and_live_only(tmp_path):
    import_file(write_file(tmp_path, [practice(source_id="live")]), "--publish")
    import_file(write_file(tmp_path, [practice(source_id="draft")], name="draft.jsonl"))

    status, stdout, stderr = run("export_practices", "-")
    assert status == 0
    assert [json.loads(line)["source_id"] for line in stdout.splitlines()] == ["live", "draft"]
    assert "exported 2 practice(s)" in stderr

    _, stdout, _ = run("export_practices", "-", "--live-only")
    assert [json.loads(line)["source_id"] for line in stdout.splitlines()] == ["live"]


def test_a_missing_file_is_a_clear_error(tmp_path):
    status, stdout, stderr = import_file(str(tmp_path / "nowhere.jsonl"))

    assert status == 1
    assert stdout == ""
    assert "cannot read" in stderr and "No such file or directory" in stderr

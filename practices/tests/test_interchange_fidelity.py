"""Import and export that lose nothing: a body of every kind of block, its images and
documents, into an empty site and back; a line equal to the practice changes nothing."""

import io
import json

import jsonschema_rs
import pytest
from django.core.files.base import ContentFile
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Revision
from wagtail.rich_text import RichText

from practices.models import OrganisationPage, PracticeAttachment, PracticePage
from practices.organisations import get_or_create_organisation

from .test_import_export import export_lines, import_file, practice, run, write_file

pytestmark = pytest.mark.django_db
Image = get_image_model()
Document = get_document_model()


def png_bytes(colour):
    stream = io.BytesIO()
    PillowImage.new("RGB", (6, 4), colour).save(stream, "PNG")
    return stream.getvalue()


def stored_image(title, colour):
    image = Image(title=title, description=f"{title}, described",
                  file=ContentFile(png_bytes(colour), name=f"{title}.png"))
    image._set_image_file_metadata()
    image.save()
    return image


def stored_document(title, text):
    document = Document(title=title, file=ContentFile(text.encode(), name=f"{title}.txt"))
    document._set_document_file_metadata()
    document.save()
    return document


def practice_written_in_the_admin():
    """A live practice with every kind of block, a hero image and an attachment."""
    organisation = get_or_create_organisation("Inclusion Lyon")
    photo, poster = stored_image("photo", "red"), stored_image("poster", "blue")
    guide, report = stored_document("guide", "How to start."), stored_document("report", "2024")
    page = PracticePage(
        title="Written in the admin", slug="written-in-the-admin", summary="Every block.",
        hero_image=poster,
        body=[
            ("heading", "How it works"),
            ("paragraph", RichText(
                '<p data-block-key="a1">A <b>bold</b>, <i>italic</i> '
                '<a href="https://x.org/?a=1&amp;b=2">link</a>, a '
                f'<a linktype="page" id="{organisation.pk}">page link</a> & more.</p>'
                '<ul><li data-block-key="b2">one</li><li data-block-key="c3">two</li></ul>'
                '<ol><li data-block-key="d4">first</li></ol>')),
            ("image", {"image": photo, "caption": "Our workshop"}),
            ("quote", "It changed my life."),
            ("document", guide),
            ("embed", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
        ],
    )  # fmt: skip
    page.attachments = [PracticeAttachment(document=report)]
    organisation.add_child(instance=page)
    page.save_revision().publish()
    return page


def empty_the_site():
    PracticePage.objects.all().delete()
    OrganisationPage.objects.all().delete()
    Image.objects.all().delete()
    Document.objects.all().delete()


def test_a_body_of_every_kind_round_trips_into_an_empty_site(tmp_path):
    written = practice_written_in_the_admin()
    organisation_url = written.get_parent().full_url
    [first] = export_lines(tmp_path, name="first.jsonl")
    assert [block["type"] for block in first["body"]] == [
        "heading", "paragraph", "image", "quote", "document", "embed"]
    assert first["body"][1]["value"] == (
        '<p data-block-key="a1">A <b>bold</b>, <i>italic</i> '
        '<a href="https://x.org/?a=1&amp;b=2">link</a>, a '
        f'<a href="{organisation_url}">page link</a> &amp; more.</p>'
        '<ul><li data-block-key="b2">one</li><li data-block-key="c3">two</li></ul>'
        '<ol><li data-block-key="d4">first</li></ol>')  # fmt: skip

    empty_the_site()
    status, stdout, stderr = import_file(str(tmp_path / "first.jsonl"), "--publish")
    assert (status, stdout.strip()) == (0, "created 1, updated 0, unchanged 0, rejected 0"), stderr

    page = PracticePage.objects.get(title="Written in the admin")
    blocks = list(page.body)
    assert [block.block_type for block in blocks] == [
        "heading", "paragraph", "image", "quote", "document", "embed"]
    assert blocks[0].value == "How it works"
    assert blocks[1].value.source == first["body"][1]["value"]
    assert blocks[2].value["caption"] == "Our workshop"
    assert blocks[2].value["image"].file.read() == png_bytes("red")
    assert blocks[2].value["image"].description == "photo, described"
    assert str(blocks[3].value) == "It changed my life."
    assert blocks[4].value.title == "guide" and blocks[4].value.file.read() == b"How to start."
    assert blocks[5].value.url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert page.hero_image.file.read() == png_bytes("blue")
    assert [item.document.file.read() for item in page.attachments.all()] == [b"2024"]
    assert Image.objects.count() == 2 and Document.objects.count() == 2

    [second] = export_lines(tmp_path, name="second.jsonl")
    assert without_file_names(second) == without_file_names(first)


def without_file_names(line):
    """The line with every file's name left out: storage renames a file whose name it holds."""
    text = json.dumps(line)
    value = json.loads(text)

    def strip(node):
        if isinstance(node, dict):
            node.pop("filename", None)
            for child in node.values():
                strip(child)
        elif isinstance(node, list):
            for child in node:
                strip(child)

    strip(value)
    return value


def test_reimporting_an_unchanged_line_makes_no_revision_and_queues_nothing(
    tmp_path, django_capture_on_commit_callbacks
):
    practice_written_in_the_admin()
    import_file(write_file(tmp_path, [practice()]), "--publish")
    export = tmp_path / "export.jsonl"
    run("export_practices", str(export))
    revisions = Revision.objects.count()

    with django_capture_on_commit_callbacks() as callbacks:
        status, stdout, _ = import_file(str(export), "--publish")

    assert (status, stdout.strip()) == (0, "created 0, updated 0, unchanged 2, rejected 0")
    assert Revision.objects.count() == revisions
    assert callbacks == [], "no index or translation job for an unchanged practice"
    assert Image.objects.count() == 2 and Document.objects.count() == 2


def test_a_line_given_in_another_order_is_still_unchanged(tmp_path):
    import_file(write_file(tmp_path, [practice()]), "--publish")
    revisions = Revision.objects.count()
    reordered = practice(themes=["lifelong-learning", "integration"], countries=["fr", "BE"],
                         keywords=["mentoring", "coaching", "coaching"])

    status, stdout, _ = import_file(write_file(tmp_path, [reordered], name="again.jsonl"))

    assert (status, stdout.strip()) == (0, "created 0, updated 0, unchanged 1, rejected 0")
    assert Revision.objects.count() == revisions


def test_a_changed_line_makes_one_revision_and_queues_its_jobs(
    tmp_path, django_capture_on_commit_callbacks
):
    import_file(write_file(tmp_path, [practice()]), "--publish")
    revisions = Revision.objects.count()

    with django_capture_on_commit_callbacks() as callbacks:
        status, stdout, _ = import_file(
            write_file(tmp_path, [practice(outcomes="130 in work.")], name="b.jsonl"), "--publish")

    assert (status, stdout.strip()) == (0, "created 0, updated 1, unchanged 0, rejected 0")
    assert Revision.objects.count() == revisions + 1
    assert callbacks, "publishing the change queues its index and translation jobs"
    assert PracticePage.objects.get(source_id="P-1").outcomes == "130 in work."


def test_an_unchanged_draft_imported_with_publish_is_published_without_a_new_revision(tmp_path):
    path = write_file(tmp_path, [practice()])
    import_file(path)
    revisions = Revision.objects.count()

    status, stdout, _ = import_file(path, "--publish")

    assert (status, stdout.strip()) == (0, "created 0, updated 1, unchanged 0, rejected 0")
    assert Revision.objects.count() == revisions
    assert PracticePage.objects.get(source_id="P-1").live


def test_a_file_without_readable_content_is_a_rejected_line(tmp_path):
    body = [{"type": "document", "value": {"title": "t", "filename": "t.txt", "content": "%%"}}]

    status, _, stderr = import_file(write_file(tmp_path, [practice(body=body)]))

    assert status == 1
    assert "line 1: the content of 't.txt' is not base64" in stderr
    assert not PracticePage.objects.exists()


def test_practice_schema_describes_the_lines_the_export_writes(tmp_path):
    practice_written_in_the_admin()
    import_file(write_file(tmp_path, [practice()]))
    status, stdout, _ = run("practice_schema")
    schema = json.loads(stdout)

    assert status == 0
    assert schema["properties"]["themes"]["items"]["enum"][:2] == ["disability",
                                                                 "equal-opportunities"]
    validator = jsonschema_rs.validator_for(schema)
    lines = export_lines(tmp_path)
    assert len(lines) == 2
    for line in lines:
        assert validator.is_valid(line), list(validator.iter_errors(line))[:3]
    assert not validator.is_valid({**lines[0], "themes": ["not-a-theme"]})
    assert validator.is_valid({**lines[0], "body": "Plain text is a body too."})

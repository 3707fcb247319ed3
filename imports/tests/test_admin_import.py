"""Importing practices in the admin: the dry run lists what each line would do and writes
nothing; the confirmed import runs on a real Celery worker, as `import_practices` would."""

import json
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.models import Revision

from imports.models import ImportRun
from imports.tasks import check_import
from practices.factories import PartnerUserFactory, SecretariatUserFactory
from practices.interchange.importer import import_lines
from practices.models import OrganisationPage, PracticePage

DEADLINE_SECONDS = 120


def record(source_id, title, **fields):
    return {"source_id": source_id, "title": title, "language": "en",
            "summary": "Coaches follow young people into their first job.",
            "organisation": "Inclusion Lyon", "themes": ["integration"], **fields}


def jsonl(*lines):
    return "".join((line if isinstance(line, str) else json.dumps(line)) + "\n"
                   for line in lines).encode()


def existing_practices():
    """Two practices imported as the command does: one to update, one left as it is."""
    import_lines(enumerate([json.dumps(record("P-1", "Job coaching")).encode(),
                            json.dumps(record("P-2", "Night school")).encode()], start=1))


def the_file():
    return jsonl(
        record("P-1", "Job coaching for young people"),  # line 1: an update
        record("P-2", "Night school"),                    # line 2: unchanged
        "",                                               # line 3: blank, skipped
        record("P-3", "Repair cafe", organisation="Atelier Neuf"),  # line 4: created
        record("P-4", "Bad theme", themes=["no-such-theme"]),      # line 5: rejected
        "{not json",                                      # line 6: rejected
    )


def upload(client, content, **fields):
    return client.post("/admin/practice-imports/", {
        "file": SimpleUploadedFile("practices.jsonl", content), **fields})


def editor_client():
    client = Client()
    client.force_login(SecretariatUserFactory())
    return client


def snapshot():
    return (sorted(PracticePage.objects.values_list("draft_title", "live")),
            Revision.objects.count(), OrganisationPage.objects.count())


@pytest.mark.django_db
def test_the_dry_run_lists_each_lines_outcome_and_changes_nothing(
    django_capture_on_commit_callbacks,
):
    existing_practices()
    before = snapshot()
    client = editor_client()
    with django_capture_on_commit_callbacks() as callbacks:
        response = upload(client, the_file())
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert len(callbacks) == 1 and run.status == ImportRun.Status.CHECKING
    check_import(run.pk)  # the job the upload queued, run here
    run.refresh_from_db()
    assert run.status == ImportRun.Status.CHECKED
    assert [(row["line"], row["outcome"]) for row in run.dry_run] == [
        (1, "updated"), (2, "unchanged"), (4, "created"), (5, "rejected"), (6, "rejected")]
    reasons = {row["line"]: row["reason"] for row in run.dry_run}
    assert "no-such-theme" in reasons[5] and "invalid JSON" in reasons[6]
    assert snapshot() == before

    html = client.get(response["Location"]).content.decode()
    assert "to create 1, to update 1, unchanged 1, rejected 2" in html
    assert "Confirm the import" in html
    assert '<tr data-line="5" data-outcome="rejected">' in html


@pytest.mark.django_db
def test_bad_uploads_are_refused_with_a_reason():
    client = editor_client()
    response = client.post("/admin/practice-imports/", {
        "file": SimpleUploadedFile("practices.pdf", b"%PDF-1.4")})
    assert response.status_code == 400
    assert "Upload a JSON Lines file (.jsonl)." in response.content.decode()
    assert upload(client, b"").status_code == 400
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
def test_partners_cannot_import():
    partner = Client()
    partner.force_login(PartnerUserFactory())
    response = upload(partner, jsonl(record("P-9", "Sneaky")))
    assert response.status_code in (302, 403)
    assert not ImportRun.objects.exists()
    assert "practice-imports" not in partner.get("/admin/").content.decode()


def wait_for_status(run, status):
    deadline = time.monotonic() + DEADLINE_SECONDS
    while True:
        run.refresh_from_db()
        if run.status == status:
            return run
        if time.monotonic() > deadline or run.status == ImportRun.Status.FAILED:
            raise AssertionError(f"the import is {run.status}, not {status}: {run.error}")
        time.sleep(0.3)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_upload_check_confirm_import_through_a_real_worker(celery_worker):
    existing_practices()
    before = snapshot()
    client = editor_client()
    response = upload(client, the_file())
    run = wait_for_status(ImportRun.objects.get(), ImportRun.Status.CHECKED)
    assert snapshot() == before

    assert client.post(f"/admin/practice-imports/{run.pk}/confirm/").status_code == 302
    run = wait_for_status(run, ImportRun.Status.DONE)
    assert run.result_counts == {"created": 1, "updated": 1, "unchanged": 1, "rejected": 2}
    titles = set(PracticePage.objects.values_list("draft_title", flat=True))
    assert {"Job coaching for young people", "Night school", "Repair cafe"} <= titles
    assert "Bad theme" not in titles
    repair_cafe = PracticePage.objects.get(title="Repair cafe")
    assert repair_cafe.get_parent().title == "Atelier Neuf" and not repair_cafe.live

    page = client.get(response["Location"]).content.decode()
    assert "created 1, updated 1, unchanged 1, rejected 2" in page
    history = client.get("/admin/practice-imports/").content.decode()
    assert "practices.jsonl" in history and "created 1, updated 1" in history
    # A second confirmation does not import again.
    client.post(f"/admin/practice-imports/{run.pk}/confirm/")
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE

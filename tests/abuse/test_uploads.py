"""What a partner may upload through the admin: allowed types only, size-limited, true to type."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from practices.factories import OrganisationPageFactory, PartnerUserFactory
from practices.permissions import organisation_collection

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
MEGABYTE = 1024 * 1024


@pytest.fixture
def partner(client):
    organisation = OrganisationPageFactory(title="Upload org")
    client.force_login(PartnerUserFactory(organisation=organisation))
    client.collection = organisation_collection(organisation)
    return client


def upload_document(client, name, content):
    return client.post("/admin/documents/add/", {
        "title": name, "collection": client.collection.pk,
        "file": SimpleUploadedFile(name, content),
    })


def png(size=(8, 8)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "red").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("name, content", [
    ("page.html", b"<html><script>alert(1)</script></html>"),
    ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    ("setup.exe", b"MZ\x90\x00" + b"\x00" * 100),
])
def test_forbidden_document_types_are_refused_with_a_message(partner, name, content):
    response = upload_document(partner, name, content)
    assert response.status_code == 200
    assert "File extension “" in response.content.decode()
    assert "is not allowed" in response.content.decode()
    assert not Document.objects.exists()


def test_a_document_over_ten_megabytes_is_refused(partner):
    response = upload_document(partner, "big.pdf", PDF + b"0" * (11 * MEGABYTE))
    assert response.status_code == 200
    assert "This file is too big" in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.parametrize("name, content", [
    ("renamed.pdf", b"<html><script>alert(1)</script></html>"),
    ("renamed.docx", b"%PDF-1.4 not a zip"),
    ("page.txt", b"<!DOCTYPE html><script>alert(1)</script>"),
    ("binary.csv", b"MZ\x00\x00\x90"),
])
def test_a_file_whose_content_belies_its_extension_is_refused(partner, name, content):
    response = upload_document(partner, name, content)
    assert response.status_code == 200
    assert "its content does not match its extension" in response.content.decode()
    assert not Document.objects.exists()


def test_the_multiple_uploader_applies_the_same_rules(partner):
    response = partner.post("/admin/documents/multiple/add/", {
        "collection": partner.collection.pk,
        "files[]": SimpleUploadedFile("renamed.pdf", b"<html></html>"),
    })
    assert response.json()["success"] is False
    assert "does not match its extension" in response.json()["error_message"]
    assert not Document.objects.exists()


@pytest.mark.parametrize("name, content", [
    ("report.pdf", PDF), ("notes.txt", b"Plain notes.\n"), ("figures.csv", b"year,people\n"),
])
def test_a_small_genuine_document_is_accepted(partner, name, content):
    response = upload_document(partner, name, content)
    assert response.status_code == 302
    assert Document.objects.get().file.name.endswith(name.rsplit(".", 1)[1])


def test_images_are_checked_by_type_and_size(partner):
    def upload(name, content):
        return partner.post("/admin/images/add/", {
            "title": name, "collection": partner.collection.pk,
            "file": SimpleUploadedFile(name, content),
        })

    assert upload("logo.svg", b'<svg onload="alert(1)"/>').status_code == 200
    assert upload("fake.png", b"<html>not an image</html>").status_code == 200
    too_big = upload("big.png", png() + b"\x00" * (11 * MEGABYTE))
    assert "This file is too big" in too_big.content.decode()
    assert not Image.objects.exists()
    assert upload("logo.png", png()).status_code == 302
    assert Image.objects.count() == 1

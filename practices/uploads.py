"""What partners may upload as documents: the allowed types, and files that are what they claim.

Wagtail already refuses a document whose extension is not in `WAGTAILDOCS_EXTENSIONS` and
one larger than `WAGTAILDOCS_MAX_UPLOAD_SIZE` (images: Willow reads the file, so its format
is checked by content, and `WAGTAILIMAGES_MAX_UPLOAD_SIZE`). An extension is only a name,
though: this form, installed as `WAGTAILDOCS_DOCUMENT_FORM_BASE`, also reads the first bytes
of the file and refuses one whose content does not match its extension (an HTML page renamed
`report.pdf`, say), for the single and the multiple upload views alike.
"""

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

ZIP_SIGNATURE = b"PK\x03\x04"
# Formats recognised by their first bytes; "text" formats by holding no binary data.
SIGNATURES = {
    "pdf": b"%PDF-",
    "rtf": b"{\\rtf",
    "docx": ZIP_SIGNATURE,
    "xlsx": ZIP_SIGNATURE,
    "pptx": ZIP_SIGNATURE,
    "odt": ZIP_SIGNATURE,
}
TEXT_EXTENSIONS = {"csv", "txt"}
HTML_STARTS = (b"<!doctype", b"<html")
SNIFF_BYTES = 8192


def file_extension(name):
    return PurePath(name).suffix.lower().lstrip(".")


def read_head(uploaded_file):
    uploaded_file.seek(0)
    head = uploaded_file.read(SNIFF_BYTES)
    uploaded_file.seek(0)
    return head


def content_matches_extension(uploaded_file):
    """Whether the file's first bytes are those of the format its extension names.

    Extensions this module does not know are left to Wagtail's extension rule.
    """
    extension = file_extension(uploaded_file.name)
    if extension in SIGNATURES:
        return read_head(uploaded_file).startswith(SIGNATURES[extension])
    if extension in TEXT_EXTENSIONS:
        head = read_head(uploaded_file)
        return b"\x00" not in head and not head.lstrip().lower().startswith(HTML_STARTS)
    return True


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form, refusing files whose content belies their extension."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data and not content_matches_extension(uploaded):
            raise ValidationError(
                _("This file is not a valid .%(extension)s file: its content does not match "
                  "its extension."),
                code="file_content_mismatch",
                params={"extension": file_extension(uploaded.name)},
            )
        return uploaded
